import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { Comparison } from '../../src/extension/registry/compareVersionsCommand';
import type { ShareResult } from '../../src/extension/registry/shareCommands';
import type { StageAtDateAnswer } from '../../src/extension/registry/stageAtDateCommand';
import type { ArtifactStatus, RegisterResult, TagWriteResult } from '../../src/registry/registry';
import type { GitRepositories } from '../../src/extension/registry/gitRepositories';
import { registryNotice } from '../../src/extension/registry/registryNotice';
import { ModelsTreeProvider } from '../../src/extension/views/modelsTree';
import { activateApi, label, waitFor, workspaceFolder } from './helpers';
import { DEMO_MODEL, git, gitIn, importMlflowRegistry, MLFLOW_MODEL, modelRow, rowsOf, run, tagNames, versionRow } from './registryHelpers';

// The demo's runs (out/scripts/make-demo.js): each was trained at a commit of its own; the last
// one's commit is HEAD.
const GBM_01 = 'demo0003000000000000000000000000'; // gbm-lr-0.1
const GBM_005 = 'demo0005000000000000000000000000'; // gbm-lr-0.05, at HEAD
const MODEL = 'churn-gbm';
/** The demo's version at HEAD, always first in the status bar (models by name). */
const DEMO_AT_HEAD = `${DEMO_MODEL} v1.1.0 [staging]`;

/** The commit the demo made for a run ("Train <name>"). */
async function commitOf(runName: string): Promise<string> {
  return (await git('log', '--format=%H', '--grep', `^Train ${runName}$`)).trim();
}

suite('git model registry', () => {
  let api: ModelLedgerApi;
  let folder: string;
  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    folder = workspaceFolder().uri.fsPath;
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the demo workspace is a git repository: the registry is on, its model is a git one, and the status bar shows the version at HEAD', async () => {
    assert.equal(api.registry.registries.repos.detectedRepository(workspaceFolder()), true);
    assert.ok(!(await rowsOf(api)).some((r) => r.item.contextValue === 'message'));
    assert.equal((await modelRow(api, DEMO_MODEL)).item.contextValue, 'registryModel');
    await waitFor('the status bar at HEAD', () => (api.registry.statusBar.item.text === `$(tag) ${DEMO_AT_HEAD}` ? true : undefined));
  });

  test('a folder that is not a git repository says why at the top of its models, and the registry commands refuse with the reason', async () => {
    const notGit = { detectedRepository: () => false } as unknown as GitRepositories;
    const provider = new ModelsTreeProvider(api.stores, api.importProgress, (f) => registryNotice(notGit, f));
    try {
      const roots = (await provider.getChildren()) ?? [];
      const first = provider.getTreeItem(roots[0]!);
      assert.equal(label(first), `Registry commands are off: ${workspaceFolder().name} is not a git repository`);
      assert.equal(first.contextValue, 'message');
    } finally {
      provider.dispose();
    }
    assert.equal(registryNotice({ detectedRepository: () => true } as unknown as GitRepositories, workspaceFolder()), undefined);

    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-not-git-'));
    try {
      const folderOutside: vscode.WorkspaceFolder = { uri: vscode.Uri.file(plain), name: 'plain', index: 9 };
      await assert.rejects(api.registry.registries.forWriting(folderOutside), /plain is not in a git repository: the model registry lives in git tags/);
      assert.equal(fs.existsSync(path.join(plain, '.modelledger')), false, 'nothing written there');
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  test('Register Model Version from a run writes a GTO tag with the artifact, commit and metrics, and the Models view shows it', async () => {
    const result = await run<RegisterResult>('modelLedger.registerVersion', {
      folder,
      runId: GBM_01,
      model: MODEL,
      version: 'v1.0.0',
      commit: await commitOf('gbm-lr-0.1'),
      artifactPath: 'models/churn.pkl',
      description: 'Gradient boosting, lr 0.1',
      allowDirty: false,
    });
    assert.ok(result, `registered: ${JSON.stringify(api.registry.feedback.last)}`);
    const runCommit = await commitOf('gbm-lr-0.1');
    assert.deepEqual([result.tag, result.commit, result.dirty], [`${MODEL}@v1.0.0`, runCommit, false]);
    assert.equal((await git('cat-file', '-t', `${MODEL}@v1.0.0`)).trim(), 'tag', 'an annotated tag, as GTO reads');
    const message = await git('tag', '--list', '--format=%(taggername)%00%(contents)', `${MODEL}@v1.0.0`);
    assert.match(message, /^Demo Trainer\0Registering artifact churn-gbm version v1\.0\.0\n/);
    assert.match(message, new RegExp(`Model-Ledger: .*"run":"${GBM_01}"`));

    const model = await modelRow(api, MODEL);
    assert.equal(model.item.contextValue, 'registryModel');
    const rows = await rowsOf(api, model.node);
    assert.deepEqual(rows.map((r) => [r.label, r.item.contextValue]), [['v1.0.0', 'registryVersion'], ['History', 'registryHistory']]);
    assert.match(String(rows[0]!.item.description), new RegExp(`^${runCommit.slice(0, 8)} · Demo Trainer · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$`));
  });

  test('a version expands to its lineage: source run (opens the run), commit, artifact and sha256, metrics, stage history', async () => {
    const version = await versionRow(api, MODEL, 'v1.0.0');
    const lineage = await rowsOf(api, version.node);
    assert.deepEqual(lineage.map((r) => r.item.contextValue), ['lineage.run', 'lineage.commit', 'registryArtifact', 'lineage.metrics', 'lineage.stages']);
    const [source, commit, artifact, metrics, stages] = lineage as [typeof lineage[0], typeof lineage[0], typeof lineage[0], typeof lineage[0], typeof lineage[0]];
    assert.equal(source.label, 'gbm-lr-0.1');
    assert.deepEqual(source.item.command?.command, 'modelLedger.showRun');
    assert.deepEqual(source.item.command?.arguments, [{ folder, runId: GBM_01, fromRow: true }]);
    assert.match(commit.label, /^[0-9a-f]{8}$/);
    assert.equal(artifact.label, 'models/churn.pkl');
    const sha = (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(path.join(folder, 'models', 'churn.pkl'))).digest('hex');
    assert.match(String(artifact.item.tooltip), new RegExp(`sha256 ${sha}`));
    assert.equal(String(artifact.item.description), `sha256 ${sha.slice(0, 12)}… · 19 B`);
    assert.deepEqual((await rowsOf(api, metrics.node)).map((r) => [r.label, r.item.description]), [['loss', '0.2074'], ['val/accuracy', '0.8134']]);
    assert.equal(stages.item.description, 'never in a stage');

    // Selecting the source run opens its details.
    await vscode.commands.executeCommand(source.item.command!.command, ...source.item.command!.arguments!);
    assert.ok(api.runPanels.find({ folder, runId: GBM_01 }), 'the run panel is open');
  });

  test('Promote to prod moves the stage badge, and the status bar shows the version at HEAD with its stage', async () => {
    const second = await run<RegisterResult>('modelLedger.registerVersion', { folder, runId: GBM_005, model: MODEL, bump: 'minor', commit: await commitOf('gbm-lr-0.05'), artifactPath: path.join(folder, 'models', 'churn.pkl'), description: '' });
    assert.equal(second?.version, 'v1.1.0', JSON.stringify(api.registry.feedback.last));
    assert.equal(second.commit, (await git('rev-parse', 'HEAD')).trim(), "the run's commit, which is HEAD");

    const first = await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'prod' });
    assert.deepEqual([first?.tag, first?.previous], [`${MODEL}#prod#1`, null]);
    const second2 = await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.1.0', stage: 'prod' });
    assert.deepEqual([second2?.tag, second2?.previous], [`${MODEL}#prod#2`, 'v1.0.0']);

    const v11 = await versionRow(api, MODEL, 'v1.1.0');
    const v10 = await versionRow(api, MODEL, 'v1.0.0');
    assert.equal(v11.item.contextValue, 'registryVersion.prod');
    assert.match(String(v11.item.description), /^\[prod\] · /);
    assert.equal(v10.item.contextValue, 'registryVersion');
    assert.match(String((await modelRow(api, MODEL)).item.description), /^2 versions · prod: v1\.1\.0$/);
    await waitFor('the status bar at HEAD', () => (api.registry.statusBar.item.text === `$(tag) ${DEMO_AT_HEAD}, ${MODEL} v1.1.0 [prod]` ? true : undefined));
  });

  test('the status bar follows HEAD: another commit checked out has no version, and back again it shows', async () => {
    const text = `$(tag) ${DEMO_AT_HEAD}, ${MODEL} v1.1.0 [prod]`;
    assert.equal(api.registry.statusBar.item.text, text);
    await git('checkout', '--quiet', '--detach', 'HEAD~1');
    try {
      await waitFor('the status bar to notice the checkout', () => (api.registry.statusBar.item.text === '' ? true : undefined));
    } finally {
      await git('checkout', '--quiet', 'main');
    }
    await waitFor('the status bar back at main', () => (api.registry.statusBar.item.text === text ? true : undefined));
  });

  test('Roll Back Stage puts the previous version back in prod; the History shows every step, newest first', async () => {
    const model = await modelRow(api, MODEL);
    const result = await run<TagWriteResult>('modelLedger.rollbackStage', { folder, model: MODEL, stage: 'prod' });
    assert.deepEqual([result?.version, result?.previous, result?.tag], ['v1.0.0', 'v1.1.0', `${MODEL}#prod#3`]);
    assert.equal((await versionRow(api, MODEL, 'v1.0.0')).item.contextValue, 'registryVersion.prod');
    assert.equal((await versionRow(api, MODEL, 'v1.1.0')).item.contextValue, 'registryVersion');

    const history = (await rowsOf(api, model.node)).find((r) => r.label === 'History')!;
    assert.equal(history.item.description, '5 events');
    assert.deepEqual(
      (await rowsOf(api, history.node)).map((r) => r.label),
      ['v1.0.0 assigned to prod', 'v1.1.0 assigned to prod', 'v1.0.0 assigned to prod', 'v1.1.0 registered', 'v1.0.0 registered'],
    );
    const stageHistory = (await rowsOf(api, (await versionRow(api, MODEL, 'v1.0.0')).node)).find((r) => r.item.contextValue === 'lineage.stages')!;
    assert.deepEqual((await rowsOf(api, stageHistory.node)).map((r) => r.label), ['assigned to prod', 'assigned to prod']);
    await waitFor('the status bar without the stage', () => (api.registry.statusBar.item.text === `$(tag) ${DEMO_AT_HEAD}, ${MODEL} v1.1.0` ? true : undefined));
  });

  test('Roll Back Stage on a version row rolls back the stage it holds; Unassign Stage empties it', async () => {
    const v10 = await versionRow(api, MODEL, 'v1.0.0');
    const back = await vscode.commands.executeCommand<TagWriteResult>('modelLedger.rollbackStage', v10.node);
    assert.deepEqual([back?.version, back?.previous], ['v1.1.0', 'v1.0.0'], JSON.stringify(api.registry.feedback.last));
    const v11 = await versionRow(api, MODEL, 'v1.1.0');
    const unassigned = await vscode.commands.executeCommand<TagWriteResult>('modelLedger.unassignStage', v11.node);
    assert.equal(unassigned?.tag, `${MODEL}#prod!#5`);
    assert.equal((await versionRow(api, MODEL, 'v1.1.0')).item.contextValue, 'registryVersion');
    // Back to where the next tests expect it: v1.1.0 in prod.
    await run('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.1.0', stage: 'prod' });
  });

  test('What Was in Stage on Date answers from the history, in a message', async () => {
    const before = await run<StageAtDateAnswer>('modelLedger.stageAtDate', { folder, model: MODEL, stage: 'prod', date: '2000-01-01' });
    assert.equal(before?.version, null);
    assert.equal(api.registry.feedback.last?.text, `On 2000-01-01 (UTC), prod of ${MODEL} was empty.`);
    const now = await run<StageAtDateAnswer>('modelLedger.stageAtDate', { folder, model: MODEL, stage: 'prod', date: '2999-12-31' });
    assert.equal(now?.version, 'v1.1.0');
    assert.equal(api.registry.feedback.last?.text, `On 2999-12-31 (UTC), prod of ${MODEL} held v1.1.0.`);
    const bad = await run('modelLedger.stageAtDate', { folder, model: MODEL, stage: 'prod', date: 'yesterday' });
    assert.equal(bad, undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /is not a date/);
  });

  test('Verify Artifact says ok, modified or missing since registration', async () => {
    const file = path.join(folder, 'models', 'churn.pkl');
    const original = fs.readFileSync(file);
    try {
      assert.equal(await run<ArtifactStatus>('modelLedger.verifyArtifact', { folder, model: MODEL, version: 'v1.0.0' }), 'ok');
      fs.writeFileSync(file, 'retrained weights\n');
      assert.equal(await run<ArtifactStatus>('modelLedger.verifyArtifact', { folder, model: MODEL, version: 'v1.0.0' }), 'modified');
      assert.match(api.registry.feedback.last?.text ?? '', /was modified since it was registered/);
      fs.rmSync(file);
      assert.equal(await run<ArtifactStatus>('modelLedger.verifyArtifact', { folder, model: MODEL, version: 'v1.0.0' }), 'missing');
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  test('Compare Code Between Versions lists the changed files and opens a diff between the two commits', async () => {
    const comparison = await run<Comparison>('modelLedger.compareVersions', { folder, model: MODEL, version: 'v1.1.0', other: 'v1.0.0', show: false });
    assert.deepEqual([comparison?.from, comparison?.to], ['v1.0.0', 'v1.1.0'], 'the older version on the left');
    assert.deepEqual(comparison!.files.map((f) => [f.status, f.path]), [['modified', 'train.py']]);

    await run('modelLedger.compareVersions', { folder, model: MODEL, version: 'v1.0.0', other: 'v1.1.0', file: 'train.py' });
    const input = await waitFor('the diff editor', () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputTextDiff ? tab.input : undefined;
    });
    assert.equal(input.original.scheme, 'model-ledger-git');
    const left = (await vscode.workspace.openTextDocument(input.original)).getText();
    const right = (await vscode.workspace.openTextDocument(input.modified)).getText();
    assert.equal(left, await git('show', `${MODEL}@v1.0.0:train.py`));
    assert.match(left, /"learning_rate":"0\.1"/);
    assert.match(right, /"learning_rate":"0\.05"/);
  });

  test('Open Version in Worktree checks out the version under .modelledger/worktrees; Remove Worktree removes it', async () => {
    const dir = await run<string>('modelLedger.openWorktree', { folder, model: MODEL, version: 'v1.0.0', open: false });
    assert.equal(dir, path.join(folder, '.modelledger', 'worktrees', `${MODEL}-v1.0.0`));
    assert.equal((await gitIn(dir, 'rev-parse', 'HEAD')).trim(), (await git('rev-parse', `${MODEL}@v1.0.0^{commit}`)).trim());
    assert.equal(await run('modelLedger.openWorktree', { folder, model: MODEL, version: 'v1.0.0', open: false }), dir, 'opening it again reuses it');
    const removed = await vscode.commands.executeCommand<string>('modelLedger.removeWorktree', (await versionRow(api, MODEL, 'v1.0.0')).node);
    assert.equal(removed, dir);
    assert.equal(fs.existsSync(dir), false);
    assert.doesNotMatch(await git('worktree', 'list'), /worktrees/);
  });

  test('bad input is refused with a one-line message and writes nothing', async () => {
    const tags = await tagNames();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ model: 'Churn Model' }, /must not contain spaces/],
      [{ model: '-rf' }, /must not start with "-"/],
      [{ model: 'a..b' }, /must not contain "\.\."/],
      [{ model: 'x;rm' }, /contains ";"/],
      [{ model: MODEL, version: 'v1.0.0' }, /registered already/],
      [{ model: MODEL, version: '1.2.0' }, /needs a leading "v"/],
      [{ model: 'fresh-model', commit: '0123456789abcdef0123456789abcdef01234567' }, /is not in this repository/],
      [{ model: 'fresh-model', artifactPath: 'models/nope.pkl' }, /does not exist/],
      [{ model: 'fresh-model', artifactPath: '/etc/passwd' }, /outside the repository/],
    ];
    for (const [args, expected] of cases) {
      const result = await run('modelLedger.registerVersion', { folder, artifactPath: 'models/churn.pkl', version: 'v9.0.0', commit: 'HEAD', description: '', allowDirty: false, ...args });
      assert.equal(result, undefined, JSON.stringify(args));
      assert.equal(api.registry.feedback.last?.kind, 'error');
      assert.match(api.registry.feedback.last?.text ?? '', expected);
      assert.doesNotMatch(api.registry.feedback.last?.text ?? '', /\n/, 'one line');
    }
    assert.equal(await run('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'qa' }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /Stage "qa" is not allowed here \(allowed: dev, staging, prod/);
    // A model an MLflow registry owns in the store is left to it.
    await importMlflowRegistry(api);
    assert.equal(await run('modelLedger.registerVersion', { folder, model: MLFLOW_MODEL, artifactPath: 'models/churn.pkl', version: 'v9.0.0', commit: 'HEAD', description: '', allowDirty: false }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /^"test_r_m" is a model from mlflow in this store; give the git registry's model another name\.$/);
    assert.equal(await run('modelLedger.assignStage', { folder, model: MLFLOW_MODEL, version: 'v1.0.0', stage: 'prod' }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /No model named "test_r_m" in the git registry/, 'its stages are MLflow\'s');
    assert.deepEqual(await tagNames(), tags, 'no tag written');
  });

  test('the modelLedger.stages setting decides which stages a version can go to', async () => {
    const config = vscode.workspace.getConfiguration('modelLedger', workspaceFolder());
    await config.update('stages', ['dev', 'qa', 'prod'], vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const qa = await run<TagWriteResult>('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'qa' });
      assert.equal(qa?.stage, 'qa', JSON.stringify(api.registry.feedback.last));
      assert.equal(await run('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'staging' }), undefined);
      assert.match(api.registry.feedback.last?.text ?? '', /Stage "staging" is not allowed here \(allowed: dev, qa, prod/);
      assert.equal((await versionRow(api, MODEL, 'v1.0.0')).item.contextValue, 'registryVersion.qa');
    } finally {
      await config.update('stages', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
  });

  test('a dirty working tree is refused unless confirmed, and then recorded', async () => {
    const readme = path.join(folder, 'README.md');
    const original = fs.readFileSync(readme, 'utf8');
    fs.appendFileSync(readme, 'Work in progress.\n');
    try {
      const refused = await run('modelLedger.registerVersion', { folder, model: 'dirty-model', artifactPath: 'models/churn.pkl', bump: 'patch', commit: 'HEAD', description: '', allowDirty: false });
      assert.equal(refused, undefined);
      assert.match(api.registry.feedback.last?.text ?? '', /uncommitted changes \(README\.md\)/);
      const result = await run<RegisterResult>('modelLedger.registerVersion', { folder, model: 'dirty-model', artifactPath: 'models/churn.pkl', bump: 'patch', commit: 'HEAD', description: '', allowDirty: true });
      assert.equal(result?.dirty, true);
      assert.equal(result.version, 'v0.0.1', "GTO's first version");
      const commit = (await rowsOf(api, (await versionRow(api, 'dirty-model', 'v0.0.1')).node)).find((r) => r.item.contextValue?.startsWith('lineage.commit'));
      assert.equal(commit?.item.contextValue, 'lineage.commit.dirty');
      assert.equal(commit?.item.description, 'commit, with uncommitted changes');
    } finally {
      fs.writeFileSync(readme, original);
    }
  });

  test('Push Registry sends the tags to a remote; Fetch Registry brings a teammate\'s; a rejecting remote is a clear error', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-remote-'));
    const bare = path.join(scratch, 'origin.git');
    await git('init', '--bare', '--initial-branch=main', bare);
    await git('remote', 'add', 'origin', bare);
    try {
      await git('push', '--quiet', 'origin', 'HEAD:refs/heads/main');
      const pushed = await run<ShareResult>('modelLedger.pushRegistry', { folder, remote: 'origin' });
      assert.equal(pushed?.remote, 'origin', JSON.stringify(api.registry.feedback.last));
      assert.ok(pushed.tags >= 8, `${pushed.tags} tags`);
      assert.match(await git('ls-remote', '--tags', bare), new RegExp(`refs/tags/${MODEL}@v1\\.0\\.0`));

      // A teammate registers a model with plain git, exactly as GTO writes it, and pushes it.
      const clone = path.join(scratch, 'teammate');
      await git('clone', '--quiet', bare, clone);
      await gitIn(clone, '-c', 'user.name=Teammate', '-c', 'user.email=mate@example.com', 'tag', '-a', 'fraud-detector@v0.1.0', '-m', 'Registering artifact fraud-detector version v0.1.0', 'HEAD');
      await gitIn(clone, 'push', '--quiet', 'origin', 'refs/tags/fraud-detector@v0.1.0');

      const fetched = await run<ShareResult>('modelLedger.fetchRegistry', { folder, remote: 'origin' });
      assert.equal(fetched?.tags, 1, JSON.stringify(api.registry.feedback.last));
      const teammate = await versionRow(api, 'fraud-detector', 'v0.1.0');
      assert.match(String(teammate.item.description), / · Teammate · /);

      // A remote that refuses every push.
      const strict = path.join(scratch, 'strict.git');
      await git('init', '--bare', strict);
      fs.writeFileSync(path.join(strict, 'hooks', 'pre-receive'), '#!/bin/sh\necho "registry is frozen" >&2\nexit 1\n', { mode: 0o755 });
      await git('remote', 'add', 'strict', strict);
      assert.equal(await run('modelLedger.pushRegistry', { folder, remote: 'strict' }), undefined);
      assert.match(api.registry.feedback.last?.text ?? '', /^Pushing registry tags to "strict" failed: .*rejected/);
      assert.equal(await run('modelLedger.pushRegistry', { folder, remote: 'nowhere' }), undefined);
      assert.match(api.registry.feedback.last?.text ?? '', /No git remote named "nowhere"/);
    } finally {
      await git('remote', 'remove', 'origin').catch(() => '');
      await git('remote', 'remove', 'strict').catch(() => '');
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  test('a GTO tag written outside the editor (gto, the CLI, a teammate) shows up in the Models view by itself', async () => {
    await git('-c', 'user.name=Gto User', '-c', 'user.email=gto@example.com', 'tag', '-a', 'outside-model@v0.0.1', '-m', 'Registering artifact outside-model version v0.0.1', 'HEAD~2');
    await git('tag', 'outside-model@v0.0.2', 'HEAD~1'); // lightweight: GTO ignores it, and so does Model Ledger
    await git('tag', '-a', 'release-2026', '-m', 'not a registry tag');
    const row = await waitFor('the new model in the view', async () => (await rowsOf(api)).find((r) => r.label === 'outside-model'), 10_000);
    assert.deepEqual((await rowsOf(api, row.node)).map((r) => r.label), ['v0.0.1', 'History']);
    assert.match(String((await versionRow(api, 'outside-model', 'v0.0.1')).item.description), / · Gto User · /);
  });

  test('a new name outside DVC\'s dvc.yaml rule is registered, with a warning that names one fitting both', async () => {
    const tags = await tagNames();
    const result = await run<RegisterResult>('modelLedger.registerVersion', { folder, model: 'Churn_GBM', artifactPath: 'models/churn.pkl', version: 'v1.0.0', commit: await commitOf('gbm-lr-0.3'), description: '', allowDirty: false });
    assert.equal(result?.tag, 'Churn_GBM@v1.0.0', JSON.stringify(api.registry.feedback.last));
    assert.deepEqual(await tagNames(), [...tags, 'Churn_GBM@v1.0.0'].sort());
    assert.equal(api.registry.feedback.last?.kind, 'warning');
    assert.match(api.registry.feedback.last?.text ?? '', /^Registered Churn_GBM v1\.0\.0 at [0-9a-f]{8} \(tag Churn_GBM@v1\.0\.0\)\. "Churn_GBM" has uppercase letters and "_": .* "churn-gbm" fits both\.$/);
    assert.equal((await modelRow(api, 'Churn_GBM')).item.contextValue, 'registryModel');
    const again = await run<RegisterResult>('modelLedger.registerVersion', { folder, model: 'Churn_GBM', artifactPath: 'models/churn.pkl', bump: 'patch', commit: await commitOf('gbm-lr-0.1'), description: '', allowDirty: false });
    assert.deepEqual([again?.version, api.registry.feedback.last?.kind], ['v1.0.1', 'info'], 'a name the registry has already is not warned about again');
    assert.equal(await run('modelLedger.registerVersion', { folder, model: 'Churn_GBM_', artifactPath: 'models/churn.pkl', version: 'v1.0.0', commit: 'HEAD', description: '', allowDirty: false }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /^Model name "Churn_GBM_" is not a GTO name/);
  });

  test('the demo\'s model answers the registry commands: promote, roll back, the stage at a date, compare, verify', async () => {
    const promoted = await run<TagWriteResult>('modelLedger.assignStage', { folder, model: DEMO_MODEL, version: 'v1.1.0', stage: 'prod' });
    assert.deepEqual([promoted?.tag, promoted?.previous], [`${DEMO_MODEL}#prod#6`, 'v1.0.0'], JSON.stringify(api.registry.feedback.last));
    const back = await run<TagWriteResult>('modelLedger.rollbackStage', { folder, model: DEMO_MODEL, stage: 'prod' });
    assert.deepEqual([back?.version, back?.previous], ['v1.0.0', 'v1.1.0']);
    const before = await run<StageAtDateAnswer>('modelLedger.stageAtDate', { folder, model: DEMO_MODEL, stage: 'prod', date: '2026-11-07 12:00' });
    assert.equal(before?.version, 'v1.1.0', 'between the demo\'s promotion and its rollback');
    const comparison = await run<Comparison>('modelLedger.compareVersions', { folder, model: DEMO_MODEL, version: 'v1.1.0', other: 'v1.0.0', show: false });
    assert.deepEqual(comparison!.files.map((f) => [f.status, f.path]), [['modified', 'train.py']]);
    assert.equal(await run<ArtifactStatus>('modelLedger.verifyArtifact', { folder, model: DEMO_MODEL, version: 'v1.1.0' }), 'ok');
    assert.equal(await run<ArtifactStatus>('modelLedger.verifyArtifact', { folder, model: DEMO_MODEL, version: 'v1.0.0' }), 'modified', 'the working tree holds the newer weights');
    assert.match(String((await modelRow(api, DEMO_MODEL)).item.description), /^2 versions · /);
    assert.equal((await versionRow(api, DEMO_MODEL, 'v1.0.0')).item.contextValue, 'registryVersion.prod');
    assert.equal((await versionRow(api, DEMO_MODEL, 'v1.1.0')).item.contextValue, 'registryVersion.staging');
  });

  test('Deregister Version and Deprecate Model mark the rows; the History ends with the deprecation', async () => {
    const deregistered = await run<TagWriteResult>('modelLedger.deregisterVersion', { folder, model: MODEL, version: 'v1.1.0', confirmed: true });
    assert.equal(deregistered?.tag, `${MODEL}@v1.1.0!`);
    const v11 = await versionRow(api, MODEL, 'v1.1.0');
    assert.equal(v11.item.contextValue, 'registryVersion!deregistered');
    assert.match(String(v11.item.description), /^deregistered · /);
    assert.equal(await run('modelLedger.deprecateModel', { folder, model: MODEL, confirmed: true }).then((r) => (r as TagWriteResult | undefined)?.tag), `${MODEL}@deprecated`);
    const model = await modelRow(api, MODEL);
    assert.equal(model.item.contextValue, 'registryModel.deprecated');
    assert.match(String(model.item.description), /^deprecated · 1 version · prod: v1\.0\.0 · qa: v1\.0\.0$/);
    const history = (await rowsOf(api, model.node)).find((r) => r.label === 'History')!;
    assert.deepEqual((await rowsOf(api, history.node)).slice(0, 2).map((r) => r.label), ['model deprecated', 'v1.1.0 deregistered']);
    await waitFor('the status bar empty at HEAD', () => (api.registry.statusBar.item.text.includes(MODEL) ? undefined : true));
  });
});
