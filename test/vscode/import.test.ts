import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { ImportOutcome } from '../../src/extension/ingest/sourceImports';
import { activateApi, childByLabel, childLabels, waitFor, workspaceFolder } from './helpers';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');
/** Long enough for the watcher to watch a new folder before anything is made in it, even on a busy CI machine (30 ms was not). */
const FOLDER_PAUSE_MS = 250;

/**
 * Copies a fixture into the workspace the way a training run writes its folders: one folder at a
 * time. VS Code's recursive watcher (parcel's inotify backend) misses folders made within moments
 * of their parent (seen: a copy made at once left one run's metrics folder unwatched in half the
 * runs), so a tree made at once would test the copy, not the live import.
 * Fixtures are read-only in git; the copies are writable like any training output.
 */
async function copyInto(fixture: string, target: string): Promise<string> {
  const destination = path.join(workspaceFolder().uri.fsPath, target);
  await copyFolder(path.join(FIXTURES, fixture), destination);
  return destination;
}

async function copyFolder(from: string, to: string): Promise<void> {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  await new Promise((r) => setTimeout(r, FOLDER_PAUSE_MS));
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const [source, copy] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isDirectory()) await copyFolder(source, copy);
    else {
      fs.copyFileSync(source, copy);
      fs.chmodSync(copy, 0o644);
    }
  }
}

function storeOf(api: ModelLedgerApi) {
  const state = api.stores.read(workspaceFolder());
  if (state.kind !== 'ready') throw new Error(`store not ready: ${state.kind}`);
  return state.store;
}

suite('importing runs', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
    await api.initialImport;
  });

  test('Import Runs… reads an MLflow store and the Experiments view shows it', async () => {
    const mlruns = await copyInto('Tom-source__opdracht/mlruns', 'imported/mlruns');
    const outcome = (await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns))) as ImportOutcome;
    assert.equal(outcome.summaries.length, 1);
    assert.equal(outcome.summaries[0]!.kind, 'mlflow');
    assert.equal(outcome.summaries[0]!.source, 'imported/mlruns');
    assert.equal(outcome.summaries[0]!.runs, 2);
    await waitFor('the imported experiment in the tree', async () => ((await childLabels(api.experiments)).includes('Tom Test') ? true : undefined));
    const experiment = await childByLabel(api.experiments, 'Tom Test');
    assert.deepEqual(await childLabels(api.experiments, experiment), ['likeable-shark-460']);
    await waitFor('the imported registered model in the Models view', async () => ((await childLabels(api.models)).includes('tracking-quickstart') ? true : undefined));
  });

  test('an MLflow run that logs while the window is open grows live', async () => {
    const mlruns = path.join(workspaceFolder().uri.fsPath, 'imported', 'mlruns');
    const runId = storeOf(api).runs.listByExperiment(experimentIdOf('Tom Test'), { limit: 1 })[0]!.id;
    const runDir = fs.readdirSync(mlruns, { recursive: true, withFileTypes: true }).find((e) => e.isDirectory() && e.name === runId)!;
    const metricFile = path.join(runDir.parentPath, runId, 'metrics', 'live_loss');
    fs.mkdirSync(path.dirname(metricFile), { recursive: true });
    const t = Date.now();
    fs.writeFileSync(metricFile, `${t} 1.0 0\n`);
    await waitFor('the new metric', () => storeOf(api).metrics.summaries(runId).get('live_loss'), 10_000);
    fs.appendFileSync(metricFile, `${t + 1} 0.25 1\n`);
    const loss = await waitFor('the appended point', () => {
      const summary = storeOf(api).metrics.summaries(runId).get('live_loss');
      return summary?.count === 2 ? summary : undefined;
    }, 10_000);
    assert.equal(loss.last, 0.25);

    function experimentIdOf(name: string): string {
      return storeOf(api).experiments.list().find((e) => e.name === name)!.id;
    }
  });

  test('problems in a source are listed in the Problems panel at their file and line, the rest is imported', async () => {
    const mlruns = await copyInto('1kruidenp__TaxiFareModel/mlruns', 'broken/mlruns');
    const metric = fs.readdirSync(mlruns, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && path.basename(e.parentPath) === 'metrics');
    assert.ok(metric, 'the fixture has a metric file');
    const metricFile = path.join(metric.parentPath, metric.name);
    fs.appendFileSync(metricFile, 'this is not a metric line\n');
    const outcome = (await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns))) as ImportOutcome;
    assert.ok(outcome.problems.some((p) => p.file === metricFile && p.line !== undefined), JSON.stringify(outcome.problems));
    assert.equal(outcome.summaries[0]!.failedRuns, 0);
    const diagnostics = await waitFor('a diagnostic on the metric file', () => {
      const found = vscode.languages.getDiagnostics(vscode.Uri.file(metricFile));
      return found.length ? found : undefined;
    });
    assert.equal(diagnostics[0]!.source, 'Model Ledger');
  });

  test('a run log written while the window is open shows up live, line by line', async () => {
    const runs = path.join(workspaceFolder().uri.fsPath, '.modelledger', 'runs');
    fs.mkdirSync(runs, { recursive: true });
    const file = path.join(runs, 'liverun1.jsonl');
    const t = Date.now();
    const line = (o: object) => fs.appendFileSync(file, JSON.stringify(o) + '\n');
    line({ type: 'start', v: 1, t, run_id: 'liverun1', experiment: 'live', name: 'watching', git: null, command: null, start_time: t });
    line({ type: 'metrics', t, step: 0, values: { loss: 1 } });
    await waitFor('the live run in the store', () => storeOf(api).runs.get('liverun1'), 10_000);
    line({ type: 'metrics', t: t + 1, step: 1, values: { loss: 0.5 } });
    const loss = await waitFor('the appended point', () => {
      const summary = storeOf(api).metrics.summaries('liverun1').get('loss');
      return summary?.count === 2 ? summary : undefined;
    }, 10_000);
    assert.equal(loss.last, 0.5);
    await waitFor('the live experiment in the tree', async () => ((await childLabels(api.experiments)).includes('live') ? true : undefined));
  });
});
