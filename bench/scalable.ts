import type { BenchResult } from './report';

/**
 * A benchmark run at several volumes to show how its cost grows (`npm run bench -- scale`).
 * Scale 10 is the volume a goal names (tree.expand_100k: 100,000 runs); 1 is a tenth of it,
 * 100 ten times it.
 */
export interface ScalableBench {
  /** The word that picks it: `npm run bench -- scale tree`. */
  word: string;
  /** The scales it runs at, among 1, 10 and 100. */
  scales: readonly number[];
  /** A scale it does not run at, and why (memory, time, disk). */
  skipped: readonly { scale: number; reason: string }[];
  /** Results named as at the goal (tree.expand_100k) at every scale; value and baseline measured at `scale`. */
  run(scale: number): Promise<BenchResult[]>;
}
