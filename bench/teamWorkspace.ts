// The team benches' data: a workspace whose local store holds `runs` runs × `metrics` metrics ×
// `steps` steps, written the way an import writes them (one transaction per run).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MetricPoint } from '../src/core/types';
import { Store } from '../src/store/store';

export interface TeamBenchShape {
  runs: number;
  metrics: number;
  steps: number;
}

/** One more run with one long series, for zooms into windows of 10,000 points. */
export const LONG_RUN = { id: 'bench-long', key: 'loss', points: 200_000 } as const;

export const pointsOf = (shape: TeamBenchShape): number => shape.runs * shape.metrics * shape.steps;

/** Every point of the bench workspace: the shape's and the long run's. */
export const workspacePoints = (shape: TeamBenchShape): number => pointsOf(shape) + LONG_RUN.points;

export const benchRunId = (run: number): string => `bench${String(run).padStart(6, '0')}`;

export const benchMetricKey = (metric: number): string => `metric_${metric}`;

/** The value of one point: deterministic, varied, so min/max and pyramids have work to do. */
export function benchValue(run: number, metric: number, step: number): number {
  return Math.sin(step / 37 + metric) * (1 + run / 1000) + ((step * 7919 + run) % 101) / 1000;
}

export const benchTimestamp = (step: number): number => 1_767_225_600_000 + step * 1000;

function runPoints(run: number, shape: TeamBenchShape): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let step = 0; step < shape.steps; step++) {
    for (let metric = 0; metric < shape.metrics; metric++) points.push({ key: benchMetricKey(metric), step, timestamp: benchTimestamp(step), value: benchValue(run, metric, step) });
  }
  return points;
}

/** A workspace folder (removed by the caller) whose store holds the shape's runs in experiment `experiment`. */
export function makeBenchWorkspace(shape: TeamBenchShape, experiment = 'bench'): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-team-'));
  const store = Store.open(workspace);
  try {
    const experimentId = store.write(() => store.experiments.upsert({ name: experiment, origin: { source: 'native', id: null, path: null } }));
    for (let run = 0; run < shape.runs; run++) {
      store.write(() => {
        store.runs.upsert({
          id: benchRunId(run), experimentId, name: `run ${run}`, status: 'finished', deleted: false, startTime: benchTimestamp(0), endTime: benchTimestamp(shape.steps),
          git: null, command: null, parentRunId: null, origin: { source: 'native', id: null, path: null },
        });
        store.metrics.append(benchRunId(run), runPoints(run, shape));
      });
    }
    store.write(() => {
      store.runs.upsert({
        id: LONG_RUN.id, experimentId, name: 'long run', status: 'finished', deleted: false, startTime: benchTimestamp(0), endTime: benchTimestamp(LONG_RUN.points),
        git: null, command: null, parentRunId: null, origin: { source: 'native', id: null, path: null },
      });
      const points = Array.from({ length: LONG_RUN.points }, (_, step) => ({ key: LONG_RUN.key, step, timestamp: benchTimestamp(step), value: benchValue(shape.runs, 0, step) }));
      store.metrics.append(LONG_RUN.id, points);
    });
  } finally {
    store.close();
  }
  return workspace;
}
