import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { OpenedArtifact } from '../../src/extension/registry/openArtifactCommand';
import type { RegisterResult } from '../../src/registry/registry';
import { treeHash } from '../../testkit/mlflowArtifacts';
import { activateApi, copyFixture, extensionJson, waitFor, workspaceFolder, type Row } from './helpers';
import { evaluateWhen, git, importMlflowRegistry, MLFLOW_MODEL, modelRow, rowsOf, run, tagNames, versionRow } from './registryHelpers';

/** A real MLflow store with a registry of 2 models (PROVENANCE.md); its tracking-quickstart is another suite's store's too, so this suite uses model_tracking. */
const FIXTURE = 'data-IA-2022__CO2_Mlflow_Maud_Tarik/mlruns';
const STORE = 'imported/mlflow-versions/mlruns';
/** model_tracking 1: another machine's file:///home/tarik/… path, to a folder that this store holds. */
const MAPPED = { model: 'model_tracking', version: '1' };
const MAPPED_PATH = `${STORE}/720243650590451200/f44a22316509441d890bf3bdf88fd4e7/artifacts/data/best_model_GradientBoostingRegressor.pkl`;
/** test_r_m 1 (silver6wings, imported by the registry suites' helper): a tracking server's mlflow-artifacts: URI. */
const ABSENT = { model: MLFLOW_MODEL, version: '1' };
const ABSENT_RUN = '823752a37b844f01880ec088776a549b';
const ABSENT_SOURCE = `mlflow-artifacts:/0/${ABSENT_RUN}/artifacts/model`;
/** Where registryHelpers' importMlflowRegistry puts that store. */
const ABSENT_STORE = 'imported/mlflow-registry/mlruns';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string; enablement?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}

const MLFLOW_COMMANDS = ['modelLedger.showSourceRun', 'modelLedger.compareSourceRuns', 'modelLedger.openVersionArtifact', 'modelLedger.adoptVersion'];

suite('MLflow versions in the Models view: mapped artifacts, the commands that apply, adoption into the git registry', () => {
  let api: ModelLedgerApi;
  let manifest: Manifest;
  let nls: Record<string, string>;
  const folder = () => workspaceFolder().uri.fsPath;
  const M = 'modelLedger.models';
  const menuOf = (contextValue: string | undefined, noGit = false) =>
    [...new Set(manifest.contributes.menus['view/item/context']!.filter((m) => evaluateWhen(m.when ?? 'true', { view: M, viewItem: contextValue, 'modelLedger.noGitRepository': noGit })).map((m) => m.command))].sort();
  const childRows = async (model: string, version: string) => rowsOf(api, (await versionRow(api, model, version)).node);
  const artifactRow = async (model: string, version: string): Promise<Row> => {
    const row = (await childRows(model, version)).find((r) => r.item.id?.endsWith(':artifact'));
    assert.ok(row, `${model} ${version} has an artifact row`);
    return row;
  };
  const tooltipOf = (row: Row) => api.models.resolveTreeItem(row.item, row.node).tooltip as vscode.MarkdownString;
  /** A tooltip's text as it reads: Markdown escapes and non-breaking spaces undone. */
  const readable = (md: vscode.MarkdownString) => md.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');

  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    manifest = extensionJson<Manifest>('package.json');
    nls = extensionJson<Record<string, string>>('package.nls.json');
    const mlruns = copyFixture(FIXTURE, STORE);
    await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns));
    await modelRow(api, MAPPED.model);
    await importMlflowRegistry(api);
  });

  // The git registry's other suites count the versions at HEAD and the tags: the adopted version's go.
  suiteTeardown(async () => {
    const adopted = (await tagNames()).filter((t) => t.startsWith('model-tracking'));
    if (adopted.length > 0) await git('tag', '-d', ...adopted);
    await waitFor('the adopted model to leave the Models view', async () => ((await rowsOf(api)).some((r) => r.label === 'model-tracking') ? undefined : true), 20_000);
  });

  test('an MLflow model says so; each version\'s row offers what applies to it, and none of the git registry\'s writes', async () => {
    const model = await modelRow(api, MAPPED.model);
    assert.equal(model.item.description, 'MLflow · 1 version');
    assert.equal(model.item.contextValue, 'model');
    assert.equal((await modelRow(api, ABSENT.model)).item.description, 'MLflow · 1 version · production: 1');
    const mapped = await versionRow(api, MAPPED.model, MAPPED.version);
    const absent = await versionRow(api, ABSENT.model, ABSENT.version);
    assert.equal(mapped.item.contextValue, 'mlflowVersion.run.artifact');
    assert.equal(absent.item.contextValue, 'mlflowVersion.run');
    // Download reads the MLflow store's copy: it writes nothing to a registry.
    assert.deepEqual(menuOf(mapped.item.contextValue), ['modelLedger.adoptVersion', 'modelLedger.compareSourceRuns', 'modelLedger.downloadVersionArtifact', 'modelLedger.showSourceRun', 'modelLedger.verifyArtifact']);
    assert.deepEqual(menuOf(mapped.item.contextValue, true), ['modelLedger.compareSourceRuns', 'modelLedger.downloadVersionArtifact', 'modelLedger.showSourceRun', 'modelLedger.verifyArtifact'], 'no git repository: nothing to adopt into');
    assert.deepEqual(menuOf(absent.item.contextValue), ['modelLedger.compareSourceRuns', 'modelLedger.showSourceRun'], 'no artifact here: nothing to verify or register');
    assert.deepEqual(menuOf('mlflowVersion'), [], 'no run, no artifact: nothing applies');
    assert.deepEqual(menuOf((await artifactRow(MAPPED.model, MAPPED.version)).item.contextValue), ['modelLedger.downloadVersionArtifact', 'modelLedger.openVersionArtifact', 'modelLedger.verifyArtifact']);
    assert.deepEqual(menuOf((await artifactRow(ABSENT.model, ABSENT.version)).item.contextValue), []);

    const registered = await vscode.commands.getCommands(true);
    for (const id of MLFLOW_COMMANDS) {
      const contribution = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(contribution && registered.includes(id), `${id} is contributed and registered`);
      assert.equal(contribution.category, 'Model Ledger');
      assert.ok(nls[contribution.title.slice(1, -1)], `${contribution.title} is in package.nls.json`);
      assert.match(contribution.icon ?? '', /^\$\([a-z-]+\)$/);
      assert.equal(manifest.contributes.menus.commandPalette!.find((m) => m.command === id)?.when, 'false', `${id} needs a row`);
    }
    assert.equal(nls['command.adoptVersion'], 'Register in Git Registry…');
    assert.equal(manifest.contributes.commands.find((c) => c.command === 'modelLedger.adoptVersion')?.enablement, 'isWorkspaceTrusted', 'it writes a git tag');
  });

  test('the version row\'s tooltip says why the git registry\'s commands do not apply, with Register in Git Registry… as a link', async () => {
    const tooltip = tooltipOf(await versionRow(api, MAPPED.model, MAPPED.version));
    assert.match(readable(tooltip), /Version 1 of model_tracking is in MLflow's registry, not in git tags: its stages and aliases are MLflow's, and the git registry's commands \(Assign Stage, Roll Back, Deprecate, Deregister…\), which write git tags, do not apply to it/);
    assert.match(tooltip.value, /not in git tags/, 'plain spaces, so the sentence wraps in the hover');
    const link = /\[\$\(add\) Register in Git Registry…\]\(command:modelLedger\.adoptVersion\?([^)]+)\)/.exec(tooltip.value);
    assert.ok(link, tooltip.value);
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1]!)), [{ folder: folder(), ...MAPPED }]);
    assert.deepEqual(tooltip.isTrusted, { enabledCommands: ['modelLedger.adoptVersion'] }, 'only that command runs from the tooltip');

    const absent = tooltipOf(await versionRow(api, ABSENT.model, ABSENT.version));
    assert.ok(readable(absent).includes(`Artifact not in this workspace; MLflow recorded it at ${ABSENT_SOURCE}`), absent.value);
    assert.match(readable(absent), /To register it in the git registry, its artifact must be in this workspace first\./);
    assert.doesNotMatch(absent.value, /command:/);
  });

  test('the lineage: the source run, and a mapped artifact by its MLflow path with the sha256 computed at import', async () => {
    const source = (await childRows(MAPPED.model, MAPPED.version)).find((r) => r.item.contextValue === 'lineage.run')!;
    assert.equal(source.label, 'nosy-koi-423');
    assert.equal(source.item.description, 'source run · Seatle_co2_pred_maud_tarik · finished');

    const artifact = await artifactRow(MAPPED.model, MAPPED.version);
    const expected = treeHash(path.join(folder(), MAPPED_PATH));
    assert.equal(artifact.label, 'data/best_model_GradientBoostingRegressor.pkl', 'as MLflow names it in the run');
    assert.equal(artifact.item.description, `sha256 ${expected.sha256.slice(0, 12)}… · 1.6 KB`);
    assert.equal(expected.size, 1628);
    assert.match(String(artifact.item.tooltip), new RegExp(`^Artifact ${MAPPED_PATH}\\nsha256 ${expected.sha256}\\n1628 bytes\\nThe copy in this workspace of what MLflow recorded at file:///home/tarik/`));
    assert.equal((artifact.item.iconPath as vscode.ThemeIcon).id, 'folder');
  });

  test('an artifact that is not in this workspace says so, where MLflow said it was and where it would be here', async () => {
    const artifact = await artifactRow(ABSENT.model, ABSENT.version);
    assert.equal(artifact.label, 'model');
    assert.equal(artifact.item.description, 'not in this workspace');
    assert.equal(artifact.item.command, undefined, 'nothing to open');
    assert.equal(
      artifact.item.tooltip,
      [
        `MLflow recorded this version's artifact at ${ABSENT_SOURCE}.`,
        'That is an MLflow tracking server\'s artifact store (mlflow server keeps the files in its own mlartifacts folder), which this workspace does not hold.',
        `No copy of it is in this workspace (it would be at ${ABSENT_STORE}/0/${ABSENT_RUN}/artifacts/model), so it cannot be opened, verified or registered in the git registry. Copy the files there and import the store again.`,
      ].join('\n'),
    );
  });

  test('selecting an artifact reveals a folder in the Explorer and opens its MLmodel; a file opens in an editor', async () => {
    const artifact = await artifactRow(MAPPED.model, MAPPED.version);
    const command = artifact.item.command!;
    assert.equal(command.command, 'modelLedger.openVersionArtifact');
    const opened = await vscode.commands.executeCommand<OpenedArtifact>(command.command, ...(command.arguments ?? []));
    assert.deepEqual(opened, { revealed: path.join(folder(), MAPPED_PATH), opened: path.join(folder(), MAPPED_PATH, 'MLmodel') });
    await waitFor('MLmodel in the active editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === opened.opened ? true : undefined));

    const conda = `${MAPPED_PATH}/conda.yaml`;
    assert.deepEqual(await run('modelLedger.openVersionArtifact', { folder: folder(), path: conda }), { opened: path.join(folder(), conda) });
    await waitFor('conda.yaml in the active editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === path.join(folder(), conda) ? true : undefined));
    assert.equal(await run('modelLedger.openVersionArtifact', { folder: folder(), path: `${STORE}/nope` }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /nope is not in .* any more/);
  });

  test('Verify Artifact checks an MLflow version against the sha256 of its import: unchanged, modified, and nothing to verify when it is not here', async () => {
    const versionNode = (await versionRow(api, MAPPED.model, MAPPED.version)).node;
    assert.equal(await run('modelLedger.verifyArtifact', versionNode), 'ok');
    assert.match(api.registry.feedback.last?.text ?? '', /^model_tracking 1: .*best_model_GradientBoostingRegressor\.pkl is unchanged since the store was imported \(sha256 [0-9a-f]{12}…\)\.$/);
    const mlmodel = path.join(folder(), MAPPED_PATH, 'MLmodel');
    const original = fs.readFileSync(mlmodel);
    fs.appendFileSync(mlmodel, '# edited\n');
    try {
      assert.equal(await run('modelLedger.verifyArtifact', (await artifactRow(MAPPED.model, MAPPED.version)).node), 'modified');
      assert.match(api.registry.feedback.last?.text ?? '', /changed since the store was imported \(its sha256 no longer matches\); import the store again/);
    } finally {
      fs.writeFileSync(mlmodel, original);
    }
    assert.equal(await run('modelLedger.verifyArtifact', { folder: folder(), ...MAPPED }), 'ok', 'the files back as they were');
    assert.equal(await run('modelLedger.verifyArtifact', (await versionRow(api, ABSENT.model, ABSENT.version)).node), undefined);
    assert.equal(api.registry.feedback.last?.text, `test_r_m 1: its artifact is not in this workspace (MLflow recorded it at ${ABSENT_SOURCE}), so there is nothing to verify.`);
  });

  test('Show Run Details and Compare Source Run With… open on the version\'s run', async () => {
    await run('modelLedger.showSourceRun', (await versionRow(api, ABSENT.model, ABSENT.version)).node);
    assert.ok(api.runPanels.find({ folder: folder(), runId: ABSENT_RUN }), 'the source run\'s details are open');
    // The source of sk-learn-random-forest-reg-model 4, in the same MLflow store.
    const other = '1a3c30a3fc464ce783540a93b69f941a';
    await run('modelLedger.compareSourceRuns', { folder: folder(), ...ABSENT, with: [other] });
    assert.ok(api.comparePanels.find(folder(), [ABSENT_RUN, other]), 'the source run first, as the baseline');
    assert.equal(await run('modelLedger.compareSourceRuns', { folder: folder(), ...ABSENT, with: [] }), undefined);
    assert.equal(api.registry.feedback.last?.text, 'Choose at least one run to compare name with.');
  });

  test('Register in Git Registry… registers the MLflow artifact as a git version with its run; the MLflow row then points to it', async () => {
    const before = await tagNames();
    // The MLflow model keeps its name in this store: the git registry's model needs another.
    assert.equal(await run('modelLedger.adoptVersion', { folder: folder(), ...MAPPED, gitModel: 'model_tracking', gitVersion: 'v1.0.0', commit: 'HEAD', description: '', allowDirty: true }), undefined);
    assert.equal(api.registry.feedback.last?.text, '"model_tracking" is a model from mlflow in this store; give the git registry\'s model another name.');
    assert.equal(await run('modelLedger.adoptVersion', { folder: folder(), ...ABSENT, gitModel: 'quickstart', gitVersion: 'v1.0.0', commit: 'HEAD', description: '', allowDirty: true }), undefined);
    assert.equal(api.registry.feedback.last?.text, `test_r_m 1: its artifact is not in this workspace (MLflow recorded it at ${ABSENT_SOURCE}); copy it into the store and import again to register it.`);
    assert.deepEqual(await tagNames(), before, 'no tag written');

    // At the commit before HEAD: the status bar, which the registry suites check, lists HEAD's versions.
    const commit = (await git('rev-parse', 'HEAD~1')).trim();
    const result = await run<RegisterResult>('modelLedger.adoptVersion', { folder: folder(), ...MAPPED, gitModel: 'model-tracking', gitVersion: 'v1.0.0', commit, description: 'Version 1 of model_tracking in MLflow\'s registry', allowDirty: true });
    assert.ok(result, JSON.stringify(api.registry.feedback.last));
    assert.equal(result.tag, 'model-tracking@v1.0.0');
    assert.equal(result.commit, commit);
    const imported = (await versionRow(api, MAPPED.model, MAPPED.version)).node as unknown as { version: { artifact: { sha256: string } } };
    assert.deepEqual(result.artifact, { path: MAPPED_PATH, sha256: imported.version.artifact.sha256, size: 1628 }, 'the same files, the same sha256');
    assert.deepEqual(await tagNames(), [...before, 'model-tracking@v1.0.0'].sort());
    const message = await git('tag', '-l', '--format=%(contents)', 'model-tracking@v1.0.0');
    assert.match(message, /"run": ?"f44a22316509441d890bf3bdf88fd4e7"/, 'the MLflow run is the source run');

    // A git version like any other: its row has the registry's commands, and it can be promoted.
    const adopted = await waitFor('the git model in the Models view', async () => {
      const row = (await rowsOf(api)).find((r) => r.label === 'model-tracking');
      return row?.item.contextValue === 'registryModel' ? row : undefined;
    });
    assert.ok(adopted);
    const gitVersion = await versionRow(api, 'model-tracking', 'v1.0.0');
    assert.equal(gitVersion.item.contextValue, 'registryVersion');
    assert.ok(await run('modelLedger.assignStage', { folder: folder(), model: 'model-tracking', version: 'v1.0.0', stage: 'staging' }), JSON.stringify(api.registry.feedback.last));
    assert.equal((await versionRow(api, 'model-tracking', 'v1.0.0')).item.contextValue, 'registryVersion.staging');

    const mlflowRow = await versionRow(api, MAPPED.model, MAPPED.version);
    assert.match(String(mlflowRow.item.description), /^in git as model-tracking v1\.0\.0 · /);
    const tooltip = tooltipOf(mlflowRow);
    assert.match(readable(tooltip), /Its artifact is registered in the git registry as model-tracking v1\.0\.0: promote that one\./);
    assert.doesNotMatch(tooltip.value, /command:/);
  });
});
