import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_RUN_QUERY, type RunQuery } from '../src/core/runQuery';
import { Store } from '../src/store/store';
import { median, type BenchResult } from './report';
import { TEN_THOUSAND, writeTenThousandRuns } from '../testkit/tenThousandRuns';

const PAGE = 200;
const REPEATS = 25;
const EXPERIMENT = 'bench-10k';
const GOAL_MS = 10;

const CASES: { name: string; label: string; query: RunQuery }[] = [
  { name: 'store.list_runs_10k', label: 'sorted by start time (newest first)', query: DEFAULT_RUN_QUERY },
  { name: 'store.list_runs_10k_by_metric', label: "sorted by a metric's last value (val_loss, ascending; 1 run in 7 lacks it)", query: { ...DEFAULT_RUN_QUERY, sort: { field: { kind: 'metric', key: 'val_loss' }, descending: false } } },
  { name: 'store.list_runs_10k_by_param', label: 'sorted by a numeric param (batch_size, descending; 5 values, so ties of 2,000 runs)', query: { ...DEFAULT_RUN_QUERY, sort: { field: { kind: 'param', key: 'batch_size' }, descending: true } } },
  {
    name: 'store.list_runs_10k_metric_filter',
    label: 'filtered by a metric threshold (accuracy >= 0.9, 22% of runs), newest first',
    query: { ...DEFAULT_RUN_QUERY, filter: { ...DEFAULT_RUN_QUERY.filter, metric: { key: 'accuracy', op: '>=', value: 0.9 } } },
  },
];

function timeMs(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/**
 * A page of 200 of 10,000 runs (with params and three metrics each, two pinned), as the sidebar
 * asks for it: with the total and each run's key metric. Baseline: the raw indexed SELECT of 200 runs.
 */
export function benchListRuns(): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-list-runs-'));
  const store = Store.open(dir);
  try {
    const writeMs = timeMs(() => writeTenThousandRuns(store, EXPERIMENT));
    store.runAnnotations.setPinned(['run-00042', 'run-07777'], true, null);
    const keyMetric = store.runList.defaultKeyMetric(EXPERIMENT);
    const raw = store.db.prepare(`SELECT * FROM runs WHERE experiment_id = ? ORDER BY start_time DESC LIMIT ${PAGE}`);
    raw.all(EXPERIMENT);
    const rawMs = median(Array.from({ length: REPEATS }, () => timeMs(() => raw.all(EXPERIMENT))));
    return CASES.map(({ name, label, query }) => {
      const list = () => store.runList.listRuns(EXPERIMENT, query, { offset: 0, limit: PAGE, keyMetric });
      const { total } = list(); // prepares the statements, as the second expand of a view finds them
      const ms = median(Array.from({ length: REPEATS }, () => timeMs(list)));
      const note =
        `a page of ${PAGE} of ${TEN_THOUSAND.toLocaleString('en-US')} runs ${label}: ${total.toLocaleString('en-US')} match, pinned first, with total and key metric; ` +
        `median of ${REPEATS}; goal under ${GOAL_MS} ms; baseline: raw SELECT * … ORDER BY start_time DESC LIMIT ${PAGE}` +
        (name === 'store.list_runs_10k' ? `; writing the runs took ${(writeMs / 1000).toFixed(1)} s` : '');
      return { name, value: ms, unit: 'ms', baseline: rawMs, ratio: ms / rawMs, note };
    });
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
