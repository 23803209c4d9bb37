import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { parseTagMessage } from '../../../src/core/tagMessage';
import { BASE_TIME, generateMlflowStore, pointValue } from '../../../testkit/mlflowStoreGenerator';
import { cli, cliOk } from '../helpers/cli';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';
import { git, makeRepo, modelFile, write } from './gitRepos';

const ok = (args: string[], cwd: string): string => cliOk(args, cwd, PYTHON_ENV);

/** Real public data (vega-datasets, see test/fixtures/real/PROVENANCE.md for the package). */
const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');
const PYTHON_ENV = { PYTHONPATH: path.join(PROJECT_ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Runs a Python script with the run log client in `cwd`; returns what it printed. */
function python(cwd: string, script: string): string {
  return execFileSync('python3', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, ...PYTHON_ENV } }).trim();
}

function tagMetadata(repo: string, tag: string) {
  return parseTagMessage(git(repo, ['tag', '-l', '--format=%(contents)', tag])).metadata!;
}

/** A repository with two real CSV files under data/ and a training run that read one of them. */
function repoWithTrainingRun(): { repo: string; runId: string } {
  const repo = makeRepo('lineage-');
  fs.mkdirSync(path.join(repo, 'data'));
  fs.copyFileSync(path.join(VEGA, 'seattle-weather.csv'), path.join(repo, 'data', 'weather.csv'));
  fs.copyFileSync(path.join(VEGA, 'stocks.csv'), path.join(repo, 'data', 'stocks.csv'));
  fs.copyFileSync(path.join(VEGA, 'sp500.csv'), path.join(repo, 'data', 'holdout.csv'));
  write(repo, '.gitignore', 'models/\ndata/\n');
  git(repo, ['add', '.gitignore']);
  git(repo, ['commit', '-q', '-m', 'Ignore data']);
  const runId = python(
    repo,
    `import model_ledger
with model_ledger.start_run(experiment="churn") as run:
    run.log_input("data/weather.csv")
    run.log_input("s3://bucket/extra.parquet")
    run.log_metrics({"auc": 0.91, "f1": 0.8}, step=0)
print(run.run_id)`,
  );
  ok(['import'], repo);
  modelFile(repo);
  return { repo, runId };
}

describe('lineage: the data a version was trained and evaluated on', () => {
  it('register --data and --eval-data put each file\'s sha256 in the tag, with the run\'s logged inputs', () => {
    const { repo, runId } = repoWithTrainingRun();
    const out = ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--run', runId, '--data', 'data/stocks.csv', '--eval-data', path.join(repo, 'data', 'holdout.csv')], repo);
    assert.match(out, /^Registered churn v0\.0\.1/);
    assert.match(out, /^ {2}training data data\/stocks\.csv sha256 [0-9a-f]{12}$/m);
    assert.match(out, /^ {2}training data s3:\/\/bucket\/extra\.parquet \(no hash: not a file here\)$/m);

    const weather = sha256Of(path.join(repo, 'data', 'weather.csv'));
    const expected = [
      { path: 'data/stocks.csv', sha256: sha256Of(path.join(repo, 'data', 'stocks.csv')), role: 'training' },
      { path: 'data/holdout.csv', sha256: sha256Of(path.join(repo, 'data', 'holdout.csv')), role: 'evaluation' },
      { path: 'data/weather.csv', sha256: weather, role: 'training' },
      { path: 's3://bucket/extra.parquet', sha256: null, role: 'training' },
    ];
    const recorded = tagMetadata(repo, 'churn@v0.0.1').data as { path: string; sha256: string | null; role: string; profile: string | null }[];
    assert.deepEqual(recorded.map(({ profile: _, ...d }) => d), expected);
    // Each data file here was profiled at registration: the tag names a stored profile of those very bytes.
    for (const d of recorded) {
      if (d.sha256 === null) {
        assert.equal(d.profile, null, d.path);
        continue;
      }
      const stored = JSON.parse(fs.readFileSync(path.join(repo, '.modelledger', 'profiles', `${d.profile}.json`), 'utf8'));
      assert.equal(stored.source.sha256, d.sha256, d.path);
      assert.equal(stored.source.path, d.path);
    }

    const detail = JSON.parse(ok(['models', 'churn@v0.0.1', '--json'], repo));
    assert.deepEqual(
      detail.data.map((d: { path: string; role: string; inTag: boolean; loggedByRun: boolean }) => [d.path, d.role, d.inTag, d.loggedByRun]),
      [
        ['data/holdout.csv', 'evaluation', true, false],
        ['data/stocks.csv', 'training', true, false],
        ['data/weather.csv', 'training', true, true],
        ['s3://bucket/extra.parquet', 'training', true, true],
      ].sort((a, b) => Number(a[1] === 'evaluation') - Number(b[1] === 'evaluation') || (a[0] < b[0] ? -1 : 1)),
    );
    const text = ok(['models', 'churn@v0.0.1'], repo);
    assert.match(text, new RegExp(`^  training   data/weather\\.csv  sha256 ${weather}  \\(tag, source run\\)$`, 'm'));
    assert.match(ok(['models'], repo), /^churn\s+v0\.0\.1 .* data\/stocks\.csv \+3$/m);

    // A fresh clone knows the data from the tag alone.
    const clone = tempDir('lineage-clone-');
    git(clone, ['clone', '-q', repo, '.']);
    const cloned = JSON.parse(ok(['models', 'churn@v0.0.1', '--json'], clone));
    assert.deepEqual(cloned.data.map((d: { path: string; sha256: string | null; loggedByRun: boolean }) => [d.path, d.sha256, d.loggedByRun]), [
      ['data/stocks.csv', expected[0]!.sha256, false],
      ['data/weather.csv', weather, false],
      ['s3://bucket/extra.parquet', null, false],
      ['data/holdout.csv', expected[1]!.sha256, false],
    ]);
  });

  it('refuses data that is not there, in one line, and writes no tag', () => {
    const { repo } = repoWithTrainingRun();
    const r = cli(['register', 'churn', '--artifact', 'models/churn.pkl', '--data', 'data/missing.csv'], repo);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stderr.trimEnd(), /^model-ledger register: The data .*data\/missing\.csv cannot be read \(ENOENT.*\); name an existing data file or folder\.$/);
    assert.equal(git(repo, ['tag', '--list']), '');
  });

  it('reads versions registered before the data list, and re-reads tags an older index kept without it', () => {
    const { repo, runId } = repoWithTrainingRun();
    // A tag as the previous Model Ledger wrote it: no data field.
    const head = git(repo, ['rev-parse', 'HEAD']);
    git(repo, ['tag', '-a', 'churn@v1.0.0', head, '-m', `Registering artifact churn version v1.0.0\n\nModel-Ledger: {"format":1,"run":"${runId}","artifact":{"path":"models/churn.pkl","sha256":null,"size":null},"metrics":{"auc":0.91}}`]);
    const old = JSON.parse(ok(['models', 'churn@v1.0.0', '--json'], repo));
    // The tag lists no data; the run's logged inputs still show under it.
    assert.deepEqual(old.data.map((d: { path: string; inTag: boolean }) => [d.path, d.inTag]), [['data/weather.csv', false], ['s3://bucket/extra.parquet', false]]);

    git(repo, ['commit', '-q', '--allow-empty', '-m', 'next']);
    ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--data', 'data/stocks.csv'], repo);
    // The store as the previous Model Ledger (schema 7) left it after indexing that tag: its metadata without the data list.
    const db = new Database(path.join(repo, '.modelledger', 'ledger.db'));
    db.exec(`UPDATE registry_tags SET metadata_json = json_remove(metadata_json, '$.data');
             CREATE TABLE metric_points_rowid (series_id INTEGER NOT NULL REFERENCES metric_series (id) ON DELETE CASCADE, step INTEGER NOT NULL, timestamp INTEGER NOT NULL, value REAL);
             INSERT INTO metric_points_rowid SELECT series_id, step, timestamp, value FROM metric_points ORDER BY series_id, step, timestamp, seq;
             DROP TABLE metric_points; ALTER TABLE metric_points_rowid RENAME TO metric_points; CREATE INDEX metric_points_by_series ON metric_points (series_id, step);
             DROP TABLE team_sync; DROP TABLE team_pushed_runs; DROP TABLE team_pulled_audit; DROP INDEX audit_log_by_target; DROP INDEX audit_log_by_hash;
             DROP INDEX runs_by_owner; ALTER TABLE runs DROP COLUMN owner; ALTER TABLE runs DROP COLUMN pulled_from; ALTER TABLE metric_series DROP COLUMN finest_level;
             DROP TABLE version_datasets; DROP TABLE run_evaluates; ALTER TABLE run_inputs DROP COLUMN context;
             DROP TABLE data_profiles; DROP TABLE drift_check_columns; DROP TABLE drift_checks; DROP TABLE drift_batch_files; DROP TABLE run_retrains;
             DROP TRIGGER audit_log_chained; ALTER TABLE audit_log DROP COLUMN hash; ALTER TABLE audit_log DROP COLUMN prev_hash; PRAGMA user_version = 7;`);
    db.close();
    const upgraded = JSON.parse(ok(['models', 'churn@v1.0.1', '--json'], repo));
    assert.deepEqual(upgraded.data.map((d: { path: string }) => d.path), ['data/stocks.csv']);
  });

  it('takes a DVCLive run\'s data from the dvc.lock stage that wrote it, its code aside, and its evaluated version from params (real example-dvc-experiments files)', () => {
    const ws = tempDir('lineage-dvc-');
    fs.cpSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'real', 'CaroCardozo__example-dvc-experiments'), ws, { recursive: true });
    fs.chmodSync(path.join(ws, 'params.yaml'), 0o644);
    fs.appendFileSync(path.join(ws, 'params.yaml'), 'model_ledger:\n  evaluates: churn@v2.0.0\n');
    ok(['import', '--kind', 'dvclive', 'dvclive'], ws);
    const db = new Database(path.join(ws, '.modelledger', 'ledger.db'), { readonly: true });
    // dvc.lock: stage train, cmd "python3 src/train.py", deps data (a folder) and src; outs dvclive/metrics.json, dvclive/plots…
    assert.deepEqual(db.prepare('SELECT run_id, path, sha256 FROM run_inputs').all(), [{ run_id: 'dvclive:dvclive', path: 'data', sha256: null }]);
    assert.deepEqual(db.prepare('SELECT run_id, model, version FROM run_evaluates').all(), [{ run_id: 'dvclive:dvclive', model: 'churn', version: 'v2.0.0' }]);
    db.close();
  });
});

describe('evaluations: runs that evaluate a version, against its registered metrics', () => {
  it('from a run log the Python client wrote with evaluates=', () => {
    const { repo, runId } = repoWithTrainingRun();
    ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--run', runId], repo);
    const evalId = python(
      repo,
      `import model_ledger
with model_ledger.start_run(experiment="monitoring", name="january", evaluates="churn@v0.0.1") as run:
    run.log_input("data/holdout.csv")
    run.log_metrics({"auc": 0.87, "latency": 12}, step=0)
print(run.run_id)`,
    );
    ok(['import'], repo);
    const json = JSON.parse(ok(['evaluations', 'churn@v0.0.1', '--json'], repo));
    assert.deepEqual(json.registeredMetrics, { auc: 0.91, f1: 0.8 });
    assert.equal(json.evaluations.length, 1);
    const e = json.evaluations[0];
    assert.deepEqual([e.runId, e.name, e.status], [evalId, 'january', 'finished']);
    assert.deepEqual(e.data, [{ path: 'data/holdout.csv', sha256: sha256Of(path.join(repo, 'data', 'holdout.csv')) }]);
    assert.equal(e.metrics.length, 1, 'latency was not registered, f1 was not evaluated: only auc is shared');
    assert.equal(e.metrics[0].key, 'auc');
    assert.equal(e.metrics[0].registered, 0.91);
    assert.equal(e.metrics[0].value, 0.87);
    assert.ok(Math.abs(e.metrics[0].delta - (0.87 - 0.91)) < 1e-12);

    const table = ok(['evaluations', 'churn@v0.0.1'], repo);
    assert.match(table, /^churn v0\.0\.1: 1 evaluation\nDATE +RUN +DATA +METRIC +REGISTERED +VALUE +DELTA\n/);
    assert.match(table, /january +data\/holdout\.csv +auc +0\.91 +0\.87 +-0\.04\n$/);
    assert.match(ok(['models', 'churn@v0.0.1'], repo), /^ {2}evaluated {2}1 run \(model-ledger evaluations churn@v0\.0\.1\)$/m);
  });

  it('from an MLflow store whose runs carry the tag model_ledger.evaluates; a value that names no version is reported', () => {
    const repo = makeRepo('lineage-mlflow-');
    const steps = 4;
    const store = generateMlflowStore(repo, { runs: 3, metrics: 2, steps });
    const runDir = (r: number) => path.join(store, '1', r.toString(16).padStart(32, '0'));
    fs.writeFileSync(path.join(runDir(1), 'tags', 'model_ledger.evaluates'), 'churn@v0.0.1');
    fs.writeFileSync(path.join(runDir(2), 'tags', 'model_ledger.evaluates'), 'churn#prod');
    const imported = cli(['import', 'mlruns'], repo);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /model_ledger\.evaluates.*"churn#prod", not a model version \(model@version, e\.g\. churn@v3\.1\.0\); the run is imported without its link/);
    modelFile(repo);
    ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--run', runDir(0).slice(-32)], repo);
    const json = JSON.parse(ok(['evaluations', 'churn@v0.0.1', '--json'], repo));
    assert.deepEqual(json.evaluations.map((e: { runId: string }) => e.runId), [runDir(1).slice(-32)]);
    const last = (r: number, m: number) => pointValue(r, m, steps - 1);
    assert.deepEqual(
      json.evaluations[0].metrics,
      [0, 1].map((m) => ({ key: `metric_${m}`, registered: last(0, m), value: last(1, m), delta: last(1, m) - last(0, m) })),
    );
    assert.equal(json.evaluations[0].startTime, BASE_TIME);
  });

  it('from an mlflow.db (real, nda-mlops-zoomcamp week 2) whose runs carry the tag, for an MLflow registry version, with its run\'s train and eval inputs', () => {
    const ws = tempDir('lineage-mlflowdb-');
    const dbFile = path.join(ws, 'mlflow.db');
    fs.copyFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'real', '1412010__nda-mlops-zoomcamp-2024', 'week-02', 'mlflow.db'), dbFile);
    fs.chmodSync(dbFile, 0o644);
    const source = new Database(dbFile);
    // The registry's one version, nyc-taxi-model 1, came from run 9202…; two other runs evaluate it (one says so wrongly).
    const versionRun = source.prepare<[], { run_id: string }>("SELECT run_id FROM model_versions WHERE name = 'nyc-taxi-model' AND version = 1").get()!.run_id;
    const [first, second] = source.prepare<[string], { run_uuid: string }>('SELECT run_uuid FROM runs WHERE run_uuid <> ? ORDER BY run_uuid LIMIT 2').all(versionRun);
    const tag = source.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)');
    tag.run('model_ledger.evaluates', 'nyc-taxi-model@1', first!.run_uuid); // an MLflow registry version: a number
    tag.run('model_ledger.evaluates', 'nyc-taxi-model', second!.run_uuid);
    source.close();
    const imported = cli(['import', 'mlflow.db', '--kind', 'mlflow-db'], ws);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, new RegExp(`run ${second!.run_uuid}: tag model_ledger\\.evaluates is "nyc-taxi-model", not a model version`));

    const json = JSON.parse(ok(['evaluations', 'nyc-taxi-model@1', '--json'], ws));
    assert.deepEqual(json.evaluations.map((e: { runId: string }) => e.runId), [first!.run_uuid]);
    // The version's data is its run's inputs, told apart by the context MLflow logged them with (input_tags: train, eval).
    const detail = JSON.parse(ok(['models', 'nyc-taxi-model@1', '--json'], ws));
    assert.deepEqual(detail.data.map((d: { path: string; role: string; inTag: boolean; loggedByRun: boolean }) => [d.path, d.role, d.inTag, d.loggedByRun]), [
      ['dataset', 'training', false, true],
      ['validation', 'evaluation', false, true],
    ]);
  });

  it('says which version it could not find, and what to give', () => {
    const { repo } = repoWithTrainingRun();
    for (const [arg, message] of [
      ['churn', /^model-ledger evaluations: "churn" is not a model version; name one as MODEL@VERSION, e\.g\. churn@v3\.1\.0\.$/],
      ['churn@v9.9.9', /^model-ledger evaluations: No version v9\.9\.9 of model "churn" in this workspace; "model-ledger models" lists them\.$/],
    ] as const) {
      const r = cli(['evaluations', arg], repo);
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr.trimEnd(), message);
    }
  });
});
