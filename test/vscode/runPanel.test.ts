import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { RunPanel } from '../../src/extension/panels/runPanel';
import { activateApi, waitFor, workspaceFolder } from './helpers';

suite('run details panel', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('showRun opens a webview that asks for its state and gets the run', async () => {
    const target = { folder: workspaceFolder().uri.fsPath, runId: 'demo0003000000000000000000000000' };
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', target)) as RunPanel;
    assert.ok(panel, 'the command returns the panel');
    // The host posts state only after the webview's "ready": a state message proves the page loaded under its CSP.
    const message = await waitFor('the webview to load and the host to answer', () => (panel.lastMessage?.type === 'state' ? panel.lastMessage : undefined), 20_000);
    assert.equal(message.run.name, 'gbm-lr-0.1');
    assert.equal(message.run.status, 'finished');
    assert.deepEqual(Object.fromEntries(message.run.params), { learning_rate: '0.1', max_depth: '4', model: 'gbm', n_estimators: '300' });
    assert.deepEqual(message.run.metrics.map((m) => [m.key, m.count]), [['loss', 30], ['val/accuracy', 30]]);
    assert.equal(panel.panel.title, 'gbm-lr-0.1');
    assert.equal(panel.panel.viewType, 'modelLedger.run');
  });

  test('showing the same run again reveals the open panel', async () => {
    const target = { folder: workspaceFolder().uri.fsPath, runId: 'demo0001000000000000000000000000' };
    const first = await vscode.commands.executeCommand('modelLedger.showRun', target);
    const second = await vscode.commands.executeCommand('modelLedger.showRun', target);
    assert.equal(first, second);
    assert.equal(api.runPanels.find(target), first);
  });

  test('a run that is not in the store gets a clear message, not a blank page', async () => {
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: workspaceFolder().uri.fsPath, runId: 'nope' })) as RunPanel;
    const message = await waitFor('the missing message', () => (panel.lastMessage?.type === 'missing' ? panel.lastMessage : undefined), 20_000);
    assert.equal(message.runId, 'nope');
  });

  test('showRun without a run says what to do and opens nothing', async () => {
    const result = await vscode.commands.executeCommand('modelLedger.showRun', { bogus: true });
    assert.equal(result, undefined);
  });
});
