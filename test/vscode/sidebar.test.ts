import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { activateApi, extensionJson, waitFor, workspaceFolder } from './helpers';
import { evaluateWhen, git, run } from './registryHelpers';
import { ARTIFACT, experimentRow, type MenuItem, rowsUnder, runMenu, runRow, runRows, withStore, writeSuiteExperiment } from './sidebarHelpers';

const names = async (api: ModelLedgerApi) => (await runRows(api)).map((r) => r.label);
const auditOf = (runId: string) => withStore((store) => store.audit.list().filter((e) => e.target === runId).map((e) => e.action));
const folder = () => workspaceFolder().uri.fsPath;

suite('sidebar: sort, filter and run commands', () => {
  let api: ModelLedgerApi;

  suiteSetup(async () => {
    api = await activateApi();
    await api.initialImport; // counts are final, not "so far…"
    await writeSuiteExperiment();
    await experimentRow(api);
  });

  teardown(async () => {
    await run('modelLedger.clearRunQuery');
    await run('modelLedger.hideDeleted');
  });

  test('runs are newest first with their key metric, and a run deleted at its source is hidden', async () => {
    assert.equal(api.experimentsView.description, undefined, 'no sort or filter: nothing in the title');
    assert.deepEqual(await names(api), ['s-delta', 's-gamma', 's-beta', 's-alpha']);
    // The hidden deleted run is counted apart: 4 + 1 is what the source holds.
    assert.equal((await experimentRow(api)).item.description, '4 runs · 1 deleted');
    assert.match(String((await experimentRow(api)).item.tooltip), /1 deleted, hidden \(Show Deleted/);
    const gamma = await runRow(api, 's-gamma');
    assert.equal((gamma.item.iconPath as vscode.ThemeIcon).id, 'sync~spin', 'a running run spins');
    // acc is the metric every run has: the experiment's key metric, then the age in its short form.
    assert.match(String(gamma.item.description), /^acc 0\.95 · (\d+\w+ ago|just now)$/);
    assert.equal(gamma.item.contextValue, 'run.running');
  });

  test('Sort Runs… orders the runs and shows the sort in the view title', async () => {
    await run('modelLedger.sortRuns', { sort: { field: { kind: 'metric', key: 'loss' }, descending: false } });
    assert.equal(api.experimentsView.description, '↑ loss');
    // Lowest loss first; a run without the metric comes last; the description shows the sort metric.
    assert.deepEqual(await names(api), ['s-gamma', 's-beta', 's-alpha', 's-delta']);
    assert.match(String((await runRow(api, 's-beta')).item.description), /^loss 0\.3 · /);
    await run('modelLedger.sortRuns', { sort: { field: { kind: 'name' }, descending: false } });
    assert.deepEqual(await names(api), ['s-alpha', 's-beta', 's-delta', 's-gamma']);
    await run('modelLedger.sortRuns', { sort: { field: { kind: 'param', key: 'lr' }, descending: true } });
    // 0.1 > 0.01 > 0.001 as numbers; the two runs with 0.01 tie, newest first.
    assert.deepEqual(await names(api), ['s-alpha', 's-gamma', 's-beta', 's-delta']);
  });

  test('Filter Runs… by status, param, metric threshold and text; the experiment says how many match', async () => {
    await run('modelLedger.filterRuns', { filter: { statuses: ['finished', 'failed'] } });
    assert.deepEqual(await names(api), ['s-delta', 's-beta', 's-alpha']);
    assert.equal(api.experimentsView.description, 'finished, failed');
    assert.equal((await experimentRow(api)).item.description, '3 of 4 runs · 1 deleted');
    await run('modelLedger.filterRuns', { filter: { statuses: null, param: { key: 'lr', value: '0.01' } } });
    assert.deepEqual(await names(api), ['s-gamma', 's-beta']);
    await run('modelLedger.filterRuns', { filter: { metric: { key: 'acc', op: '>=', value: 0.93 } } });
    assert.deepEqual(await names(api), ['s-gamma']);
    assert.equal(api.experimentsView.description, 'lr = 0.01 · acc ≥ 0.93');
    await run('modelLedger.filterRuns', { filter: { param: null, metric: null, text: 'ALPH' } });
    assert.deepEqual(await names(api), ['s-alpha']);
    await run('modelLedger.filterRuns', { filter: { text: 'no such run' } });
    const [empty] = await runRows(api);
    assert.equal(empty?.label, 'No run matches the filter');
    assert.equal(empty?.item.command?.command, 'modelLedger.clearRunQuery', 'one click clears it');
    await run('modelLedger.clearRunQuery');
    assert.equal(api.experimentsView.description, undefined);
    assert.deepEqual(await names(api), ['s-delta', 's-gamma', 's-beta', 's-alpha']);
  });

  test('pin and unpin several selected runs: pinned ones come first, with a pin, and the audit log records it', async () => {
    const beta = await runRow(api, 's-beta');
    const alpha = await runRow(api, 's-alpha');
    // A context-menu click passes the clicked row and the selection.
    await run('modelLedger.pinRun', beta.node);
    await vscode.commands.executeCommand('modelLedger.pinRun', alpha.node, [beta.node, alpha.node]);
    assert.deepEqual((await names(api)).slice(0, 2), ['s-beta', 's-alpha'], 'pinned first, in sort order');
    const pinned = await runRow(api, 's-alpha');
    assert.equal(pinned.item.contextValue, 'run.finished.pinned.git');
    assert.equal((pinned.item.iconPath as vscode.ThemeIcon).id, 'pinned');
    assert.deepEqual(auditOf('sb-alpha'), ['run.pin']);
    assert.deepEqual(auditOf('sb-beta'), ['run.pin']);
    await vscode.commands.executeCommand('modelLedger.unpinRun', pinned.node, [pinned.node, (await runRow(api, 's-beta')).node]);
    assert.deepEqual(await names(api), ['s-delta', 's-gamma', 's-beta', 's-alpha']);
    assert.deepEqual(auditOf('sb-alpha'), ['run.pin', 'run.unpin']);
  });

  test('Rename Run… shows the new name, searchable; an empty name goes back to the imported one', async () => {
    const renamed = await run<string>('modelLedger.renameRun', { folder: folder(), runId: 'sb-delta', name: '  best <b>so far</b>  ' });
    assert.equal(renamed, 'best <b>so far</b>');
    assert.ok((await names(api)).includes('best <b>so far</b>'));
    const row = await runRow(api, 'best <b>so far</b>');
    const tooltip = api.experiments.resolveTreeItem(row.item, row.node).tooltip as vscode.MarkdownString;
    assert.ok(!tooltip.supportHtml && !tooltip.isTrusted, 'no HTML and no command links in a tooltip');
    // appendText escapes Markdown and spaces; read it back as the text the user sees.
    assert.match(tooltip.value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1'), /\*\*best <b>so far<\/b>\*\*[^]*Imported as s-delta/);
    assert.equal(await run('modelLedger.renameRun', { folder: folder(), runId: 'sb-delta', name: 'a\tb' }), undefined, 'a control character is refused');
    assert.match(api.runFeedback.last?.text ?? '', /control characters/);
    await run('modelLedger.renameRun', { folder: folder(), runId: 'sb-delta', name: '' });
    assert.ok((await names(api)).includes('s-delta'));
    assert.deepEqual(auditOf('sb-delta'), ['run.rename', 'run.rename']);
  });

  test('a note shows under the run and in its tooltip, and the text filter finds it', async () => {
    await run('modelLedger.editRunNote', { folder: folder(), runId: 'sb-beta', note: 'diverged after warmup\nlr too high?' });
    const beta = await runRow(api, 's-beta');
    const details = await rowsUnder(api, beta.node);
    assert.equal(details[0]?.label, 'diverged after warmup');
    assert.equal(details[0]?.item.tooltip, 'diverged after warmup\nlr too high?');
    await run('modelLedger.filterRuns', { filter: { text: 'warmup' } });
    assert.deepEqual(await names(api), ['s-beta']);
    await run('modelLedger.editRunNote', { folder: folder(), runId: 'sb-beta', note: '' });
    assert.deepEqual(auditOf('sb-beta').filter((a) => a === 'run.note'), ['run.note', 'run.note']);
  });

  test('Delete Run(s) hides the selected runs and offers Undo; Show Deleted lists them to restore', async () => {
    const gamma = await runRow(api, 's-gamma');
    const delta = await runRow(api, 's-delta');
    const deleted = await vscode.commands.executeCommand<string[]>('modelLedger.deleteRuns', gamma.node, [gamma.node, delta.node]);
    assert.deepEqual(deleted?.sort(), ['sb-delta', 'sb-gamma']);
    assert.deepEqual(await names(api), ['s-beta', 's-alpha']);
    assert.match(api.runFeedback.last?.text ?? '', /^2 runs deleted\. Show Deleted/);
    assert.equal((await experimentRow(api)).item.description, '2 runs · 3 deleted');
    await run('modelLedger.showDeleted');
    assert.equal(api.experimentsView.description, '+ deleted');
    assert.equal((await experimentRow(api)).item.description, '2 runs + 3 deleted');
    const rows = await runRows(api);
    assert.deepEqual(rows.map((r) => [r.label, r.item.contextValue]), [
      ['s-gone', 'run.killed.sourceDeleted'],
      ['s-delta', 'run.finished.deleted'],
      ['s-gamma', 'run.running.deleted'],
      ['s-beta', 'run.failed'],
      ['s-alpha', 'run.finished.git'],
    ]);
    const deletedRow = await runRow(api, 's-delta');
    assert.equal((deletedRow.item.iconPath as vscode.ThemeIcon).id, 'trash');
    const tooltip = (api.experiments.resolveTreeItem(deletedRow.item, deletedRow.node).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Deleted (by .+ )?on 20\d\d-\d\d-\d\d/, 'who deleted it and when');
    const [deletedDelta, deletedGamma] = [rows[1]!.node, rows[2]!.node];
    await vscode.commands.executeCommand('modelLedger.restoreRuns', deletedDelta, [deletedDelta, deletedGamma]);
    // Show Deleted is a toggle of its own: clearing the sort and filter leaves it on.
    await run('modelLedger.clearRunQuery');
    assert.equal(api.experimentsView.description, '+ deleted');
    await run('modelLedger.hideDeleted');
    assert.equal(api.experimentsView.description, undefined);
    assert.deepEqual(await names(api), ['s-delta', 's-gamma', 's-beta', 's-alpha']);
    assert.deepEqual(auditOf('sb-gamma'), ['run.delete', 'run.restore']);
  });

  test('Copy Run ID copies the run ids of the selection', async () => {
    const alpha = await runRow(api, 's-alpha');
    await run('modelLedger.copyRunId', alpha.node);
    assert.equal(await vscode.env.clipboard.readText(), 'sb-alpha');
    const beta = await runRow(api, 's-beta');
    await vscode.commands.executeCommand('modelLedger.copyRunId', beta.node, [alpha.node, beta.node]);
    assert.equal(await vscode.env.clipboard.readText(), 'sb-alpha\nsb-beta');
  });

  test('a run expands to its details: note, commit, params, metrics, tags, artifacts, inputs, child runs', async () => {
    const alpha = await runRow(api, 's-alpha');
    assert.equal(alpha.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const details = await rowsUnder(api, alpha.node);
    const head = (await git('rev-parse', 'HEAD')).trim();
    assert.deepEqual(details.map((d) => d.label), [head.slice(0, 8), 'Params', 'Metrics', 'Tags', 'Artifacts', 'Dataset inputs', 'Child runs']);
    assert.equal(details[0]?.item.contextValue, 'runCommit');
    const metrics = await rowsUnder(api, details.find((d) => d.label === 'Metrics')!.node);
    assert.deepEqual(metrics.map((m) => [m.label, m.item.description]), [['acc', '0.8 (min 0.8, max 0.8)'], ['loss', '0.5 (min 0.5, max 0.5)']]);
    const children = await rowsUnder(api, details.find((d) => d.label === 'Child runs')!.node);
    assert.deepEqual(children.map((c) => [c.label, c.item.command?.command]), [['s-gamma', 'modelLedger.showRun']]);
    const gammaDetails = await rowsUnder(api, (await runRow(api, 's-gamma')).node);
    assert.equal(gammaDetails.find((d) => d.item.contextValue === 'runRelated')?.label, 's-alpha', 'the parent run');
  });

  test('Open Commit shows the run commit\'s changes; Reveal Artifact finds the file', async () => {
    const commitRow = (await rowsUnder(api, (await runRow(api, 's-alpha')).node))[0]!;
    const opened = await run<{ commit: string; files: string[] }>('modelLedger.openRunCommit', commitRow.node);
    assert.ok(opened && opened.files.length > 0, JSON.stringify(api.runFeedback.last));
    const artifacts = (await rowsUnder(api, (await runRow(api, 's-alpha')).node)).find((d) => d.label === 'Artifacts')!;
    const [artifact] = await rowsUnder(api, artifacts.node);
    assert.equal(artifact?.item.contextValue, 'runArtifact');
    const revealed = await run<string>('modelLedger.revealRunArtifact', artifact!.node);
    assert.equal(revealed, path.join(folder(), ARTIFACT));
    assert.equal(await run('modelLedger.openRunCommit', (await runRow(api, 's-beta')).node), undefined, 'no commit recorded');
    assert.match(api.runFeedback.last?.text ?? '', /no recorded git commit/);
  });

  test('a metric appended to one run redraws only its experiment; rows keep their ids', async () => {
    const experiment = await experimentRow(api);
    const idsBefore = (await runRows(api)).map((r) => r.item.id);
    const events: (TreeNode | TreeNode[] | undefined | null | void)[] = [];
    const listener = api.experiments.onDidChangeTreeData((e) => events.push(e));
    try {
      withStore((store) => store.write(() => store.metrics.append('sb-gamma', [{ key: 'acc', step: 1, timestamp: Date.now(), value: 0.96 }])));
      await waitFor('a change event', () => (events.length > 0 ? true : undefined));
    } finally {
      listener.dispose();
    }
    assert.ok(events.every((e) => Array.isArray(e)), `only branches redrawn, never the whole tree: ${JSON.stringify(events.map((e) => (Array.isArray(e) ? e.length : e)))}`);
    assert.ok((events[0] as TreeNode[]).includes(experiment.node), 'the event names the experiment node the view holds');
    assert.match(String((await runRow(api, 's-gamma')).item.description), /^acc 0\.96 /);
    assert.deepEqual((await runRows(api)).map((r) => r.item.id), idsBefore, 'same ids: VS Code keeps expansion and selection');
  });
});

suite('sidebar: commands and menus in package.json', () => {
  let api: ModelLedgerApi;
  let manifest: { contributes: { commands: { command: string; title: string; category?: string; enablement?: string }[]; menus: Record<string, MenuItem[]>; keybindings: { command: string; when: string }[] } };
  let nls: Record<string, string>;
  const RUN_COMMANDS = ['sortRuns', 'filterRuns', 'clearRunQuery', 'pinRun', 'unpinRun', 'renameRun', 'editRunNote', 'copyRunId', 'openRunCommit', 'revealRunArtifact', 'deleteRuns', 'restoreRuns'].map((c) => `modelLedger.${c}`);
  const WRITES = ['pinRun', 'unpinRun', 'renameRun', 'editRunNote', 'deleteRuns', 'restoreRuns'].map((c) => `modelLedger.${c}`);

  suiteSetup(async () => {
    api = await activateApi();
    manifest = extensionJson('package.json');
    nls = extensionJson('package.nls.json');
  });

  test('each run command is registered, in the Model Ledger category, titled from package.nls.json; writes need a trusted workspace', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const id of RUN_COMMANDS) {
      const contribution = manifest.contributes.commands.find((c) => c.command === id);
      assert.ok(contribution && registered.includes(id), id);
      assert.equal(contribution.category, 'Model Ledger');
      assert.ok(nls[contribution.title.slice(1, -1)], `${id} has its title in package.nls.json`);
      assert.equal(contribution.enablement, WRITES.includes(id) ? 'isWorkspaceTrusted' : undefined, id);
    }
  });

  test('a run row offers only the commands that apply to it', async () => {
    const menus = manifest.contributes.menus['view/item/context']!;
    const menu = (contextValue: string) => runMenu(menus, contextValue).filter((c) => RUN_COMMANDS.includes(c));
    const live = ['modelLedger.copyRunId', 'modelLedger.deleteRuns', 'modelLedger.editRunNote', 'modelLedger.renameRun'];
    assert.deepEqual(menu('run.failed'), [...live, 'modelLedger.pinRun'].sort());
    assert.deepEqual(menu('run.finished.pinned.git'), [...live, 'modelLedger.openRunCommit', 'modelLedger.unpinRun'].sort());
    assert.deepEqual(menu('run.running.git.deleted'), ['modelLedger.copyRunId', 'modelLedger.openRunCommit', 'modelLedger.restoreRuns']);
    assert.deepEqual(menu('run.killed.sourceDeleted'), ['modelLedger.copyRunId'], 'a run deleted at its source cannot be restored here');
    assert.deepEqual(menu('runCommit'), ['modelLedger.openRunCommit']);
    assert.deepEqual(menu('runArtifact'), ['modelLedger.revealRunArtifact']);
    assert.deepEqual(menu('runArtifact.missing'), []);
    // Rows under a run are not runs: no run command, no Show Run Details or Register on them.
    for (const detail of ['runDetails.metrics', 'runDetails.params', 'runNote', 'runRelated', 'runMetric']) assert.deepEqual(runMenu(menus, detail), [], detail);
    // The rows the tree really draws carry those values.
    const alpha = await runRow(api, 's-alpha');
    assert.deepEqual(menu(alpha.item.contextValue!), [...live, 'modelLedger.openRunCommit', 'modelLedger.pinRun'].sort());
    const inline = menus.filter((m) => m.group?.startsWith('inline') && runMenu([m], alpha.item.contextValue).length > 0).map((m) => m.command);
    assert.ok(inline.includes('modelLedger.pinRun'), 'Pin is an inline button');
  });

  test('Clear Sort and Filter shows in the title bar only while a query is active; keys reach rename, delete and copy', async () => {
    const title = manifest.contributes.menus['view/title']!.find((m) => m.command === 'modelLedger.clearRunQuery')!;
    assert.equal(evaluateWhen(title.when!, { view: 'modelLedger.experiments', 'modelLedger.runQueryActive': true }), true);
    assert.equal(evaluateWhen(title.when!, { view: 'modelLedger.experiments', 'modelLedger.runQueryActive': false }), false);
    const keyed = manifest.contributes.keybindings.filter((k) => k.when.includes('focusedView == modelLedger.experiments') && k.command !== 'runCommands').map((k) => k.command).sort();
    assert.deepEqual(keyed, ['modelLedger.copyRunId', 'modelLedger.deleteRuns', 'modelLedger.renameRun']);
    // F2 and Delete act on run rows only: an experiment row or a detail row selected leaves them to VS Code.
    for (const key of manifest.contributes.keybindings.filter((k) => keyed.includes(k.command))) {
      assert.equal(evaluateWhen(key.when, { focusedView: 'modelLedger.experiments', 'modelLedger.runsSelected': true, inputFocus: false }), true, key.command);
      assert.equal(evaluateWhen(key.when, { focusedView: 'modelLedger.experiments', 'modelLedger.runsSelected': false, inputFocus: false }), false, key.command);
    }
  });

  test('run commands show in the palette only while runs are selected, and the view says when they are', async () => {
    const palette = manifest.contributes.menus.commandPalette!;
    for (const id of RUN_COMMANDS.filter((c) => !['modelLedger.sortRuns', 'modelLedger.filterRuns', 'modelLedger.clearRunQuery'].includes(c))) {
      const entry = palette.find((m) => m.command === id);
      assert.ok(entry?.when, `${id} has a palette condition`);
      assert.equal(evaluateWhen(entry.when, { 'modelLedger.runsSelected': false }), false, id);
      assert.equal(evaluateWhen(entry.when, { 'modelLedger.runsSelected': true }), true, id);
    }
    const view = api.experimentsView;
    // From an experiment row first: revealing a row that is selected already changes no selection.
    const experiment = await experimentRow(api);
    await view.reveal(experiment.node, { select: true, focus: true });
    await waitFor('an experiment row to clear it', () => (api.runsSelected() ? undefined : true));
    const row = await runRow(api, 's-alpha');
    await view.reveal(row.node, { select: true, focus: true });
    await waitFor('the selection to reach the context key', () => (api.runsSelected() ? true : undefined));
    await view.reveal(experiment.node, { select: true, focus: true });
    await waitFor('an experiment row to clear it again', () => (api.runsSelected() ? undefined : true));
  });

  test('a run command acts on the selected runs while their experiment is redrawn', async () => {
    const view = api.experimentsView;
    const row = await runRow(api, 's-beta');
    await view.reveal(row.node, { select: true, focus: true });
    await waitFor('the selection to reach the context key', () => (api.runsSelected() ? true : undefined));
    // As a background import redraws the tree: VS Code forgets the rows until it fetches them again.
    api.experiments.refresh();
    await new Promise((resolve) => setTimeout(resolve, 250));
    await vscode.commands.executeCommand('modelLedger.pinRun');
    assert.equal(withStore((store) => store.runAnnotations.annotations('sb-beta').pinned), true, api.runFeedback.last?.text);
    await vscode.commands.executeCommand('modelLedger.unpinRun', row.node);
  });
});
