import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { activateApi, childByLabel, extensionJson, label, workspaceFolder } from './helpers';
import { DEMO_MODEL, evaluateWhen, git, importMlflowRegistry, MLFLOW_MODEL, modelRow, rowsOf, run, versionRow } from './registryHelpers';

interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string; enablement?: string }[];
    menus: Record<string, MenuItem[]>;
    viewsWelcome: { view: string; contents: string; when?: string }[];
    configuration: { properties: Record<string, { default?: unknown; items?: { pattern?: string } }> };
  };
}

const REGISTRY_COMMANDS = [
  'modelLedger.registerVersion',
  'modelLedger.assignStage',
  'modelLedger.unassignStage',
  'modelLedger.rollbackStage',
  'modelLedger.deprecateModel',
  'modelLedger.deregisterVersion',
  'modelLedger.stageAtDate',
  'modelLedger.openWorktree',
  'modelLedger.removeWorktree',
  'modelLedger.compareVersions',
  'modelLedger.verifyArtifact',
  // Runs git and indexes tags into the store: trusted workspaces only, like the writes.
  'modelLedger.downloadVersionArtifact',
  'modelLedger.pushRegistry',
  'modelLedger.fetchRegistry',
  'modelLedger.requestReview',
  'modelLedger.approveReview',
  'modelLedger.rejectReview',
];
const GIT_WRITES = REGISTRY_COMMANDS.filter((c) => !['modelLedger.stageAtDate', 'modelLedger.compareVersions', 'modelLedger.verifyArtifact'].includes(c));

const MODEL = 'menu-model';

/** The commands a row's context menu shows (inline ones too), from package.json and the row's contextValue. */
function menuOf(manifest: Manifest, view: string, contextValue: string | undefined, noGit = false): string[] {
  const context = { view, viewItem: contextValue, 'modelLedger.noGitRepository': noGit };
  return [...new Set(manifest.contributes.menus['view/item/context']!.filter((m) => evaluateWhen(m.when ?? 'true', context)).map((m) => m.command))].sort();
}

suite('registry menus, commands and settings in package.json', () => {
  let api: ModelLedgerApi;
  let manifest: Manifest;
  let nls: Record<string, string>;
  const folder = () => workspaceFolder().uri.fsPath;
  const commitOf = async (runName: string) => (await git('log', '--format=%H', '--grep', `^Train ${runName}$`)).trim();

  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    manifest = extensionJson<Manifest>('package.json');
    nls = extensionJson<Record<string, string>>('package.nls.json');
    // One model with a version in a stage, one in none and one deregistered, each at a commit of its own.
    const register = async (version: string, runName: string) =>
      run('modelLedger.registerVersion', { folder: folder(), model: MODEL, version, commit: await commitOf(runName), artifactPath: 'models/churn.pkl', description: '', allowDirty: true });
    assert.ok(await register('v0.1.0', 'logreg-default'), JSON.stringify(api.registry.feedback.last));
    assert.ok(await register('v0.2.0', 'logreg-strong-reg'));
    assert.ok(await register('v0.3.0', 'gbm-lr-0.3'));
    assert.ok(await run('modelLedger.assignStage', { folder: folder(), model: MODEL, version: 'v0.1.0', stage: 'dev' }));
    assert.ok(await run('modelLedger.deregisterVersion', { folder: folder(), model: MODEL, version: 'v0.2.0', confirmed: true }));
  });

  test('each registry command is registered, titled from package.nls.json, in the Model Ledger category, with an icon', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const id of REGISTRY_COMMANDS) {
      const contribution = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(contribution, `${id} is contributed`);
      assert.ok(registered.includes(id), `${id} is registered`);
      assert.equal(contribution.category, 'Model Ledger');
      assert.match(contribution.title, /^%command\.\w+%$/);
      assert.ok(nls[contribution.title.slice(1, -1)], `${contribution.title} is in package.nls.json`);
      assert.match(contribution.icon ?? '', /^\$\([a-z-]+\)$/, `${id} has a codicon`);
    }
  });

  test('commands that write git tags are disabled in an untrusted workspace; palette entries only where there is a repository', () => {
    for (const id of GIT_WRITES) assert.equal(manifest.contributes.commands.find((c) => c.command === id)?.enablement, 'isWorkspaceTrusted', id);
    for (const id of REGISTRY_COMMANDS) {
      const entry = manifest.contributes.menus.commandPalette!.find((m) => m.command === id);
      assert.ok(entry?.when, `${id} has a palette when clause`);
      assert.equal(evaluateWhen(entry.when, { 'modelLedger.noGitRepository': false }), true);
      assert.equal(evaluateWhen(entry.when, { 'modelLedger.noGitRepository': true }), false);
    }
  });

  test('a version row\'s menu follows its contextValue: stage commands where they apply, nothing on another registry\'s versions', async () => {
    const staged = await versionRow(api, MODEL, 'v0.1.0');
    const plain = await versionRow(api, MODEL, 'v0.3.0');
    const gone = await versionRow(api, MODEL, 'v0.2.0');
    assert.deepEqual([staged.item.contextValue, plain.item.contextValue, gone.item.contextValue], ['registryVersion.dev', 'registryVersion', 'registryVersion!deregistered']);
    const M = 'modelLedger.models';
    const code = ['modelLedger.compareVersions', 'modelLedger.downloadVersionArtifact', 'modelLedger.openWorktree', 'modelLedger.removeWorktree', 'modelLedger.verifyArtifact'];
    const stages = ['modelLedger.assignStage', 'modelLedger.rollbackStage', 'modelLedger.unassignStage'];
    // Drift, retraining and the comparison with prod, on every registered version (monitor/, health/).
    const monitor = ['modelLedger.checkDrift', 'modelLedger.compareWithProduction', 'modelLedger.retrainFromVersion'];
    // Reviews of a version for a stage, on every registered version (governanceReviews.test.ts); its
    // card, description and labels on every one not deregistered; its promotion gate (governanceGates.test.ts).
    const reviews = ['modelLedger.approveReview', 'modelLedger.rejectReview', 'modelLedger.requestReview'];
    const governance = ['modelLedger.checkGate', 'modelLedger.editDescription', 'modelLedger.editLabels', 'modelLedger.openModelCard', 'modelLedger.updateModelCardFacts', ...reviews];
    assert.deepEqual(menuOf(manifest, M, staged.item.contextValue), [...stages, 'modelLedger.deregisterVersion', ...code, ...monitor, ...governance].sort());
    assert.deepEqual(menuOf(manifest, M, plain.item.contextValue), ['modelLedger.assignStage', 'modelLedger.deregisterVersion', ...code, ...monitor, ...governance].sort());
    assert.deepEqual(menuOf(manifest, M, gone.item.contextValue), code);

    // The demo's model is git tags too: its rows have the registry's commands.
    const demo = await versionRow(api, DEMO_MODEL, 'v1.0.0');
    assert.equal(demo.item.contextValue, 'registryVersion.prod');
    assert.deepEqual(menuOf(manifest, M, demo.item.contextValue), [...stages, 'modelLedger.deregisterVersion', ...code, ...monitor, ...governance].sort());
    assert.equal((await modelRow(api, DEMO_MODEL)).item.contextValue, 'registryModel');
    // A model an MLflow registry imported lives in the store only: the registry commands leave it alone;
    // its version offers its run (its artifact stayed on MLflow's server: nothing to verify or adopt).
    const mlflow = await importMlflowRegistry(api);
    assert.equal(mlflow.item.contextValue, 'model');
    assert.deepEqual(menuOf(manifest, M, mlflow.item.contextValue), ['modelLedger.showMonitoring'], 'only monitoring, which needs no git');
    const production = await versionRow(api, MLFLOW_MODEL, '1');
    assert.equal(production.item.contextValue, 'mlflowVersion.run');
    assert.deepEqual(menuOf(manifest, M, production.item.contextValue), ['modelLedger.compareSourceRuns', 'modelLedger.showSourceRun']);
  });

  test('a model row, its History and a version\'s artifact have their own commands', async () => {
    const M = 'modelLedger.models';
    const model = await modelRow(api, MODEL);
    assert.equal(model.item.contextValue, 'registryModel');
    assert.deepEqual(menuOf(manifest, M, model.item.contextValue), ['modelLedger.deprecateModel', 'modelLedger.editDescription', 'modelLedger.editLabels', 'modelLedger.registerVersion', 'modelLedger.rollbackStage', 'modelLedger.showMonitoring', 'modelLedger.stageAtDate']);
    assert.deepEqual(menuOf(manifest, M, 'registryModel.deprecated'), ['modelLedger.editDescription', 'modelLedger.editLabels', 'modelLedger.registerVersion', 'modelLedger.rollbackStage', 'modelLedger.showMonitoring', 'modelLedger.stageAtDate']);
    const history = (await rowsOf(api, model.node)).find((r) => r.label === 'History')!;
    assert.deepEqual(menuOf(manifest, M, history.item.contextValue), ['modelLedger.stageAtDate']);
    const artifact = (await rowsOf(api, (await versionRow(api, MODEL, 'v0.1.0')).node)).find((r) => r.label === 'models/churn.pkl')!;
    assert.deepEqual(menuOf(manifest, M, artifact.item.contextValue), ['modelLedger.downloadVersionArtifact', 'modelLedger.openVersionArtifact', 'modelLedger.verifyArtifact']);
    const inline = manifest.contributes.menus['view/item/context']!.filter((m) => m.group?.startsWith('inline') && evaluateWhen(m.when!, { view: M, viewItem: artifact.item.contextValue }));
    assert.deepEqual(inline.map((m) => m.command), ['modelLedger.verifyArtifact'], 'Verify Artifact is an inline button on the artifact');
  });

  test('a run row offers Register Model Version… when the folder is a git repository', async () => {
    const tuning = await childByLabel(api.experiments, 'tuning');
    const runNode: TreeNode = await childByLabel(api.experiments, 'gbm-lr-0.1', tuning);
    const item = await api.experiments.getTreeItem(runNode);
    assert.equal(label(item), 'gbm-lr-0.1');
    assert.ok(menuOf(manifest, 'modelLedger.experiments', item.contextValue).includes('modelLedger.registerVersion'));
    assert.ok(!menuOf(manifest, 'modelLedger.experiments', item.contextValue, true).includes('modelLedger.registerVersion'));
  });

  test('the Explorer offers Register Model Version… on model files by extension and on folders under a models path', () => {
    const entries = manifest.contributes.menus['explorer/context']!.filter((m) => m.command === 'modelLedger.registerVersion');
    assert.equal(entries.length, 1);
    const when = entries[0]!.when!;
    const file = (name: string, extra: Record<string, boolean> = {}) =>
      evaluateWhen(when, { explorerResourceIsFolder: false, resourceScheme: 'file', resourceExtname: path.extname(name), resourceDirname: '/ws/src', ...extra });
    const folder = (dir: string) => evaluateWhen(when, { explorerResourceIsFolder: true, resourceScheme: 'file', resourceDirname: path.dirname(dir), resourceExtname: '' });
    for (const model of ['churn.pkl', 'net.pt', 'model.onnx', 'weights.safetensors', 'clf.joblib', 'm.h5', 'llm.gguf']) assert.equal(file(model), true, model);
    for (const other of ['train.py', 'README.md', 'data.csv', 'params.yaml']) assert.equal(file(other), false, other);
    assert.equal(file('churn.pkl', { 'modelLedger.noGitRepository': true }), false);
    assert.equal(folder('/ws/models/churn-v2'), true, 'an MLflow or SavedModel folder under models/');
    assert.equal(folder('/ws/mlruns/1/abc/artifacts/model'), true);
    assert.equal(folder('/ws/src'), false);
    assert.equal(evaluateWhen(when, { explorerResourceIsFolder: false, resourceScheme: 'untitled', resourceExtname: '.pkl' }), false);
  });

  test('without a git repository the Models view says why the registry is off', () => {
    const welcome = manifest.contributes.viewsWelcome.filter((w) => w.view === 'modelLedger.models');
    const noGit = welcome.filter((w) => evaluateWhen(w.when ?? 'true', { 'modelLedger.noGitRepository': true }));
    assert.equal(noGit.length, 1);
    assert.match(nls[noGit[0]!.contents.slice(1, -1)]!, /not a git repository/);
    assert.ok(welcome.filter((w) => evaluateWhen(w.when ?? 'true', { 'modelLedger.noGitRepository': false })).every((w) => !/not a git repository/.test(nls[w.contents.slice(1, -1)]!)));
  });

  test('the modelLedger.stages setting lists stage names checked with GTO\'s rule', () => {
    const setting = manifest.contributes.configuration.properties['modelLedger.stages'];
    assert.deepEqual(setting?.default, []);
    const pattern = new RegExp(setting!.items!.pattern!);
    assert.ok(['dev', 'staging', 'prod', 'canary-eu/1', 'Prod', 'Pre_Prod', 'a_b'].every((s) => pattern.test(s)));
    assert.ok(['-x', 'a b', 'x-', '_x', 'x_', 'a.b', 'a:b'].every((s) => !pattern.test(s)));
  });
});
