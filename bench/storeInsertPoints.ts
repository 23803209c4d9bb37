import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MetricPoint } from '../src/core/types';
import { Store } from '../src/store/store';
import { median, type BenchResult } from './report';

const RUNS = 20;
const KEYS = 5;
const STEPS = 2_000;
const REPEATS = 3;
const TOTAL = RUNS * KEYS * STEPS;

function runPoints(run: number): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let step = 0; step < STEPS; step++) {
    for (let k = 0; k < KEYS; k++) points.push({ key: `metric_${k}`, step, timestamp: 1_700_000_000_000 + step * 1000, value: Math.sin(step + k + run) });
  }
  return points;
}

function freshStore(): { store: Store; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-'));
  const store = Store.open(dir);
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: 'bench', origin: { source: 'native', id: null, path: null } });
    for (let r = 0; r < RUNS; r++) {
      store.runs.upsert({
        id: `run${r}`, experimentId, name: `run${r}`, status: 'finished', deleted: false, startTime: r, endTime: null,
        git: null, command: null, parentRunId: null, origin: { source: 'native', id: null, path: null },
      });
    }
  });
  return { store, dir };
}

/** Points per second through Store.metrics.append, one write per run (as an importer does). */
function throughStore(data: MetricPoint[][]): number {
  const { store, dir } = freshStore();
  const start = performance.now();
  for (let r = 0; r < RUNS; r++) store.write(() => store.metrics.append(`run${r}`, data[r]!));
  const seconds = (performance.now() - start) / 1000;
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return TOTAL / seconds;
}

/** Points per second for the same rows into the same table: one prepared INSERT, one transaction, series ids resolved beforehand. */
function rawInserts(data: MetricPoint[][]): number {
  const { store, dir } = freshStore();
  const db = store.db;
  const makeSeries = db.prepare('INSERT INTO metric_series (run_id, key, count, last_step, last_timestamp) VALUES (?, ?, 0, 0, 0)');
  const seriesOf = new Map<string, number>();
  db.transaction(() => {
    for (let r = 0; r < RUNS; r++) for (let k = 0; k < KEYS; k++) seriesOf.set(`run${r}/metric_${k}`, Number(makeSeries.run(`run${r}`, `metric_${k}`).lastInsertRowid));
  })();
  // Rows exactly as they will be bound, so the timed loop is nothing but the inserts.
  const rows = data.flatMap((points, r) => points.map((p) => [seriesOf.get(`run${r}/${p.key}`)!, p.step, p.timestamp, p.value] as const));
  const insert = db.prepare('INSERT INTO metric_points (series_id, step, timestamp, value) VALUES (?, ?, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (const row of rows) insert.run(row[0], row[1], row[2], row[3]);
  })();
  const seconds = (performance.now() - start) / 1000;
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return TOTAL / seconds;
}

export function benchStoreInsertPoints(): BenchResult {
  const data = Array.from({ length: RUNS }, (_, r) => runPoints(r));
  const store: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    raw.push(rawInserts(data));
    store.push(throughStore(data));
  }
  const value = median(store);
  const baseline = median(raw);
  return {
    name: 'store.insert_points',
    value,
    unit: 'points/s',
    baseline,
    ratio: value / baseline,
    note: `${TOTAL.toLocaleString('en-US')} points (${RUNS} runs x ${KEYS} metrics x ${STEPS} steps), median of ${REPEATS}; baseline: raw prepared INSERT in one transaction into the same schema`,
  };
}
