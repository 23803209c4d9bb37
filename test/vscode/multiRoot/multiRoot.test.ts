import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../../src/extension/extension';
import type { ComparePanel } from '../../../src/extension/panels/comparePanel';
import { storePath } from '../../../src/store/paths';
import { activateApi, childLabels, treeRows, waitFor } from '../helpers';

// The workspace: alpha and beta, two demo repositories, each with its own store.

suite('a multi-root workspace', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
  });

  function folder(name: string): vscode.WorkspaceFolder {
    const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
    if (!found) throw new Error(`no workspace folder ${name}`);
    return found;
  }

  async function runRow(folderName: string, experiment: string, run: string) {
    const folderRow = (await treeRows(api.experiments)).find((r) => r.label === folderName)!;
    const experimentRow = (await treeRows(api.experiments, folderRow.node)).find((r) => r.label === experiment)!;
    return (await treeRows(api.experiments, experimentRow.node)).find((r) => r.label === run)!.node;
  }

  test('each folder has its own store', () => {
    const [alpha, beta] = [api.stores.read(folder('alpha')), api.stores.read(folder('beta'))];
    assert.equal(alpha.kind, 'ready');
    assert.equal(beta.kind, 'ready');
    assert.notEqual(alpha.kind === 'ready' && alpha.store, beta.kind === 'ready' && beta.store);
    for (const name of ['alpha', 'beta']) assert.ok(fs.existsSync(storePath(folder(name).uri.fsPath)), `${name} has its store`);
  });

  test('both views group by folder, each folder showing its own store', async () => {
    assert.deepEqual(await childLabels(api.experiments), ['alpha', 'beta']);
    assert.deepEqual(await childLabels(api.models), ['alpha', 'beta']);
    const [alphaRow] = await treeRows(api.experiments);
    assert.equal(alphaRow!.item.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    assert.deepEqual((await childLabels(api.experiments, alphaRow!.node)).sort(), ['baseline', 'tuning']);
    const betaModels = (await treeRows(api.models))[1]!;
    assert.ok((await childLabels(api.models, betaModels.node)).includes('churn-classifier'));
  });

  test('a write to one folder\'s store shows under that folder only', async () => {
    const beta = api.stores.read(folder('beta'));
    assert.ok(beta.kind === 'ready');
    beta.store.write(() => beta.store.experiments.upsert({ name: 'beta-only', origin: { source: 'demo', id: 'beta-only', path: null } }));
    api.stores.wrote();
    const [alphaRow, betaRow] = await treeRows(api.experiments);
    await waitFor('the new experiment under beta', async () => ((await childLabels(api.experiments, betaRow!.node)).includes('beta-only') ? true : undefined));
    assert.ok(!(await childLabels(api.experiments, alphaRow!.node)).includes('beta-only'));
  });

  test('Compare Selected Runs refuses runs of two folders, and compares runs of one', async () => {
    const alphaRun = await runRow('alpha', 'tuning', 'gbm-lr-0.1');
    const betaRun = await runRow('beta', 'tuning', 'gbm-lr-0.05');
    const refused = await vscode.commands.executeCommand<ComparePanel | undefined>('modelLedger.compareRuns', alphaRun, [alphaRun, betaRun]);
    assert.equal(refused, undefined);
    assert.equal(api.runFeedback.last?.kind, 'error');
    assert.match(api.runFeedback.last?.text ?? '', /one workspace folder at a time: the selection holds runs of alpha and beta/);

    const otherAlphaRun = await runRow('alpha', 'tuning', 'gbm-lr-0.05');
    const panel = await vscode.commands.executeCommand<ComparePanel | undefined>('modelLedger.compareRuns', alphaRun, [alphaRun, otherAlphaRun]);
    assert.ok(panel, JSON.stringify(api.runFeedback.last));
    assert.equal(path.resolve(panel.panelState.folder), folder('alpha').uri.fsPath);
    assert.equal(panel.panelState.runIds.length, 2);
    panel.panel.dispose();
  });
});
