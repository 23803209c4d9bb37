import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/store/store';
import { BASE_TIME, generateMlflowStore, pointValue, type GeneratedStoreShape } from '../testkit/mlflowStoreGenerator';
import type { BenchResult } from './report';

const SHAPE: GeneratedStoreShape = { runs: 1000, metrics: 10, steps: 1000 };

/** Raw better-sqlite3 inserts of the same rows into the same schema: one prepared INSERT, one transaction. */
export function rawInsertRate(shape: GeneratedStoreShape): number {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-raw-'));
  const store = Store.open(dir);
  const db = store.db;
  const series: number[] = [];
  db.transaction(() => {
    const experimentId = store.experiments.upsert({ name: 'raw', origin: { source: 'native', id: null, path: null } });
    const makeSeries = db.prepare('INSERT INTO metric_series (run_id, key, count, last_step, last_timestamp) VALUES (?, ?, 0, 0, 0)');
    for (let r = 0; r < shape.runs; r++) {
      store.runs.upsert({ id: `r${r}`, experimentId, name: `r${r}`, status: 'finished', deleted: false, startTime: 0, endTime: 0, git: null, command: null, parentRunId: null, origin: { source: 'native', id: null, path: null } });
      for (let m = 0; m < shape.metrics; m++) series.push(Number(makeSeries.run(`r${r}`, `metric_${m}`).lastInsertRowid));
    }
  })();
  const insert = db.prepare('INSERT INTO metric_points (series_id, step, timestamp, value) VALUES (?, ?, ?, ?)');
  const started = performance.now();
  db.transaction(() => {
    for (let r = 0; r < shape.runs; r++) {
      for (let m = 0; m < shape.metrics; m++) {
        const id = series[r * shape.metrics + m];
        for (let s = 0; s < shape.steps; s++) insert.run(id, s, BASE_TIME + s * 1000, pointValue(r, m, s));
      }
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return (shape.runs * shape.metrics * shape.steps) / seconds;
}

export function benchIngestMlflow(): BenchResult[] {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-mlflow-'));
  try {
    const storeDir = generateMlflowStore(workspace, SHAPE);
    const child = path.join(__dirname, 'ingestMlflowChild.js');
    const result = JSON.parse(execFileSync(process.execPath, [child, workspace, storeDir], { encoding: 'utf8', maxBuffer: 1 << 20 })) as {
      seconds: number;
      points: number;
      runs: number;
      problems: number;
      maxRssMb: number;
    };
    const total = SHAPE.runs * SHAPE.metrics * SHAPE.steps;
    if (result.points !== total || result.problems !== 0) throw new Error(`ingest.mlflow imported ${result.points} of ${total} points with ${result.problems} problems`);
    const rate = result.points / result.seconds;
    const raw = rawInsertRate(SHAPE);
    const shape = `${SHAPE.runs} runs x ${SHAPE.metrics} metrics x ${SHAPE.steps} steps`;
    return [
      { name: 'ingest.mlflow', value: rate, unit: 'points/s', baseline: raw, ratio: rate / raw, note: `${shape} (${total.toLocaleString('en-US')} points) from files; goal ratio >= 0.6; baseline: raw prepared INSERT of the same rows, one transaction` },
      { name: 'ingest.mlflow_peak_rss', value: result.maxRssMb, unit: 'MB', baseline: 500, ratio: result.maxRssMb / 500, note: 'peak RSS of the importing process; goal under 500 MB (ratio < 1)' },
    ];
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
