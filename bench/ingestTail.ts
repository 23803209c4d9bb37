import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DiagnosticSink } from '../src/ingest/diagnostics';
import { LIVE_DEBOUNCE_MS } from '../src/ingest/live';
import { importRunLog } from '../src/ingest/runlog/importRunLog';
import { Store } from '../src/store/store';
import { median, type BenchResult } from './report';

const LINES = 60;
const INTERVAL_MS = 150;
const RUN_ID = 'tailbench';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * Latency from a metrics line appended to a run log to its point being queryable in the store,
 * through the same path as the extension's live view: a file watch, the live debounce, an
 * incremental import of the changed file.
 */
export async function benchIngestTail(): Promise<BenchResult> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-tail-'));
  const runs = path.join(workspace, '.modelledger', 'runs');
  fs.mkdirSync(runs, { recursive: true });
  const file = path.join(runs, `${RUN_ID}.jsonl`);
  const now = Date.now();
  fs.writeFileSync(file, JSON.stringify({ type: 'start', v: 1, t: now, run_id: RUN_ID, experiment: 'bench', name: 'tail', git: null, command: null, start_time: now }) + '\n');
  const store = Store.open(workspace);
  const ctx = { store, workspace, diagnostics: new DiagnosticSink() };
  const appendedAt = new Map<number, number>();
  const latencies: number[] = [];
  // The floor any watcher has: from the append to the file-system notification.
  const notified = new Set<number>();
  const notifyLatencies: number[] = [];
  const seriesMaxStep = store.db.prepare<[string], { step: number | null }>(
    "SELECT max(p.step) AS step FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.run_id = ? AND s.key = 'loss'",
  );
  let timer: NodeJS.Timeout | undefined;
  const watcher = fs.watch(runs, () => {
    const at = performance.now();
    for (const [s, appended] of appendedAt) {
      if (!notified.has(s)) {
        notified.add(s);
        notifyLatencies.push(at - appended);
      }
    }
    clearTimeout(timer);
    timer = setTimeout(() => {
      importRunLog(ctx, file);
      const step = seriesMaxStep.get(RUN_ID)?.step ?? -1;
      const queryable = performance.now();
      for (const [s, at] of appendedAt) {
        if (s <= step) {
          latencies.push(queryable - at);
          appendedAt.delete(s);
        }
      }
    }, LIVE_DEBOUNCE_MS);
  });
  try {
    for (let step = 0; step < LINES; step++) {
      appendedAt.set(step, performance.now());
      fs.appendFileSync(file, JSON.stringify({ type: 'metrics', t: Date.now(), step, values: { loss: 1 / (step + 1) } }) + '\n');
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
    }
    await new Promise((r) => setTimeout(r, 1000));
  } finally {
    watcher.close();
    clearTimeout(timer);
    store.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  if (latencies.length !== LINES) throw new Error(`ingest.tail saw ${latencies.length} of ${LINES} lines`);
  const p50 = median(latencies);
  const p95 = percentile(latencies, 95);
  const floor = median(notifyLatencies);
  return {
    name: 'ingest.tail',
    value: p50,
    unit: 'ms',
    baseline: floor,
    ratio: p50 / Math.max(floor, 0.001),
    note: `append to queryable: median ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (notification alone: ${floor.toFixed(2)} ms) over ${LINES} lines (watch + ${LIVE_DEBOUNCE_MS} ms debounce + incremental import); goal under 1000 ms; baseline: append to file-system notification`,
  };
}
