import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { RunPanel } from '../../src/extension/panels/runPanel';
import type { RunNode } from '../../src/extension/views/nodes/runNode';
import { activateApi, childByLabel, extensionJson, waitFor, workspaceFolder } from './helpers';

const GBM_01 = 'demo0003000000000000000000000000';
const GBM_03 = 'demo0004000000000000000000000000';
const GBM_005 = 'demo0005000000000000000000000000';
const NAMES: Record<string, string> = { [GBM_01]: 'gbm-lr-0.1', [GBM_03]: 'gbm-lr-0.3', [GBM_005]: 'gbm-lr-0.05' };

const target = (runId: string) => ({ folder: workspaceFolder().uri.fsPath, runId });
/** What a click on a run's row runs (views/showRunCommand.ts). */
const click = (runId: string) => vscode.commands.executeCommand<RunPanel>('modelLedger.showRun', { ...target(runId), fromRow: true });
const runTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('modelLedger.run'));

/** Waits until the panel's page shows this run (the host answers the page's "ready", then every change). */
function shows(panel: RunPanel, runId: string, preview: boolean): Promise<true> {
  return waitFor(`the panel to show ${NAMES[runId] ?? runId} (preview: ${preview})`, () => {
    const m = panel.lastMessage;
    return m?.type === 'state' && m.run.id === runId && m.preview === preview ? true : undefined;
  }, 20_000);
}

suite('run details panel', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('showRun opens a webview that asks for its state and gets the run', async () => {
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', target(GBM_01))) as RunPanel;
    assert.ok(panel, 'the command returns the panel');
    // The host posts state only after the webview's "ready": a state message proves the page loaded under its CSP.
    const message = await waitFor('the webview to load and the host to answer', () => (panel.lastMessage?.type === 'state' ? panel.lastMessage : undefined), 20_000);
    assert.equal(message.run.name, 'gbm-lr-0.1');
    assert.equal(message.run.qualifier, null, 'a unique name needs nothing to tell it apart');
    assert.equal(message.run.status, 'finished');
    assert.equal(message.run.stale, false);
    assert.deepEqual(Object.fromEntries(message.run.params), { learning_rate: '0.1', max_depth: '4', model: 'gbm', n_estimators: '300' });
    assert.deepEqual(message.run.metrics.map((m) => [m.key, m.count]), [['loss', 30], ['val/accuracy', 30]]);
    assert.equal(panel.panel.title, 'gbm-lr-0.1');
    assert.equal(panel.panel.viewType, 'modelLedger.run');
  });

  test('showing the same run again reveals the open panel', async () => {
    const first = await vscode.commands.executeCommand('modelLedger.showRun', target('demo0001000000000000000000000000'));
    const second = await vscode.commands.executeCommand('modelLedger.showRun', target('demo0001000000000000000000000000'));
    assert.equal(first, second);
    assert.equal(api.runPanels.find(target('demo0001000000000000000000000000')), first);
  });

  test('a run that is not in the store gets a clear message, not a blank page', async () => {
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', target('nope'))) as RunPanel;
    const message = await waitFor('the missing message', () => (panel.lastMessage?.type === 'missing' ? panel.lastMessage : undefined), 20_000);
    assert.equal(message.runId, 'nope');
  });

  test('showRun without a run says what to do and opens nothing', async () => {
    const result = await vscode.commands.executeCommand('modelLedger.showRun', { bogus: true });
    assert.equal(result, undefined);
  });
});

suite('run details as a preview', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('every run tab to close', () => (runTabs().length === 0 ? true : undefined));
    // So that the next test's first click on a run is not read as the second click of a double-click.
    await new Promise((resolve) => setTimeout(resolve, 600));
  });

  test('a click shows the run in the preview tab, and the next click shows its run in that same tab', async () => {
    const preview = (await click(GBM_01))!;
    assert.equal(preview.preview, true);
    await shows(preview, GBM_01, true);
    assert.equal(api.runPanels.preview, preview);
    const again = (await click(GBM_03))!;
    assert.equal(again, preview, 'the same panel, its page kept');
    await shows(preview, GBM_03, true);
    assert.equal(preview.panel.title, 'gbm-lr-0.3');
    assert.equal(runTabs().length, 1, 'one tab for both runs');
    assert.equal(api.runPanels.find(target(GBM_01)), undefined, 'the first run is no longer open');
    assert.equal(api.runPanels.find(target(GBM_03)), preview);
  });

  test('Keep Open keeps the preview on its run; the next run gets a preview tab of its own', async () => {
    const kept = (await click(GBM_01))!;
    await shows(kept, GBM_01, true);
    assert.equal(await vscode.commands.executeCommand('modelLedger.keepRunDetailsOpen'), kept);
    await shows(kept, GBM_01, false);
    assert.equal(api.runPanels.preview, undefined);
    const next = (await click(GBM_03))!;
    assert.notEqual(next, kept);
    await shows(next, GBM_03, true);
    assert.equal(runTabs().length, 2);
    // A run open in a kept tab is revealed there, the preview left as it is.
    assert.equal(await click(GBM_01), kept);
    assert.equal(api.runPanels.preview, next);
    assert.equal(runTabs().length, 2);
  });

  test('the page\'s Keep Open button keeps it too', async () => {
    const preview = (await click(GBM_01))!;
    await shows(preview, GBM_01, true);
    // What the page posts when the button is clicked, through the panel's own message handling.
    await preview.receive({ type: 'keepOpen' });
    await shows(preview, GBM_01, false);
    assert.equal(api.runPanels.preview, undefined);
  });

  test('a double-click keeps the run open', async () => {
    const first = (await click(GBM_005))!;
    const second = (await click(GBM_005))!;
    assert.equal(second, first);
    await shows(first, GBM_005, false);
    assert.equal(api.runPanels.preview, undefined);
  });

  test('VS Code\'s Pin on the preview\'s tab keeps it', async () => {
    const preview = (await click(GBM_01))!;
    await shows(preview, GBM_01, true);
    preview.panel.reveal(undefined, false);
    await waitFor('the preview to be the active tab', () => (preview.panel.active ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.pinEditor');
    try {
      await shows(preview, GBM_01, false);
      assert.equal(api.runPanels.preview, undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.unpinEditor');
    }
  });

  test('editing the previewed run (a note) keeps it open, as an edit keeps a preview editor', async () => {
    const preview = (await click(GBM_03))!;
    await shows(preview, GBM_03, true);
    try {
      await vscode.commands.executeCommand('modelLedger.editRunNote', { ...target(GBM_03), note: 'looked at' });
      await shows(preview, GBM_03, false);
    } finally {
      await vscode.commands.executeCommand('modelLedger.editRunNote', { ...target(GBM_03), note: '' });
    }
  });

  test('with previews turned off in VS Code, every run gets a tab of its own', async () => {
    const config = vscode.workspace.getConfiguration('workbench.editor');
    await config.update('enablePreview', false, vscode.ConfigurationTarget.Global);
    try {
      const first = (await click(GBM_01))!;
      const second = (await click(GBM_03))!;
      assert.notEqual(first, second);
      assert.deepEqual([first.preview, second.preview], [false, false]);
      await waitFor('two run tabs', () => (runTabs().length === 2 ? true : undefined));
    } finally {
      await config.update('enablePreview', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  test('the arrow keys walk the runs and the preview follows, in one tab', async () => {
    // The keybinding as package.json declares it: focus the next row, then hand the focused row to the extension.
    const manifest = extensionJson<{ contributes: { keybindings: { key: string; command: string; args?: unknown }[] } }>('package.json');
    const down = manifest.contributes.keybindings.find((k) => k.key === 'down' && k.command === 'runCommands')!;
    const tuning = await childByLabel(api.experiments, 'tuning');
    // The extension's own node classes (its bundle), told by their shape: a test's import is another copy.
    const runs = ((await api.experiments.getChildren(tuning)) ?? []).filter((n): n is RunNode => 'run' in n);
    assert.deepEqual(runs.map((r) => r.run.name), ['gbm-lr-0.05', 'gbm-lr-0.3', 'gbm-lr-0.1']);
    await api.experimentsView.reveal(runs[0]!, { select: true, focus: true });
    const preview = (await click(runs[0]!.run.id))!;
    await shows(preview, GBM_005, true);
    for (const next of runs.slice(1)) {
      await vscode.commands.executeCommand(down.command, down.args);
      await shows(preview, next.run.id, true);
      await waitFor(`the selection to follow to ${next.run.name}`, () => ((api.selection()[0] as RunNode | undefined)?.run?.id === next.run.id ? true : undefined));
    }
    assert.equal(runTabs().length, 1, 'the details followed in the preview tab');
  });

  test('a tab restored after a reload comes back as the preview or kept, as it was saved', async () => {
    const create = () => vscode.window.createWebviewPanel('modelLedger.run', 'restored', { viewColumn: vscode.ViewColumn.Active, preserveFocus: true }, { enableScripts: true });
    // Each page loads while its tab is in view (a hidden tab waits), and saves what the host sends
    // (webview/run/main.ts setState): the same run, preview or not.
    const preview = api.runPanels.restore(create(), { ...target(GBM_01), preview: true });
    await shows(preview, GBM_01, true);
    const kept = api.runPanels.restore(create(), { ...target(GBM_03), preview: false });
    await shows(kept, GBM_03, false);
    assert.equal(api.runPanels.preview, preview);
    const second = api.runPanels.restore(create(), { ...target(GBM_005), preview: true });
    assert.equal(second.preview, false, 'one preview at a time: a second comes back kept');
  });
});
