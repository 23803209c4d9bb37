import type { RunFilterSpec, RunSortSpec } from '../src/core/runQuery';
import type { MetricPoint, RunStatus } from '../src/core/types';
import type { Store } from '../src/store/store';

export const TEN_THOUSAND = 10_000;
const BASE_TIME = 1_700_000_000_000;
const RUNS_PER_WRITE = 1_000;
const LEARNING_RATES = ['0.0003', '0.001', '0.003', '0.01', '0.03', '0.1'];
/** As text, '128' sorts before '16': a numeric-aware sort must not. */
const BATCH_SIZES = ['16', '32', '64', '128', '256'];
const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'];

/** Best loss first: how a sweep's runs are sorted to find the best ones. */
export const SWEEP_SORT: RunSortSpec = { field: { kind: 'metric', key: 'loss' }, descending: false };

/**
 * Param filters of the generated runs, next to SWEEP_SORT: batch_size takes its values in turn
 * whatever the loss, so a fifth of the runs match all along the sort; optimizer goes with lr, which
 * sets the loss, so no 'adam' run has any of the lowest third of the losses (a listing walking the
 * sort must pass those runs before its first match).
 */
export const SWEEP_FILTERS: Record<'uncorrelated' | 'correlated', RunFilterSpec> = {
  uncorrelated: { statuses: null, param: { key: 'batch_size', value: '64' }, metric: null, text: null, showDeleted: false },
  correlated: { statuses: null, param: { key: 'optimizer', value: 'adam' }, metric: null, text: null, showDeleted: false },
};

/** The values of run `i` the generator writes, so benchmarks and tests can say what to expect. */
export function tenThousandRunsShape(i: number): {
  id: string;
  status: RunStatus;
  startTime: number;
  params: Record<string, string>;
  /** Each metric's points in step order; the last is its last value. val_loss is missing from every 7th run. */
  metrics: Record<string, number[]>;
} {
  const lr = LEARNING_RATES[i % LEARNING_RATES.length]!;
  const noise = fraction(i);
  const loss = [0, 1, 2].map((step) => 1 / (1 + step + Number(lr) * 100) + noise / 10);
  const metrics: Record<string, number[]> = { loss, accuracy: loss.map((l) => 1 - l / 2) };
  if (i % 7 !== 0) metrics.val_loss = loss.map((l) => l + fraction(i + 1) / 20);
  return {
    id: `run-${String(i).padStart(5, '0')}`,
    status: i % 97 === 0 ? 'running' : i % 50 === 0 ? 'failed' : 'finished',
    startTime: BASE_TIME + i * 60_000,
    params: { lr, batch_size: BATCH_SIZES[i % BATCH_SIZES.length]!, optimizer: OPTIMIZERS[i % OPTIMIZERS.length]!, seed: String(i) },
    metrics,
  };
}

/**
 * How the runs are named: `apart` ("trial 0", "trial 1"…), or `alike` ("trial" every one, as many
 * sweeps name them, so views must tell them apart by their params; their ids get an `alike-`
 * prefix so both kinds fit one store, and the experiment is named "<count> runs named alike").
 */
export type RunNames = 'apart' | 'alike';

/**
 * Writes `count` runs (any number: 10,000 by default, a million for the tree's scale bench) with
 * params and a few short metrics into the experiment `experimentId` (made if missing) through the
 * store's own write API, a thousand runs per transaction.
 */
export function writeTenThousandRuns(store: Store, experimentId: string, count = TEN_THOUSAND, names: RunNames = 'apart'): void {
  const experimentName = names === 'alike' ? `${count} runs named alike` : `${count} runs`;
  store.write(() => store.experiments.upsert({ id: experimentId, name: experimentName, origin: { source: 'demo', id: experimentId, path: null } }));
  for (let first = 0; first < count; first += RUNS_PER_WRITE) {
    store.write(() => {
      for (let i = first; i < Math.min(count, first + RUNS_PER_WRITE); i++) writeRun(store, experimentId, i, names);
    });
  }
}

function writeRun(store: Store, experimentId: string, i: number, names: RunNames): void {
  const base = tenThousandRunsShape(i);
  const shape = names === 'alike' ? { ...base, id: `alike-${base.id}` } : base;
  store.runs.upsert({
    id: shape.id,
    experimentId,
    name: names === 'alike' ? 'trial' : `trial ${i}`,
    status: shape.status,
    deleted: false,
    startTime: shape.startTime,
    endTime: shape.status === 'running' ? null : shape.startTime + 30_000,
    git: { commit: (i % 16).toString(16).repeat(40), branch: 'main', dirty: false },
    command: null,
    parentRunId: null,
    origin: { source: 'demo', id: shape.id, path: null },
  });
  store.runs.setParams(shape.id, shape.params);
  const points: MetricPoint[] = Object.entries(shape.metrics).flatMap(([key, values]) =>
    values.map((value, step) => ({ key, step, timestamp: shape.startTime + step * 1_000, value })),
  );
  store.metrics.append(shape.id, points);
}

/** A deterministic number in [0, 1) per i. */
function fraction(i: number): number {
  const x = Math.sin(i * 12.9898) * 43_758.5453;
  return x - Math.floor(x);
}
