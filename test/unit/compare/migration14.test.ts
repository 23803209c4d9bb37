import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { CHUNK, MIN_POINTS } from '../../../src/core/compare/pyramid';
import { FIELDS } from '../../../src/core/compare/packedBuckets';
import { emptySummary, foldPoint } from '../../../src/core/metricSummary';
import { pyramidOf } from '../../../src/store/metricPyramid';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/migrations';
import { storePath } from '../../../src/store/paths';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';
import { pyramidFromScratch, rankOrder, seriesIdOf, storedLevels, type TestPoint } from './pyramidHelpers';
import { prng, randomInt, randomValue } from './random';

interface OldSeries {
  runId: string;
  key: string;
  /** In the order the schema-13 writer appended them (its rowid order). */
  points: TestPoint[];
  /** 0: the raw points are stored; else the finest pyramid level stored (a series pulled from a team store, no points). */
  finestLevel: number;
}

/** A series of `n` points appended out of step order, with repeated steps and repeated (step, timestamp) pairs, NaN and infinities. */
function messySeries(seed: number, n: number): TestPoint[] {
  const random = prng(seed);
  const points: TestPoint[] = [];
  for (let i = 0; i < n; i++) {
    const step = random() < 0.1 ? randomInt(random, 0, n) : i;
    const timestamp = random() < 0.05 && points.length > 0 ? points[points.length - 1]!.timestamp : 1_700_000_000_000 + i * 1_000;
    points.push({ step, timestamp, value: randomValue(random, 0.05) });
  }
  // Whole duplicates of points already written: same step, timestamp and value.
  for (let i = 0; i < 50; i++) points.push({ ...points[randomInt(random, 0, points.length - 1)]! });
  return points;
}

const SERIES: OldSeries[] = [
  { runId: 'local', key: 'loss', points: messySeries(1, 9_000), finestLevel: 0 },
  { runId: 'local', key: 'acc', points: messySeries(2, 300), finestLevel: 0 },
  { runId: 'local', key: 'lr', points: Array.from({ length: MIN_POINTS }, (_, i) => ({ step: i, timestamp: 1_700_000_000_000 + i, value: 0.1 / (1 + i) })), finestLevel: 0 },
  { runId: 'pulled', key: 'loss', points: messySeries(3, 20_000), finestLevel: 2 },
];

/** A store as Model Ledger at schema 13 wrote it: its migrations, then rows through the INSERTs its writers ran. */
function schema13Store(): string {
  const workspace = tempDir();
  fs.mkdirSync(path.join(workspace, '.modelledger'));
  const db = new Database(storePath(workspace));
  db.pragma('foreign_keys = ON');
  for (const migration of MIGRATIONS.filter((m) => m.version <= 13)) {
    db.exec(migration.sql);
    migration.backfill?.(db);
  }
  db.pragma('user_version = 13');
  db.prepare("INSERT INTO experiments (id, name, origin_source, created_at) VALUES ('e1', 'exp', 'native', 0)").run();
  const addRun = db.prepare("INSERT INTO runs (id, experiment_id, name, status, origin_source, owner, pulled_from) VALUES (?, 'e1', ?, 'finished', 'native', ?, ?)");
  addRun.run('local', 'local run', null, null);
  addRun.run('pulled', 'pulled run', 'ada@lab', 'team-store-1');
  const addSeries = db.prepare(
    `INSERT INTO metric_series (run_id, key, count, last_step, last_timestamp, last_value, min_value, max_value, experiment_id, finest_level)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'e1', ?) RETURNING id`,
  );
  const addPoint = db.prepare('INSERT INTO metric_points (series_id, step, timestamp, value) VALUES (?, ?, ?, ?)');
  const addChunk = db.prepare('INSERT INTO metric_pyramid (series_id, level, chunk, summaries) VALUES (?, ?, ?, ?)');
  for (const series of SERIES) {
    const summary = emptySummary();
    for (const p of series.points) foldPoint(summary, p.step, p.timestamp, p.value);
    const last = Number.isNaN(summary.last) ? null : summary.last;
    const { id } = addSeries.get(series.runId, series.key, summary.count, summary.lastStep, summary.lastTimestamp, last, summary.min, summary.max, series.finestLevel) as { id: number };
    if (series.finestLevel === 0) for (const p of series.points) addPoint.run(id, p.step, p.timestamp, p.value);
    if (series.points.length < MIN_POINTS) continue;
    pyramidFromScratch(series.points).forEach((level, i) => {
      if (i + 1 < series.finestLevel) return;
      for (let chunk = 0; chunk * CHUNK * FIELDS < level.length; chunk++) {
        const bytes = level.subarray(chunk * CHUNK * FIELDS, (chunk + 1) * CHUNK * FIELDS);
        addChunk.run(id, i + 1, chunk, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
    });
  }
  db.close();
  return workspace;
}

function rowsOf(file: string): { series: unknown[]; pyramid: unknown[]; runs: unknown[] } {
  const db = new Database(file, { readonly: true });
  try {
    return {
      series: db.prepare('SELECT * FROM metric_series ORDER BY id').all(),
      pyramid: db.prepare('SELECT * FROM metric_pyramid ORDER BY series_id, level, chunk').all(),
      runs: db.prepare('SELECT * FROM runs ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

describe('migration 14: metric points clustered by series and step', () => {
  it('carries a schema-13 store forward: every point in rank order, every series summary, every pyramid chunk, the pulled run', () => {
    const workspace = schema13Store();
    const before = rowsOf(storePath(workspace));
    const store = Store.open(workspace);
    try {
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.deepEqual(rowsOf(storePath(workspace)), before, 'series summaries, pyramid chunks and runs (the pulled one with its owner) unchanged');
      for (const series of SERIES) {
        const expected = series.finestLevel === 0 ? rankOrder(series.points) : [];
        const actual = store.metrics.points(series.runId, series.key).map(({ step, timestamp, value }) => ({ step, timestamp, value }));
        assert.equal(actual.length, expected.length, `${series.runId}/${series.key}: point count`);
        assert.deepEqual(actual, expected, `${series.runId}/${series.key}: points in (step, timestamp, order appended) order`);
      }
      const indexes = store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'metric_points'").pluck().all();
      assert.deepEqual(indexes, [], 'the clustered table needs no index of its own');
      // The pyramid still answers charts of the migrated series, local and pulled.
      const chart = pyramidOf(store.db).series('local', 'loss', { axis: 'step', xFrom: Number.NEGATIVE_INFINITY, xTo: Number.POSITIVE_INFINITY, width: 50 });
      assert.ok(chart.level >= 1 && chart.buckets.length > 0, 'the local series is drawn from its migrated pyramid');
      const pulled = pyramidOf(store.db).series('pulled', 'loss', { axis: 'step', xFrom: Number.NEGATIVE_INFINITY, xTo: Number.POSITIVE_INFINITY, width: 50 });
      assert.ok(pulled.level >= 2 && pulled.buckets.length > 0, 'the pulled series is drawn from the coarse levels it holds');
    } finally {
      store.close();
    }
  });

  it('after the migration, appends that repeat a migrated (step, timestamp) land after it, and the pyramid is as built from scratch', () => {
    const workspace = schema13Store();
    const store = Store.open(workspace);
    try {
      const loss = SERIES[0]!;
      const repeated = loss.points.slice(0, 30).map((p) => ({ ...p, value: p.value + 1 }));
      const later = Array.from({ length: 100 }, (_, i) => ({ step: 20_000 + i, timestamp: 1_800_000_000_000 + i, value: i }));
      const added = [...repeated, ...later];
      store.write(() => store.metrics.append('local', added.map((p) => ({ key: 'loss', ...p }))));
      const all = [...loss.points, ...added];
      const actual = store.metrics.points('local', 'loss').map(({ step, timestamp, value }) => ({ step, timestamp, value }));
      assert.deepEqual(actual, rankOrder(all));
      assert.deepEqual(storedLevels(store, seriesIdOf(store, 'local', 'loss')), pyramidFromScratch(all));
      assert.equal(store.counts().metricPoints, SERIES.filter((s) => s.finestLevel === 0).reduce((n, s) => n + s.points.length, 0) + added.length);
    } finally {
      store.close();
    }
  });
});
