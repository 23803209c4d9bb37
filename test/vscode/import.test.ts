import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeNode } from '../../src/extension/views/treeNode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { ImportOutcome } from '../../src/extension/ingest/sourceImports';
import { activateApi, childByLabel, childLabels, copyFixture, extensionJson, waitFor, workspaceFolder } from './helpers';
import { evaluateWhen } from './registryHelpers';

/** How long a live import step may take: several rounds of the 5 s live poll, on a busy machine. */
const LIVE_WAIT_MS = 30_000;

/** A run's meta.yaml as MLflow writes it: status 1 while it runs, 3 once finished. */
function mlflowRunMeta(experimentId: string, runId: string, status: 1 | 3, startTime: number): string {
  return [
    `artifact_uri: file:///tmp/mlruns/${experimentId}/${runId}/artifacts`,
    `end_time: ${status === 3 ? startTime + 1000 : 'null'}`,
    `experiment_id: '${experimentId}'`,
    'lifecycle_stage: active',
    `run_id: ${runId}`,
    'run_name: live-run',
    `run_uuid: ${runId}`,
    `start_time: ${startTime}`,
    `status: ${status}`,
    "user_id: trainer",
    '',
  ].join('\n');
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
    const mlruns = copyFixture('Tom-source__opdracht/mlruns', 'imported/mlruns');
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

  test('Import Runs… on a folder of DVCLive runs, one per cross-validation fold, imports each fold', async () => {
    const folds = ['fold_0', 'fold_1'];
    for (const fold of folds) copyFixture('CoffeeMugTwo__dvc_dqn_test/dvclive', `crossval/dvclive/${fold}`);
    const outer = vscode.Uri.file(path.join(workspaceFolder().uri.fsPath, 'crossval', 'dvclive'));
    const outcome = (await vscode.commands.executeCommand('modelLedger.importRuns', outer)) as ImportOutcome;
    assert.deepEqual(outcome.summaries.map((s) => [s.kind, s.source, s.runs]), folds.map((fold) => ['dvclive', `crossval/dvclive/${fold}`, 1]));
    for (const fold of folds) assert.ok(storeOf(api).runs.get(`dvclive:crossval/dvclive/${fold}`), fold);
  });

  test('the Explorer offers Import Runs… on run sources: those imported, and folders and files named as sources are', () => {
    const manifest = extensionJson<{ contributes: { menus: Record<string, { command: string; when: string }[]> } }>('package.json');
    const when = manifest.contributes.menus['explorer/context']!.find((m) => m.command === 'modelLedger.importRuns')!.when;
    const imported = vscode.Uri.file(path.join(workspaceFolder().uri.fsPath, 'imported', 'mlruns'));
    const known = api.imports.runSources();
    assert.ok(known.includes(imported.path), `the imported store is known: ${known.join(', ')}`);
    const offered = (uri: vscode.Uri, folder: boolean) =>
      evaluateWhen(when, {
        resourceScheme: uri.scheme, resourcePath: uri.path, resourceFilename: path.basename(uri.path), resourceExtname: path.extname(uri.path),
        resourceDirname: path.dirname(uri.fsPath), explorerResourceIsFolder: folder, 'modelLedger.runSources': known,
      });
    assert.equal(offered(imported, true), true, 'an imported store');
    assert.equal(offered(vscode.Uri.file('/elsewhere/notebooks/mlruns'), true), true, 'a folder named mlruns, before any import');
    assert.equal(offered(vscode.Uri.file('/elsewhere/dvclive'), true), true);
    assert.equal(offered(vscode.Uri.file('/elsewhere/mlflow.db'), false), true);
    assert.equal(offered(vscode.Uri.file('/elsewhere/.modelledger/runs/3f2a.jsonl'), false), true, 'a run log file');
    assert.equal(offered(workspaceFolder().uri, true), false, 'not any folder');
    assert.equal(offered(vscode.Uri.file('/elsewhere/src'), true), false);
    assert.equal(offered(vscode.Uri.file('/elsewhere/data/train.jsonl'), false), false, 'not any JSON-lines file');
  });

  test('an import tells views it started, how far it got and that it finished', async () => {
    const mlruns = copyFixture('chopinlab__mlflow-practice/mlruns', 'activity/mlruns');
    const seen: { state: string; importing: boolean }[] = [];
    /** The views' top rows while the import runs: a row that says so, and counts marked partial. */
    const shown: { experiments: string[]; models: string[]; descriptions: string[] }[] = [];
    const subscription = api.imports.onDidChangeActivity((activity) => {
      if (activity.folder.uri.toString() !== workspaceFolder().uri.toString()) return;
      seen.push({ state: activity.state, importing: api.imports.isImporting(activity.folder) });
      if (activity.state !== 'progress') return;
      const rows = (tree: { getChildren(): unknown }) => (tree.getChildren() as TreeNode[]).map((node) => node.getTreeItem());
      const experiments = rows(api.experiments);
      shown.push({
        experiments: experiments.map((item) => String(item.contextValue)),
        models: rows(api.models).map((item) => String(item.contextValue)),
        descriptions: experiments.filter((item) => item.contextValue?.startsWith('experiment')).map((item) => String(item.description)),
      });
    });
    try {
      const outcome = (await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns))) as ImportOutcome;
      assert.ok(outcome.summaries[0]!.runs > 0);
    } finally {
      subscription.dispose();
    }
    assert.deepEqual(seen[0], { state: 'started', importing: true });
    assert.ok(seen.some((s) => s.state === 'progress'), JSON.stringify(seen));
    assert.deepEqual(seen.at(-1), { state: 'finished', importing: false });
    assert.ok(shown.length > 0);
    for (const view of shown) {
      assert.equal(view.experiments[0], 'importing', 'the Experiments view leads with the import');
      assert.equal(view.models[0], 'importing', 'so does the Models view');
      assert.ok(view.descriptions.every((d) => d.endsWith('so far…')), view.descriptions.join(' | '));
    }
    const after = (api.experiments.getChildren() as TreeNode[]).map((node) => node.getTreeItem());
    assert.ok(after.every((item) => item.contextValue !== 'importing'), 'the row goes when the import ends');
    assert.ok(after.every((item) => !String(item.description).endsWith('so far…')));
  });

  test('an MLflow run started while the window is open grows live, then finishes', async function () {
    this.timeout(4 * LIVE_WAIT_MS);
    // As MLflow starts a run: its folder, meta.yaml, then metrics/, params/ and tags/ at once.
    // VS Code's watcher misses folders made that fast; the live poll must not. Each step waits a few
    // poll rounds: CI saw one take over 10 s on a loaded machine.
    const mlruns = path.join(workspaceFolder().uri.fsPath, 'imported', 'mlruns');
    const meta = (name: string) => path.join(mlruns, name, 'meta.yaml');
    const experimentId = fs.readdirSync(mlruns).find((name) => fs.existsSync(meta(name)) && fs.readFileSync(meta(name), 'utf8').includes('Tom Test'))!;
    const runId = 'c0ffee00c0ffee00c0ffee00c0ffee00';
    const runDir = path.join(mlruns, experimentId, runId);
    const t = Date.now();
    fs.mkdirSync(runDir);
    fs.writeFileSync(path.join(runDir, 'meta.yaml'), mlflowRunMeta(experimentId, runId, 1, t));
    for (const part of ['metrics', 'params', 'tags']) fs.mkdirSync(path.join(runDir, part));
    fs.writeFileSync(path.join(runDir, 'params', 'lr'), '0.01');
    await waitFor('the new run, running', () => (storeOf(api).runs.get(runId)?.status === 'running' ? true : undefined), LIVE_WAIT_MS);
    const metricFile = path.join(runDir, 'metrics', 'live_loss');
    fs.writeFileSync(metricFile, `${t} 1.0 0\n`);
    await waitFor('the new metric', () => storeOf(api).metrics.summaries(runId).get('live_loss'), LIVE_WAIT_MS);
    fs.appendFileSync(metricFile, `${t + 1} 0.25 1\n`);
    const loss = await waitFor('the appended point', () => {
      const summary = storeOf(api).metrics.summaries(runId).get('live_loss');
      return summary?.count === 2 ? summary : undefined;
    }, LIVE_WAIT_MS);
    assert.equal(loss.last, 0.25);
    assert.deepEqual(storeOf(api).runs.params(runId), { lr: '0.01' });
    fs.writeFileSync(path.join(runDir, 'meta.yaml'), mlflowRunMeta(experimentId, runId, 3, t));
    await waitFor('the run finished', () => (storeOf(api).runs.get(runId)?.status === 'finished' ? true : undefined), LIVE_WAIT_MS);
    const experiment = await childByLabel(api.experiments, 'Tom Test');
    await waitFor('the run in the tree', async () => ((await childLabels(api.experiments, experiment)).includes('live-run') ? true : undefined));
  });

  test('problems in a source are listed in the Problems panel at their file and line, the rest is imported', async () => {
    const mlruns = copyFixture('1kruidenp__TaxiFareModel/mlruns', 'broken/mlruns');
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
