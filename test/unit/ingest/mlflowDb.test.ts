import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { importMlflowDb, isMlflowDb } from '../../../src/ingest/mlflowDb';
import { exportStore, type ExportedRun, type ExportedVersion, type ExportNumber } from '../../../src/store/export';
import { Store } from '../../../src/store/store';
import { copyFixture, ingestContext } from '../helpers/fixtures';
import { expectedVersionArtifact } from '../../../testkit/mlflowArtifacts';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';

/** Every mlflow.db among the real fixtures (PROVENANCE.md), as [fixture folder, db path inside it]. */
const FIXTURE_DBS: readonly [string, string][] = [
  ['03sarath__MLFlow-LLM-Evaluation', 'mlflow.db'],
  ['1412010__nda-mlops-zoomcamp-2024', 'mlflow.db'],
  ['1412010__nda-mlops-zoomcamp-2024', 'week-02/mlflow.db'],
];
const WEEK_02: [string, string] = ['1412010__nda-mlops-zoomcamp-2024', 'week-02/mlflow.db'];
const FLOAT_MAX = 1.7976931348623157e308;

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Opens a copy for a test to change it, as MLflow would. */
function mutate(file: string, sql: string): void {
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  db.pragma('ignore_check_constraints = ON');
  db.exec(sql);
  db.close();
}

// ---- What the fixture database says, computed straight from it with SQL ----

interface SourceFacts {
  experiments: { experiment_id: number; name: string; lifecycle_stage: string }[];
  runs: { run_uuid: string; name: string | null; status: string; lifecycle_stage: string; start_time: number | null; end_time: number | null; experiment_id: number }[];
}

function sourceFacts(db: Database.Database): SourceFacts {
  return {
    experiments: db.prepare('SELECT experiment_id, name, lifecycle_stage FROM experiments').all() as SourceFacts['experiments'],
    runs: db.prepare('SELECT run_uuid, name, status, lifecycle_stage, start_time, end_time, experiment_id FROM runs').all() as SourceFacts['runs'],
  };
}

function pairs(db: Database.Database, table: 'params' | 'tags', runUuid: string): Record<string, string> {
  const rows = db.prepare(`SELECT key, value FROM ${table} WHERE run_uuid = ?`).all(runUuid) as { key: string; value: string | null }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value ?? '']));
}

function asNumber(value: number, isNan: number): number {
  if (isNan) return Number.NaN;
  if (value >= FLOAT_MAX) return Number.POSITIVE_INFINITY;
  if (value <= -FLOAT_MAX) return Number.NEGATIVE_INFINITY;
  return value;
}

function spelled(value: number): ExportNumber {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** count, last (greatest step, then timestamp, then value, as MLflow's latest_metrics), finite min and max per key. */
function expectedMetrics(db: Database.Database, runUuid: string): ExportedRun['metrics'] {
  const rows = db.prepare('SELECT key, value, timestamp, step, is_nan FROM metrics WHERE run_uuid = ?').all(runUuid) as {
    key: string; value: number; timestamp: number; step: number; is_nan: number;
  }[];
  const byKey = new Map<string, typeof rows>();
  for (const row of rows) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  const result: ExportedRun['metrics'] = Object.create(null); // as the export builds it
  for (const [key, series] of byKey) {
    const latest = series.reduce((a, b) => (b.step > a.step || (b.step === a.step && (b.timestamp > a.timestamp || (b.timestamp === a.timestamp && b.value >= a.value))) ? b : a));
    const finite = series.map((r) => asNumber(r.value, r.is_nan)).filter(Number.isFinite);
    result[key] = {
      count: series.length,
      last: spelled(asNumber(latest.value, latest.is_nan)),
      min: finite.length ? Math.min(...finite) : null,
      max: finite.length ? Math.max(...finite) : null,
    };
  }
  return result;
}

/** Checks every experiment, run, param, tag, metric and registry entry of one database against the store's export. */
function assertImportedExactly(store: Store, dbFile: string, dbRel: string): void {
  const src = new Database(dbFile, { readonly: true });
  const exported = exportStore(store);
  const facts = sourceFacts(src);

  const experiments = exported.experiments.filter((e) => e.origin.path === dbRel);
  assert.equal(experiments.length, facts.experiments.length, `${dbRel}: experiments`);
  const experimentIdOf = new Map<string, string>();
  for (const e of facts.experiments) {
    const found = experiments.find((x) => x.origin.id === String(e.experiment_id));
    assert.ok(found, `${dbRel}: experiment ${e.experiment_id}`);
    assert.equal(found.name, e.name);
    assert.equal(found.deleted, e.lifecycle_stage === 'deleted');
    experimentIdOf.set(String(e.experiment_id), found.id);
  }

  const runs = exported.runs.filter((r) => r.origin.path === dbRel);
  assert.equal(runs.length, facts.runs.length, `${dbRel}: runs`);
  let points = 0;
  for (const r of facts.runs) {
    const run = runs.find((x) => x.id === r.run_uuid);
    assert.ok(run, `${dbRel}: run ${r.run_uuid}`);
    const tags = pairs(src, 'tags', r.run_uuid);
    assert.equal(run.name, r.name || tags['mlflow.runName'] || r.run_uuid);
    assert.equal(run.status, r.status.toLowerCase());
    assert.equal(run.deleted, r.lifecycle_stage === 'deleted');
    assert.equal(run.startTime, r.start_time);
    assert.equal(run.endTime, r.end_time);
    assert.equal(run.experimentId, experimentIdOf.get(String(r.experiment_id)));
    assert.deepEqual(run.origin, { source: 'mlflow-db', id: r.run_uuid, path: dbRel });
    assert.deepEqual(run.params, pairs(src, 'params', r.run_uuid), `${r.run_uuid}: params`);
    assert.deepEqual(run.tags, tags, `${r.run_uuid}: tags`);
    assert.equal(run.git?.commit ?? null, tags['mlflow.source.git.commit'] ?? null);
    assert.deepEqual(run.metrics, expectedMetrics(src, r.run_uuid), `${r.run_uuid}: metrics`);
    points += Object.values(run.metrics).reduce((n, m) => n + m.count, 0);

    // MLflow's own latest value per key agrees with the store's last.
    const latest = src.prepare('SELECT key, value, is_nan FROM latest_metrics WHERE run_uuid = ?').all(r.run_uuid) as { key: string; value: number; is_nan: number }[];
    for (const l of latest) assert.deepEqual(run.metrics[l.key]?.last, spelled(asNumber(l.value, l.is_nan)), `${r.run_uuid}/${l.key}: latest_metrics`);

    const inputs = src
      .prepare(`SELECT count(DISTINCT source_id) AS n FROM inputs WHERE destination_type = 'RUN' AND destination_id = ? AND source_type = 'DATASET'`)
      .get(r.run_uuid) as { n: number };
    assert.equal(store.runs.inputs(r.run_uuid).length, inputs.n, `${r.run_uuid}: inputs`);
  }
  const metricRows = src.prepare('SELECT count(*) AS n FROM metrics').get() as { n: number };
  assert.equal(points, metricRows.n, `${dbRel}: metric points`);

  const models = src.prepare('SELECT name, description FROM registered_models').all() as { name: string; description: string | null }[];
  for (const m of models) {
    const model = exported.models.find((x) => x.name === m.name);
    assert.ok(model, `model ${m.name}`);
    assert.equal(model.description, m.description || null);
    const versions = src
      .prepare(`SELECT version, run_id, current_stage, source FROM model_versions WHERE name = ? AND current_stage <> 'Deleted_Internal'`)
      .all(m.name) as { version: number; run_id: string | null; current_stage: string; source: string | null }[];
    assert.equal(model.versions.length, versions.length, `${m.name}: versions`);
    const aliases = src.prepare('SELECT alias, version FROM registered_model_aliases WHERE name = ?').all(m.name) as { alias: string; version: number }[];
    for (const v of versions) {
      const version: ExportedVersion | undefined = model.versions.find((x) => x.version === String(v.version));
      assert.ok(version, `${m.name} version ${v.version}`);
      assert.equal(version.runId, v.run_id || null);
      assert.equal(version.artifactSource ?? null, v.source || null);
      // MLflow's default artifact root beside a database is its mlruns/ folder.
      const mlruns = path.join(path.dirname(dbFile), 'mlruns');
      const workspace = path.resolve(path.dirname(dbFile), ...path.dirname(dbRel).split('/').filter((p) => p !== '.').map(() => '..'));
      const expected = v.source && fs.existsSync(mlruns) ? expectedVersionArtifact(workspace, mlruns, v.source, v.run_id) : null;
      assert.deepEqual(version.artifact, expected, `${m.name} version ${v.version}: artifact`);
      const stages = [
        ...aliases.filter((a) => a.version === v.version).map((a) => a.alias),
        ...({ Production: ['production'], Staging: ['staging'] } as Record<string, string[]>)[v.current_stage] ?? [],
      ];
      assert.deepEqual(version.stages, [...new Set(stages)].sort(), `${m.name} version ${v.version}: stages`);
    }
  }
  src.close();
}

// ---- Holding MLflow's write lock from another process ----

const LOCKER = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.exec('BEGIN EXCLUSIVE');
process.stdout.write('locked\\n');
process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });
process.stdin.resume();
`;

/** A process that holds an exclusive lock on `file` (as a writing MLflow does) until released. */
async function lockInAnotherProcess(file: string): Promise<{ release(): Promise<void> }> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', LOCKER, path.join(PROJECT_ROOT, 'node_modules', 'better-sqlite3'), file]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`locker exited (${code}): ${stderr}`)));
  });
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.stdin.end();
      }),
  };
}

describe('ingest: MLflow SQLite backend (mlflow.db)', () => {
  describe('every real mlflow.db, imported exactly', () => {
    for (const [fixture, dbPath] of FIXTURE_DBS) {
      it(`${fixture}/${dbPath}`, () => {
        const ws = copyFixture(fixture);
        const dbFile = path.join(ws, dbPath);
        const ctx = ingestContext(ws);
        const before = sha256(dbFile);
        const siblings = fs.readdirSync(path.dirname(dbFile)).sort();
        assert.equal(isMlflowDb(dbFile), true);

        const summary = importMlflowDb(ctx, dbFile);
        assert.deepEqual(ctx.diagnostics.all, []);
        const src = new Database(dbFile, { readonly: true });
        const count = (table: string) => (src.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
        assert.deepEqual(summary, {
          kind: 'mlflow-db', source: dbPath, experiments: count('experiments'), runs: count('runs'), models: count('registered_models'), failedRuns: 0,
        });
        src.close();
        assertImportedExactly(ctx.store, dbFile, dbPath);
        assert.equal(exportStore(ctx.store).models.length, summary.models);

        assert.equal(sha256(dbFile), before, 'the database is not written');
        assert.deepEqual(fs.readdirSync(path.dirname(dbFile)).sort(), siblings, 'no journal or WAL file is left beside it');
        ctx.store.close();
      });
    }

    it('two databases in one workspace (the zoomcamp repository) stay apart', () => {
      const ws = copyFixture('1412010__nda-mlops-zoomcamp-2024');
      const ctx = ingestContext(ws);
      importMlflowDb(ctx, path.join(ws, 'mlflow.db'));
      importMlflowDb(ctx, path.join(ws, 'week-02', 'mlflow.db'));
      assertImportedExactly(ctx.store, path.join(ws, 'mlflow.db'), 'mlflow.db');
      assertImportedExactly(ctx.store, path.join(ws, 'week-02', 'mlflow.db'), 'week-02/mlflow.db');
      const defaults = exportStore(ctx.store).experiments.filter((e) => e.name === 'Default');
      assert.deepEqual(defaults.map((e) => e.id).sort(), ['mlflow-db:mlflow.db#0', 'mlflow-db:week-02/mlflow.db#0']);
      ctx.store.close();
    });
  });

  it('maps NaN, ±Infinity, deleted experiments and runs, stages, deleted versions and logged models', () => {
    const ws = copyFixture('03sarath__MLFlow-LLM-Evaluation');
    const dbFile = path.join(ws, 'mlflow.db');
    const run = '9b57ec4e885846d3b0cb103eceb1c500';
    mutate(dbFile, `
      INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES
        ('odd', 0, 1, '${run}', 0, 1), ('odd', ${FLOAT_MAX}, 2, '${run}', 1, 0), ('odd', -${FLOAT_MAX}, 3, '${run}', 2, 0),
        ('odd', 0.5, 4, '${run}', 3, 0), ('odd', 0, 5, '${run}', 4, 1);
      UPDATE experiments SET lifecycle_stage = 'deleted' WHERE experiment_id = 6;
      UPDATE runs SET lifecycle_stage = 'deleted' WHERE experiment_id = 6;
      INSERT INTO registered_models (name, creation_time, last_updated_time, description) VALUES ('scorer', 10, 40, 'judges answers');
      INSERT INTO model_versions (name, version, creation_time, last_updated_time, user_id, current_stage, source, run_id, status)
        VALUES ('scorer', 1, 10, 20, 'ada', 'Production', 'models:/m-1', '${run}', 'READY'),
               ('scorer', 2, 30, 30, 'ada', 'Archived', 'models:/m-2', '${run}', 'READY'),
               ('scorer', 3, 35, 36, NULL, 'Deleted_Internal', 'REDACTED-SOURCE-PATH', 'REDACTED-RUN-ID', 'READY');
      INSERT INTO registered_model_aliases (alias, version, name) VALUES ('champion', 2, 'scorer');
      INSERT INTO logged_models (model_id, experiment_id, name, artifact_location, creation_timestamp_ms, last_updated_timestamp_ms, status, lifecycle_stage, source_run_id)
        VALUES ('m-1', 1, 'judge', 'mlflow-artifacts:/1/models/m-1/artifacts', 1, 1, 'READY', 'active', '${run}'),
               ('m-9', 1, 'gone', 'mlflow-artifacts:/1/models/m-9/artifacts', 1, 1, 'READY', 'deleted', '${run}');
    `);
    const ctx = ingestContext(ws);
    importMlflowDb(ctx, dbFile);
    assert.deepEqual(ctx.diagnostics.all, []);
    assertImportedExactly(ctx.store, dbFile, 'mlflow.db');

    const exported = exportStore(ctx.store);
    const odd = exported.runs.find((r) => r.id === run)!.metrics.odd;
    assert.deepEqual(odd, { count: 5, last: 'NaN', min: 0.5, max: 0.5 });
    assert.deepEqual(ctx.store.metrics.points(run, 'odd').map((p) => p.value), [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, Number.NaN]);
    assert.equal(exported.experiments.find((e) => e.origin.id === '6')!.deleted, true);
    assert.ok(exported.runs.filter((r) => r.experimentId === 'mlflow-db:mlflow.db#6').every((r) => r.deleted));
    const scorer = exported.models.find((m) => m.name === 'scorer')!;
    assert.deepEqual(scorer.versions.map((v) => [v.version, v.stages, v.createdBy]), [['2', ['champion'], 'ada'], ['1', ['production'], 'ada']]);
    assert.deepEqual(ctx.store.runs.artifacts(run), [{ path: 'mlflow-artifacts:/1/models/m-1/artifacts', sha256: null, size: null }]);
    ctx.store.close();
  });

  it('reads an older schema: no runs.name, no metric step or is_nan, no datasets, no aliases, no logged models', () => {
    const ws = copyFixture(WEEK_02[0]);
    const dbFile = path.join(ws, WEEK_02[1]);
    const expected = ingestContext(copyFixture(WEEK_02[0]));
    importMlflowDb(expected, path.join(expected.workspace, WEEK_02[1]));
    mutate(dbFile, `
      ALTER TABLE runs DROP COLUMN name;
      CREATE TABLE old_metrics AS SELECT key, value, timestamp, run_uuid FROM metrics;
      DROP TABLE metrics;
      ALTER TABLE old_metrics RENAME TO metrics;
      DROP TABLE inputs; DROP TABLE input_tags; DROP TABLE datasets; DROP TABLE registered_model_aliases;
    `);
    const ctx = ingestContext(ws);
    const summary = importMlflowDb(ctx, dbFile);
    assert.deepEqual(ctx.diagnostics.all, []);
    assert.equal(summary.runs, 17);
    const now = exportStore(ctx.store);
    const then = exportStore(expected.store);
    assert.deepEqual(now.runs.map((r) => r.name), then.runs.map((r) => r.name), 'names come from the mlflow.runName tag');
    for (const [i, run] of now.runs.entries()) {
      for (const [key, m] of Object.entries(run.metrics)) assert.equal(m.count, then.runs[i]!.metrics[key]!.count, `${run.id}/${key}`);
      assert.deepEqual(ctx.store.runs.inputs(run.id), []);
    }
    const points = ctx.store.metrics.points('92025337761b47258bb509b166789a29', 'validation-rmse');
    assert.ok(points.length > 1 && points.every((p) => p.step === 0), 'every point at step 0');
    assert.deepEqual(now.models[0]!.versions[0]!.stages, [], 'no aliases, and current_stage None');
    ctx.store.close();
    expected.store.close();
  });

  describe('re-import', () => {
    it('gives the same export, and rewrites only the series that changed', () => {
      const ws = copyFixture(WEEK_02[0]);
      const dbFile = path.join(ws, WEEK_02[1]);
      const ctx = ingestContext(ws);
      importMlflowDb(ctx, dbFile);
      const first = JSON.stringify(exportStore(ctx.store));
      // Records every series the importer deletes (to rewrite it), on the store's own connection.
      ctx.store.db.exec(`
        CREATE TEMP TABLE rewritten (series TEXT);
        CREATE TEMP TRIGGER note_rewrite AFTER DELETE ON main.metric_series BEGIN INSERT INTO rewritten VALUES (old.run_id || '/' || old.key); END;
      `);
      const rewritten = () => (ctx.store.db.prepare('SELECT series FROM rewritten ORDER BY series').all() as { series: string }[]).map((r) => r.series);
      importMlflowDb(ctx, dbFile);
      assert.equal(JSON.stringify(exportStore(ctx.store)), first, 'a re-import changes nothing');
      assert.deepEqual(rewritten(), [], 'no series was rewritten');

      // MLflow logs one more point to a run, finishes another and starts a third.
      const logging = '821d9118ed7c4637bb3a0e020cc59e0d';
      const running = '42cfa39879d0494c9eb514fccf900ee3';
      mutate(dbFile, `
        INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('validation-rmse', 4.5, 1717605760000, '${logging}', 83, 0);
        UPDATE latest_metrics SET value = 4.5, timestamp = 1717605760000, step = 83 WHERE run_uuid = '${logging}' AND key = 'validation-rmse';
        INSERT INTO runs (run_uuid, name, source_type, status, start_time, lifecycle_stage, experiment_id, user_id)
          VALUES ('0000new', 'late-run', 'LOCAL', 'RUNNING', 1717900000000, 'active', 2, 'NDA');
        INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('rmse', 3, 1717900000001, '0000new', 0, 0);
        UPDATE runs SET status = 'FINISHED', end_time = 1717845400000 WHERE run_uuid = '${running}';
        UPDATE model_versions SET current_stage = 'Production', last_updated_time = 1717700000000;
        DELETE FROM registered_model_aliases WHERE alias = 'staging';
      `);
      const summary = importMlflowDb(ctx, dbFile);
      assert.equal(summary.runs, 18);
      assertImportedExactly(ctx.store, dbFile, WEEK_02[1]);
      assert.deepEqual(rewritten(), [`${logging}/validation-rmse`], 'only the series with a new point was rewritten');
      assert.equal(ctx.store.metrics.summaries(logging).get('validation-rmse')!.count, 84);
      assert.equal(ctx.store.runs.get(running)!.status, 'finished');
      const version = exportStore(ctx.store).models[0]!.versions[0]!;
      assert.deepEqual(version.stages, ['in-preview', 'production']);
      assert.equal((ctx.store.db.prepare('SELECT count(*) AS n FROM stage_events').get() as { n: number }).n, 2, 'stage events replaced, not piled up');
      ctx.store.close();
    });
  });

  describe('while MLflow holds its write lock', () => {
    it('reports the file after the busy timeout, imports nothing of it, and the rest of the workspace goes on', async () => {
      const ws = copyFixture('1412010__nda-mlops-zoomcamp-2024');
      const locked = path.join(ws, WEEK_02[1]);
      const ctx = ingestContext(ws);
      const lock = await lockInAnotherProcess(locked);
      try {
        assert.equal(isMlflowDb(locked), true, 'a locked SQLite file is still offered for import, so its lock gets reported');
        const started = Date.now();
        const summary = importMlflowDb(ctx, locked, { busyTimeoutMs: 200 });
        assert.ok(Date.now() - started >= 200, 'waited for the busy timeout');
        assert.deepEqual(summary, { kind: 'mlflow-db', source: WEEK_02[1], experiments: 0, runs: 0, models: 0, failedRuns: 0 });
        assert.equal(ctx.diagnostics.all.length, 1);
        assert.equal(ctx.diagnostics.all[0]!.file, locked);
        assert.match(ctx.diagnostics.all[0]!.message, /locked by another process.*200 ms.*nothing was imported/);

        const other = importMlflowDb(ctx, path.join(ws, 'mlflow.db'), { busyTimeoutMs: 200 });
        assert.equal(other.experiments, 1, 'the next source is imported');
        const exported = exportStore(ctx.store);
        assert.equal(exported.experiments.filter((e) => e.origin.path === WEEK_02[1]).length, 0);
        assert.equal(exported.runs.length, 0);
      } finally {
        await lock.release();
      }
      importMlflowDb(ctx, locked);
      assertImportedExactly(ctx.store, locked, WEEK_02[1]);
      ctx.store.close();
    });

    it('leaves a store imported earlier exactly as it was', async () => {
      const ws = copyFixture(WEEK_02[0]);
      const dbFile = path.join(ws, WEEK_02[1]);
      const ctx = ingestContext(ws);
      importMlflowDb(ctx, dbFile);
      const before = JSON.stringify(exportStore(ctx.store));
      mutate(dbFile, `INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('rmse', 1, 1, '42cfa39879d0494c9eb514fccf900ee3', 7, 0)`);
      const lock = await lockInAnotherProcess(dbFile);
      try {
        importMlflowDb(ctx, dbFile, { busyTimeoutMs: 100 });
      } finally {
        await lock.release();
      }
      assert.equal(JSON.stringify(exportStore(ctx.store)), before);
      assert.match(ctx.diagnostics.all[0]!.message, /locked/);
      ctx.store.close();
    });
  });

  describe('bad input', () => {
    it('a run that cannot be imported is rolled back, reported and counted; the others land', () => {
      const ws = copyFixture(WEEK_02[0]);
      const dbFile = path.join(ws, WEEK_02[1]);
      mutate(dbFile, `
        INSERT INTO runs (run_uuid, name, status, start_time, lifecycle_stage, experiment_id) VALUES ('bad-status', 'x', 'EXPLODED', 1, 'active', 1);
        INSERT INTO runs (run_uuid, name, status, start_time, lifecycle_stage, experiment_id) VALUES ('bad-metric', 'y', 'FINISHED', 2, 'active', 1);
        INSERT INTO params (key, value, run_uuid) VALUES ('lr', '0.1', 'bad-metric');
        INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES ('loss', 'not a number', 1, 'bad-metric', 0, 0);
        INSERT INTO runs (run_uuid, name, status, start_time, lifecycle_stage, experiment_id) VALUES ('no-experiment', 'z', 'FINISHED', 3, 'active', 42);
      `);
      const ctx = ingestContext(ws);
      const summary = importMlflowDb(ctx, dbFile);
      assert.equal(summary.runs, 17);
      assert.equal(summary.failedRuns, 3);
      const messages = ctx.diagnostics.all.map((d) => `${path.relative(ws, d.file)}: ${d.message}`).sort();
      assert.equal(messages.length, 3);
      assert.match(messages[0]!, /^week-02\/mlflow\.db: run bad-metric: metric "loss" has a value that is not a number.*run skipped$/);
      assert.match(messages[1]!, /^week-02\/mlflow\.db: run bad-status: status "EXPLODED" is not an MLflow run status; run skipped$/);
      assert.match(messages[2]!, /^week-02\/mlflow\.db: run no-experiment: its experiment 42 is not in the database; run skipped$/);
      for (const id of ['bad-status', 'bad-metric', 'no-experiment']) assert.equal(ctx.store.runs.get(id), undefined, `${id} not half imported`);
      assert.equal(exportStore(ctx.store).models.length, 1, 'the registry is imported after them');
      ctx.store.close();
    });

    it('a file that is not an MLflow database is reported, not thrown', () => {
      const ws = tempDir('mlflow-db-');
      const garbage = path.join(ws, 'mlflow.db');
      fs.writeFileSync(garbage, 'SQLite format 3\0 but then nothing that SQLite can read'.padEnd(2048, '!'));
      const other = path.join(ws, 'other.db');
      const db = new Database(other);
      db.exec('CREATE TABLE t (x)');
      db.close();
      assert.equal(isMlflowDb(garbage), false);
      assert.equal(isMlflowDb(other), false);
      assert.equal(isMlflowDb(path.join(ws, 'missing.db')), false);

      const ctx = ingestContext(ws);
      assert.equal(importMlflowDb(ctx, garbage).runs, 0);
      assert.equal(importMlflowDb(ctx, other).runs, 0);
      assert.deepEqual(ctx.diagnostics.all.map((d) => [path.basename(d.file), /cannot be imported/.test(d.message)]), [['mlflow.db', true], ['other.db', true]]);
      assert.equal(ctx.store.counts().experiments, 0);
      ctx.store.close();
    });
  });
});
