import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SeriesPoints } from '../src/store/metrics';
import { collectChart, collectComparison } from '../src/store/compareQueries';
import { Store } from '../src/store/store';
import { median, type BenchResult } from './report';

const RUNS = 10;
const POINTS = 1_000_000;
/** Points per appendSeries call, as the MLflow importer flushes them. */
const BATCH = 10_000;
const WIDTH = 1_000;
const REPEATS = 15;
const BASE_TIME = 1_700_000_000_000;

/** A noisy decaying loss with rare spikes and NaNs: cheap to recompute, so the raw baseline needs no copy. */
function value(run: number, i: number): number {
  if (i % 99_991 === 17) return Number.NaN;
  const noise = Math.sin(i * 12.9898 + run * 78.233) * 43_758.5453;
  return 1 / (1 + i / 50_000) + 0.05 * (noise - Math.floor(noise)) + (i % 250_013 === 5 ? 3 : 0);
}

function fillBatch(batch: SeriesPoints, run: number, start: number): void {
  batch.length = Math.min(BATCH, POINTS - start);
  for (let j = 0; j < batch.length; j++) {
    batch.steps[j] = start + j;
    batch.timestamps[j] = BASE_TIME + (start + j) * 100;
    batch.values[j] = value(run, start + j);
  }
}

function makeRun(store: Store, experimentId: string, r: number): void {
  store.runs.upsert({
    id: `run${r}`, experimentId, name: `run ${r}`, status: 'finished', deleted: false, startTime: BASE_TIME, endTime: BASE_TIME + POINTS * 100,
    git: { commit: `${r}`.repeat(40).slice(0, 40), branch: 'main', dirty: r % 3 === 0 }, command: null, parentRunId: null, origin: { source: 'native', id: null, path: null },
  });
  store.runs.setParams(`run${r}`, { lr: String(0.001 * (r + 1)), batch_size: '64', optimizer: r % 2 ? 'adam' : 'sgd' });
}

/** The RUNS x POINTS store, through the store API (appendSeries, as importers write); points per second of appending. */
function generate(dir: string): { store: Store; rate: number } {
  const store = Store.open(dir);
  const experimentId = store.write(() => store.experiments.upsert({ name: 'bench', origin: { source: 'native', id: null, path: null } }));
  store.write(() => {
    for (let r = 0; r < RUNS; r++) makeRun(store, experimentId, r);
  });
  const batch: SeriesPoints = { steps: new Float64Array(BATCH), timestamps: new Float64Array(BATCH), values: new Float64Array(BATCH), length: 0 };
  const started = performance.now();
  for (let r = 0; r < RUNS; r++) {
    // One write per 100,000 points, as an importer commits a file in pieces.
    for (let start = 0; start < POINTS; start += 10 * BATCH) {
      store.write(() => {
        for (let s = start; s < Math.min(POINTS, start + 10 * BATCH); s += BATCH) {
          fillBatch(batch, r, s);
          store.metrics.appendSeries(`run${r}`, 'loss', batch);
        }
      });
    }
  }
  return { store, rate: (RUNS * POINTS) / ((performance.now() - started) / 1000) };
}

/**
 * The ingest baseline: raw prepared INSERTs of the same rows, made the same way, into the same
 * schema, committed as often as generate() commits (each 100,000 points): the ratio is what the
 * store adds (summaries and pyramid).
 */
function rawInsertRate(): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-compare-raw-'));
  const store = Store.open(dir);
  try {
    const experimentId = store.write(() => store.experiments.upsert({ name: 'raw', origin: { source: 'native', id: null, path: null } }));
    const seriesIds = store.write(() =>
      Array.from({ length: RUNS }, (_, r) => {
        makeRun(store, experimentId, r);
        return Number(store.db.prepare(`INSERT INTO metric_series (run_id, key, count, last_step, last_timestamp) VALUES (?, 'loss', 0, 0, 0)`).run(`run${r}`).lastInsertRowid);
      }),
    );
    const insert = store.db.prepare('INSERT INTO metric_points (series_id, step, timestamp, value) VALUES (?, ?, ?, ?)');
    const batch: SeriesPoints = { steps: new Float64Array(BATCH), timestamps: new Float64Array(BATCH), values: new Float64Array(BATCH), length: 0 };
    const started = performance.now();
    for (let r = 0; r < RUNS; r++) {
      for (let start = 0; start < POINTS; start += 10 * BATCH) {
        store.db.transaction(() => {
          for (let s = start; s < Math.min(POINTS, start + 10 * BATCH); s += BATCH) {
            fillBatch(batch, r, s);
            for (let j = 0; j < batch.length; j++) insert.run(seriesIds[r], batch.steps[j], batch.timestamps[j], batch.values[j]);
          }
        })();
      }
    }
    return (RUNS * POINTS) / ((performance.now() - started) / 1000);
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function timeMs(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

export function benchCompareSeries(): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-compare-'));
  try {
    const raw = rawInsertRate();
    const { store, rate } = generate(dir);
    const run0 = store.runs.get('run0')!;
    const seriesId = store.db.prepare<[], { id: number }>(`SELECT id FROM metric_series WHERE run_id = 'run0' AND key = 'loss'`).get()!.id;
    const readRaw = store.db.prepare('SELECT step, timestamp, value FROM metric_points WHERE series_id = ? ORDER BY step').raw();
    const chart = () => collectChart(store, { runs: [run0], metric: 'loss', directions: {}, xAxis: 'step', zoom: null, width: WIDTH });
    chart(); // warm the statements and the page cache, as for the raw read below
    const chartMs = median(Array.from({ length: REPEATS }, () => timeMs(chart)));
    const rawMs = median(Array.from({ length: 3 }, () => timeMs(() => readRaw.all(seriesId))));

    const request = {
      runIds: Array.from({ length: RUNS }, (_, r) => `run${r}`), baselineRunId: null, chosenMetrics: ['loss'], directions: {}, onlyDifferences: true,
      sort: null, xAxis: 'step' as const, zoom: null, width: WIDTH,
    };
    const firstOpenMs = timeMs(() => collectComparison(store, request));
    const openMs = median(Array.from({ length: REPEATS }, () => timeMs(() => collectComparison(store, request))));
    const bytes = Buffer.byteLength(JSON.stringify({ type: 'state', state: collectComparison(store, request) }));
    store.close();

    const points = `${(RUNS * POINTS).toLocaleString('en-US')} points`;
    return [
      { name: 'compare.ingest_big_series', value: rate, unit: 'points/s', baseline: raw, ratio: rate / raw, note: `${RUNS} series x ${POINTS.toLocaleString('en-US')} points through appendSeries (${BATCH.toLocaleString('en-US')}-point batches), pyramid kept at ingest; goal ratio >= 0.6; baseline: raw prepared INSERT of the same rows, committed as often` },
      { name: 'compare.series_1m', value: chartMs, unit: 'ms', baseline: rawMs, ratio: chartMs / rawMs, note: `one chart series of a ${POINTS.toLocaleString('en-US')}-point metric at ${WIDTH} px (extent, pyramid, wire columns), median of ${REPEATS}: ${(rawMs / chartMs).toFixed(0)}x faster than the raw read; goal >= 20x (ratio <= 0.05); baseline: SELECT of the ${POINTS.toLocaleString('en-US')} rows` },
      { name: 'compare.open_10x1m', value: openMs, unit: 'ms', baseline: 150, ratio: openMs / 150, note: `whole first state for ${RUNS} runs x ${POINTS.toLocaleString('en-US')} points (${points}): table with best steps + ${RUNS} series at ${WIDTH} px, median of ${REPEATS} (first open: ${firstOpenMs.toFixed(1)} ms); goal under 150 ms (ratio < 1)` },
      { name: 'compare.open_10x1m_message', value: bytes / 1e6, unit: 'MB', baseline: 2, ratio: bytes / 1e6 / 2, note: `JSON size of that state message (${bytes.toLocaleString('en-US')} bytes); goal under 2 MB (ratio < 1)` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
