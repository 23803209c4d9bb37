import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { importMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import { importMlflowDb } from '../../../src/ingest/mlflowDb';
import { RETRAINS_TAG } from '../../../src/ingest/runRecord';
import { importRunLog } from '../../../src/ingest/runlog/importRunLog';
import { Store } from '../../../src/store/store';
import { copyFixture } from '../helpers/fixtures';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';

const PYTHON_ENV = { ...process.env, PYTHONPATH: path.join(PROJECT_ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };

function importRuns(ws: string, store: Store): DiagnosticSink {
  const diagnostics = new DiagnosticSink();
  importRunLog({ store, workspace: ws, diagnostics }, '.modelledger/runs');
  return diagnostics;
}

/** Runs a training script with the Python client as "Retrain from Version…" would; returns its run id. */
function train(ws: string, env: Record<string, string>): string {
  const script = 'import model_ledger\nwith model_ledger.start_run(experiment="churn") as run:\n    run.log_metric("val_loss", 0.25)\n    print(run.run_id)\n';
  const result = spawnSync('python3', ['-c', script], { cwd: ws, env: { ...PYTHON_ENV, ...env }, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

describe('the retrains link', () => {
  it('goes from MODEL_LEDGER_RETRAINS through the Python client\'s run log into the store', () => {
    const ws = tempDir();
    const linked = train(ws, { MODEL_LEDGER_RETRAINS: 'team/churn@v3.1.0' });
    const plain = train(ws, { MODEL_LEDGER_RETRAINS: '' });
    const store = Store.open(ws);
    try {
      assert.deepEqual(importRuns(ws, store).all, []);
      assert.deepEqual(store.retrains.of(linked), { model: 'team/churn', version: 'v3.1.0' });
      assert.equal(store.retrains.of(plain), undefined);
      assert.deepEqual(store.retrains.runsRetraining({ model: 'team/churn', version: 'v3.1.0' }), [linked]);
      assert.deepEqual(store.retrains.all(), [{ runId: linked, model: 'team/churn', version: 'v3.1.0' }]);
    } finally {
      store.close();
    }
  });

  it('is logged into MODEL_LEDGER_ROOT from a training that runs in another checkout', () => {
    const ws = tempDir();
    const checkout = tempDir('retrain-checkout-');
    const runId = train(checkout, { MODEL_LEDGER_RETRAINS: 'churn@v1.0.0', MODEL_LEDGER_ROOT: ws });
    assert.ok(fs.existsSync(path.join(ws, '.modelledger', 'runs', `${runId}.jsonl`)));
    assert.ok(!fs.existsSync(path.join(checkout, '.modelledger')));
    const store = Store.open(ws);
    try {
      importRuns(ws, store);
      assert.deepEqual(store.retrains.of(runId), { model: 'churn', version: 'v1.0.0' });
    } finally {
      store.close();
    }
  });

  it('a run log whose start line names no model@version is refused with the line, and links nothing', () => {
    const ws = tempDir();
    const runs = path.join(ws, '.modelledger', 'runs');
    fs.mkdirSync(runs, { recursive: true });
    const start = { type: 'start', v: 1, t: 1, run_id: 'bad', experiment: 'e', name: null, git: null, command: null, start_time: 1, retrains: 'churn' };
    fs.writeFileSync(path.join(runs, 'bad.jsonl'), `${JSON.stringify(start)}\n${JSON.stringify({ type: 'end', t: 2, status: 'finished' })}\n`);
    const store = Store.open(ws);
    try {
      const problems = importRuns(ws, store).all.map((d) => `${d.file}:${d.line}: ${d.message}`);
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /bad\.jsonl:1: .*"retrains" must name a model version as model@version/);
      assert.equal(store.retrains.of('bad'), undefined);
    } finally {
      store.close();
    }
  });

  it('is forgotten when the run log is read again without it', () => {
    const ws = tempDir();
    const runs = path.join(ws, '.modelledger', 'runs');
    fs.mkdirSync(runs, { recursive: true });
    const file = path.join(runs, 'r1.jsonl');
    const line = (retrains?: string) => `${JSON.stringify({ type: 'start', v: 1, t: 1, run_id: 'r1', experiment: 'e', name: null, git: null, command: null, start_time: 1, ...(retrains ? { retrains } : {}) })}\n`;
    fs.writeFileSync(file, line('churn@v2.0.0'));
    const store = Store.open(ws);
    try {
      importRuns(ws, store);
      assert.deepEqual(store.retrains.of('r1'), { model: 'churn', version: 'v2.0.0' });
      fs.writeFileSync(file, line()); // rewritten: read again from the start
      importRuns(ws, store);
      assert.equal(store.retrains.of('r1'), undefined);
    } finally {
      store.close();
    }
  });

  it(`comes from the MLflow tag ${RETRAINS_TAG} of a file store (a real one, the tag added as MLflow writes it)`, () => {
    const ws = copyFixture('chopinlab__mlflow-practice');
    const runDir = path.join(ws, 'mlruns', '286273541457706970');
    const [linked, invalid] = ['3211b71704ed44879c218b47a50258cd', 'cfb9914140894686b98a78fddeea23fd'];
    fs.writeFileSync(path.join(runDir, linked, 'tags', RETRAINS_TAG), 'churn@v3.1.0');
    fs.writeFileSync(path.join(runDir, invalid, 'tags', RETRAINS_TAG), 'no version here');
    const store = Store.open(ws);
    try {
      importMlflowStore({ store, workspace: ws, diagnostics: new DiagnosticSink() }, path.join(ws, 'mlruns'));
      assert.deepEqual(store.retrains.of(linked), { model: 'churn', version: 'v3.1.0' });
      assert.equal(store.retrains.of(invalid), undefined, 'a tag that is not model@version links nothing');
      assert.equal(store.runs.tags(invalid)[RETRAINS_TAG], 'no version here', 'and is kept as a tag');
      // The tag removed in MLflow: the next import forgets the link.
      fs.rmSync(path.join(runDir, linked, 'tags', RETRAINS_TAG));
      importMlflowStore({ store, workspace: ws, diagnostics: new DiagnosticSink() }, path.join(ws, 'mlruns'));
      assert.equal(store.retrains.of(linked), undefined);
    } finally {
      store.close();
    }
  });

  it(`comes from the MLflow tag ${RETRAINS_TAG} of an mlflow.db (a real one, the tag row added as MLflow writes it)`, () => {
    const ws = copyFixture('1412010__nda-mlops-zoomcamp-2024', 'week-02');
    const file = path.join(ws, 'week-02', 'mlflow.db');
    const runUuid = '248da1edb50b4561bda0acd380fe4e94';
    const db = new Database(file);
    db.prepare('INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)').run(RETRAINS_TAG, 'nyc-taxi@v1.2.0', runUuid);
    db.close();
    const store = Store.open(ws);
    try {
      importMlflowDb({ store, workspace: ws, diagnostics: new DiagnosticSink() }, file);
      assert.deepEqual(store.retrains.of(runUuid), { model: 'nyc-taxi', version: 'v1.2.0' });
    } finally {
      store.close();
    }
  });
});
