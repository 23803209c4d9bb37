import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { FilesPoll } from '../../../src/ingest/poll/filesPoll';
import { MlflowPoll } from '../../../src/ingest/poll/mlflowPoll';
import { RunLogPoll } from '../../../src/ingest/poll/runLogPoll';
import type { PolledChange } from '../../../src/ingest/poll/sourcePoll';
import { importSource, type SourceRef } from '../../../src/ingest/sources';
import { Store } from '../../../src/store/store';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

// The polls stand in for the file watcher where it is blind; these tests change real folders
// and check what each poll reports, with no watcher anywhere.

const FINISHED = { repo: '2024ab05143__heart-disease-mlops', experiment: '0', run: 'd5ba8efe051c4d25a70eb6a5b7c8dd55' };
/** Its runs were never ended: MLflow still says they run. */
const ABANDONED = { repo: '1kruidenp__TaxiFareModel', experiment: '1', run: '337531b3ddc34c38a1db55f814c1900d' };
const changed = (changes: PolledChange[]) => changes.map((c) => (c.runDir === null ? `all ${c.source.path}` : c.runDir));

/** Writes a run folder as MLflow does when a run starts: the folder, then meta.yaml and its subfolders. */
function startMlflowRun(experimentDir: string, runId: string): string {
  const runDir = path.join(experimentDir, runId);
  fs.mkdirSync(runDir);
  fs.writeFileSync(
    path.join(runDir, 'meta.yaml'),
    `artifact_uri: file://${runDir}/artifacts\nend_time: null\nexperiment_id: '${path.basename(experimentDir)}'\nlifecycle_stage: active\nrun_id: ${runId}\nrun_name: live\nrun_uuid: ${runId}\nsource_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: ${Date.now()}\nstatus: 1\nuser_id: me\n`,
  );
  for (const part of ['metrics', 'params', 'tags']) fs.mkdirSync(path.join(runDir, part));
  return runDir;
}

describe('live polls', () => {
  it('an MLflow poll reports a new run, then its metrics while it runs, and reads nothing of finished runs', () => {
    const ws = copyFixture(FINISHED.repo, 'mlruns');
    const source: SourceRef = { kind: 'mlflow', path: path.join(ws, 'mlruns') };
    const store = Store.open(ws);
    const ctx = { store, workspace: ws, diagnostics: new DiagnosticSink() };
    importSource(ctx, source);
    const poll = new MlflowPoll(source, () => store.runs.runningOriginIds('mlflow'));
    assert.deepEqual(poll.check(), [], 'nothing changed');

    const experimentDir = path.join(source.path, FINISHED.experiment);
    fs.appendFileSync(path.join(experimentDir, FINISHED.run, 'metrics', 'accuracy'), `${Date.now()} 1.5 9\n`);
    assert.deepEqual(poll.check(), [], 'a finished run is left to the watcher');

    const runDir = startMlflowRun(experimentDir, 'a1b2c3d4e5f60718293a4b5c6d7e8f90');
    assert.deepEqual(changed(poll.check()), [runDir], 'the new run');
    importSource(ctx, { ...source, runDirs: [runDir] });
    assert.equal(store.runs.runningOriginIds('mlflow').has(path.basename(runDir)), true);

    fs.writeFileSync(path.join(runDir, 'metrics', 'loss'), `${Date.now()} 1.0 0\n`);
    assert.deepEqual(changed(poll.check()), [runDir], 'its first metric');
    importSource(ctx, { ...source, runDirs: [runDir] });
    fs.appendFileSync(path.join(runDir, 'metrics', 'loss'), `${Date.now()} 0.5 1\n`);
    assert.deepEqual(changed(poll.check()), [runDir], 'an appended point');
    importSource(ctx, { ...source, runDirs: [runDir] });
    assert.deepEqual(store.metrics.summaries(path.basename(runDir)).get('loss')?.count, 2);
    assert.deepEqual(poll.check(), [], 'nothing more');
  });

  it('an MLflow poll looks closely at the runs the store says are running', () => {
    const ws = copyFixture(ABANDONED.repo, 'mlruns');
    const source: SourceRef = { kind: 'mlflow', path: path.join(ws, 'mlruns') };
    const store = Store.open(ws);
    importSource({ store, workspace: ws, diagnostics: new DiagnosticSink() }, source);
    const poll = new MlflowPoll(source, () => store.runs.runningOriginIds('mlflow'));
    poll.check();
    const runDir = path.join(source.path, ABANDONED.experiment, ABANDONED.run);
    fs.appendFileSync(path.join(runDir, 'metrics', 'rmse'), `${Date.now()} 1.5 9\n`);
    assert.deepEqual(changed(poll.check()), [runDir]);
  });

  it('an MLflow poll looks at a running run whose files stay unchanged for minutes only twice a minute', () => {
    const ws = copyFixture(ABANDONED.repo, 'mlruns');
    const source: SourceRef = { kind: 'mlflow', path: path.join(ws, 'mlruns') };
    let now = Date.now();
    const poll = new MlflowPoll(source, () => new Set([ABANDONED.run]), () => now);
    poll.check();
    const metric = path.join(source.path, ABANDONED.experiment, ABANDONED.run, 'metrics', 'rmse');
    now += 11 * 60_000;
    fs.appendFileSync(metric, `${Date.now()} 1.5 9\n`);
    assert.equal(poll.check().length, 1, 'looked at: last looked at 11 minutes ago');
    fs.appendFileSync(metric, `${Date.now()} 1.4 10\n`);
    now += 1000;
    assert.deepEqual(poll.check(), [], 'quiet for 11 minutes and looked at a second ago');
    now += 30_000;
    assert.equal(poll.check().length, 1, 'looked at again half a minute later');
  });

  it('an MLflow poll reports a new experiment as a change to the whole store', () => {
    const ws = copyFixture(ABANDONED.repo, 'mlruns');
    const source: SourceRef = { kind: 'mlflow', path: path.join(ws, 'mlruns') };
    const poll = new MlflowPoll(source, () => new Set());
    fs.mkdirSync(path.join(source.path, '7'));
    assert.deepEqual(changed(poll.check()), [`all ${source.path}`]);
    const runDir = startMlflowRun(path.join(source.path, '7'), 'ffffeeeeddddccccbbbbaaaa99998888');
    assert.deepEqual(changed(poll.check()), [runDir], 'a run in the new experiment');
  });

  it('a run log poll follows a folder made after it, and a growing file', () => {
    const runs = path.join(tempDir(), '.modelledger', 'runs');
    const poll = new RunLogPoll(runs);
    assert.deepEqual(poll.check(), []);
    fs.mkdirSync(runs, { recursive: true });
    const file = path.join(runs, 'run1.jsonl');
    fs.writeFileSync(file, '{"type":"start"}\n');
    fs.writeFileSync(path.join(runs, 'notes.txt'), 'not a run log');
    assert.deepEqual(poll.check().map((c) => c.source), [{ kind: 'runlog', path: file }]);
    assert.deepEqual(poll.check(), []);
    fs.appendFileSync(file, '{"type":"metrics"}\n');
    assert.deepEqual(poll.check().map((c) => c.source.path), [file]);
    fs.rmSync(file);
    assert.deepEqual(poll.check(), [], 'a removed file is forgotten');
  });

  it('a run log poll looks at files quiet for minutes only twice a minute', () => {
    const runs = tempDir();
    const file = path.join(runs, 'old.jsonl');
    fs.writeFileSync(file, '{}\n');
    let now = Date.now();
    const poll = new RunLogPoll(runs, () => now);
    now += 11 * 60_000;
    assert.deepEqual(poll.check(), [], 'quiet files looked at: unchanged');
    fs.appendFileSync(file, '{}\n');
    now += 1000;
    assert.deepEqual(poll.check(), [], 'a file quiet for 11 minutes is not looked at every second');
    now += 30_000;
    assert.deepEqual(poll.check().map((c) => c.source.path), [file], 'but half a minute later');
  });

  it('a files poll reports a change to what the import of a DVCLive folder reads, and to an mlflow.db or its log', () => {
    const dvclive = path.join(tempDir(), 'dvclive');
    fs.mkdirSync(path.join(dvclive, 'plots', 'metrics'), { recursive: true });
    const poll = FilesPoll.of({ kind: 'dvclive', path: dvclive });
    assert.deepEqual(poll.check(), []);
    fs.writeFileSync(path.join(dvclive, 'plots', 'metrics', 'loss.tsv'), 'step\tloss\n0\t1\n');
    assert.deepEqual(changed(poll.check()), [`all ${dvclive}`]);
    assert.deepEqual(poll.check(), []);
    fs.writeFileSync(path.join(dvclive, 'metrics.json'), '{"loss": 1}');
    assert.deepEqual(changed(poll.check()), [`all ${dvclive}`], 'the summary');
    fs.mkdirSync(path.join(dvclive, 'plots', 'images'));
    fs.writeFileSync(path.join(dvclive, 'plots', 'images', 'step0.png'), 'png');
    assert.deepEqual(poll.check(), [], 'images are not read by the import');

    const db = path.join(tempDir(), 'mlflow.db');
    fs.writeFileSync(db, 'x');
    const dbPoll = FilesPoll.of({ kind: 'mlflow-db', path: db });
    fs.writeFileSync(`${db}-wal`, 'y');
    assert.deepEqual(changed(dbPoll.check()), [`all ${db}`]);
  });
});
