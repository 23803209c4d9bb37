import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/store/store';
import { writeTenThousandRuns } from '../testkit/tenThousandRuns';
import { median, type BenchResult } from './report';
import type { ScalableBench } from './scalable';
import type { ActivationFigures } from './vscode/activation';
import { runExtensionBench } from './extensionBench';

/** Scale 10 is the 100,000-run workspace. */
const RUNS_PER_SCALE = 10_000;
/**
 * code-server starts per workspace: one activation is one sample, and single samples swing
 * several-fold while activate() itself takes about the same CPU each time (the extension host
 * thread waits for a CPU, and built-in extensions activated in the same turn run between VS
 * Code's two marks), so the median is the figure and the min-max goes in the note.
 */
const SAMPLES = 5;
const MB = 1e6;

/**
 * activation.time_100k, activation.heap_100k and activation.rss_100k, in a real VS Code
 * (code-server): a workspace whose store holds one experiment of 10,000 (×1), 100,000 (×10) or
 * 1,000,000 (×100) runs is opened {@link SAMPLES} times; bench/vscode/activation.ts reads VS Code's
 * activation marks, shows the Experiments view and reads the extension host's memory. Baseline,
 * from the same run: the same in an empty workspace (measured once, shared by the scales of a run).
 */
export const activationScale: ScalableBench = {
  word: 'activation',
  scales: [1, 10, 100],
  skipped: [],
  run: async (scale) => {
    const runs = RUNS_PER_SCALE * scale;
    const empty = emptyWorkspaceSamples();
    const samples = measureWorkspace(runs);
    const runsText = `${runs.toLocaleString('en-US')}-run`;
    const rows = samples[0]!.rows.join('; ');
    const shown = `the Experiments view showing "${rows}" (${spread(samples.map((f) => f.viewShownMs))} ms from asking for it)`;
    const gc = samples.every((f) => f.gcExposed) ? 'after gc' : 'without gc';
    const sampled = `median of ${samples.length} code-server starts (min-max)`;
    const activation = (figures: readonly ActivationFigures[]) =>
      `${spread(figures.map(activationMs))} ms: loading dist/extension.js ${spread(figures.map((f) => f.codeLoadingMs))} ms + the activate() call ${spread(figures.map((f) => f.activateCallMs))} ms`;
    const memoryResult = (name: string, what: string, read: (f: ActivationFigures) => number): BenchResult =>
      relative(name, runs, 'MB', samples.map((f) => read(f) / MB), empty.map((f) => read(f) / MB), (value, baseline) =>
        `extension host ${what} (${gc}) with a ${runsText} workspace open, the extension active and ${shown}: ${value} MB vs the same in an empty workspace ${baseline} MB; ${sampled}`);
    return [
      relative('activation.time_100k', runs, 'ms', samples.map(activationMs), empty.map(activationMs), () =>
        `activation in code-server's extension host with a ${runsText} workspace, from VS Code's own marks (Show Running Extensions): ${activation(samples)} (goal < 50 ms) vs the same in an empty workspace ${activation(empty)}; ${sampled}`),
      memoryResult('activation.heap_100k', 'heap used', (f) => f.memory.heapUsed),
      memoryResult('activation.rss_100k', 'RSS', (f) => f.memory.rss),
    ];
  },
};

/** One result whose value and baseline are the medians of their samples; `note` gets both spreads. */
function relative(name: string, volume: number, unit: string, values: number[], baselines: number[], note: (value: string, baseline: string) => string): BenchResult {
  const value = median(values);
  const baseline = median(baselines);
  return { name, volume, value, unit, baseline, ratio: value / baseline, note: note(spread(values), spread(baselines)) };
}

/** "12 (9-40)": the median and the range of the samples. */
function spread(values: readonly number[]): string {
  const round = (v: number) => String(Math.round(v));
  return `${round(median([...values]))} (${round(Math.min(...values))}-${round(Math.max(...values))})`;
}

function activationMs(f: ActivationFigures): number {
  return f.codeLoadingMs + f.activateCallMs;
}

let emptySamples: ActivationFigures[] | undefined;

/** Measured once per process: the baseline of every scale of a run. */
function emptyWorkspaceSamples(): ActivationFigures[] {
  emptySamples ??= inTempDir('ml-bench-activation-empty-', (dir) => inEditor(dir));
  return emptySamples;
}

/** The store is written once; every sample opens the same workspace. */
function measureWorkspace(runs: number): ActivationFigures[] {
  return inTempDir('ml-bench-activation-', (dir) => {
    const store = Store.open(dir);
    try {
      writeTenThousandRuns(store, 'bench', runs);
    } finally {
      store.close();
    }
    return inEditor(dir);
  });
}

function inEditor(workspace: string): ActivationFigures[] {
  return Array.from({ length: SAMPLES }, () => runExtensionBench<ActivationFigures>('activation', workspace));
}

function inTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
