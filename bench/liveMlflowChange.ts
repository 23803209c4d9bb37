import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticSink } from '../src/ingest/diagnostics';
import { LIVE_DEBOUNCE_MS } from '../src/ingest/live';
import { importMlflowStore } from '../src/ingest/mlflow/importMlflowStore';
import { runFolderOf } from '../src/ingest/mlflow/layout';
import { Store } from '../src/store/store';
import { BASE_TIME, generateMlflowStore } from '../testkit/mlflowStoreGenerator';
import { median, type BenchResult } from './report';

const RUNS = 5000;
const CHANGES = 20;
const INTERVAL_MS = 400;

/**
 * live.mlflow_change_5k: in an imported MLflow store of 5,000 runs, one run's metric file gets a
 * new line; measured from the write to its point being queryable in the store, through the path
 * of the extension's live import: a file-system notification, the live debounce, then an import
 * of the changed run folder alone. Baseline, in the same run: the bare notification.
 */
export async function benchLiveMlflowChange(): Promise<BenchResult> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-live-mlflow-'));
  const store = Store.open(workspace);
  try {
    const storeDir = generateMlflowStore(workspace, { runs: RUNS, metrics: 3, steps: 1 });
    const ctx = { store, workspace, diagnostics: new DiagnosticSink() };
    importMlflowStore(ctx, storeDir);
    const experiment = path.join(storeDir, '1');
    const runId = fs.readdirSync(experiment).filter((name) => name !== 'meta.yaml').sort()[RUNS >> 1]!;
    const file = path.join(experiment, runId, 'metrics', 'metric_0');
    const lastStep = store.db.prepare<[string], { step: number }>("SELECT last_step AS step FROM metric_series WHERE run_id = ? AND key = 'metric_0'");

    const written = new Map<number, number>();
    const notified: number[] = [];
    const latencies: number[] = [];
    const changed = new Set<string>();
    let timer: NodeJS.Timeout | undefined;
    // Recursive, as VS Code's watcher: it reports the file, and runFolderOf names the run.
    const watcher = fs.watch(storeDir, { recursive: true }, (_event, name) => {
      const at = performance.now();
      for (const [step, when] of written) if (!notified[step]) notified[step] = at - when;
      const runDir = name === null ? null : runFolderOf(storeDir, path.join(storeDir, name.toString()));
      if (runDir === null) return;
      changed.add(runDir);
      clearTimeout(timer);
      timer = setTimeout(() => {
        importMlflowStore(ctx, storeDir, [...changed]);
        changed.clear();
        const step = lastStep.get(runId)?.step ?? -1;
        const queryable = performance.now();
        for (const [s, when] of written) {
          if (s <= step) {
            latencies.push(queryable - when);
            written.delete(s);
          }
        }
      }, LIVE_DEBOUNCE_MS);
    });
    try {
      for (let step = 1; step <= CHANGES; step++) {
        written.set(step, performance.now());
        fs.appendFileSync(file, `${BASE_TIME + step * 1000} ${1 / step} ${step}\n`);
        await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      watcher.close();
      clearTimeout(timer);
    }
    if (latencies.length !== CHANGES) throw new Error(`live.mlflow_change_5k saw ${latencies.length} of ${CHANGES} changes`);
    const value = median(latencies);
    const floor = median(notified.filter((n) => n !== undefined));
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      name: 'live.mlflow_change_5k',
      value,
      unit: 'ms',
      baseline: floor,
      ratio: value / Math.max(floor, 0.001),
      note: `write to queryable: median ${value.toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms over ${CHANGES} metric lines in a ${RUNS.toLocaleString('en-US')}-run store (notification + ${LIVE_DEBOUNCE_MS} ms debounce + import of the changed run); goal under 200 ms; baseline: write to file-system notification`,
    };
  } finally {
    store.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
