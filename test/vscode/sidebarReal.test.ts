// The sidebar on a real MLflow store (LucasGasparello/KobeDatasetMlflow: a PyCaret comparison whose
// runs share names, 20 deleted, an empty "Default"), and on a generated experiment of 450 runs all
// named alike: counts that add up, same-named runs told apart, deleted experiments, paging.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { runLabelText } from '../../src/common/runLabelText';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { RunPanel } from '../../src/extension/panels/runPanel';
import type { RunNode } from '../../src/extension/views/nodes/runNode';
import { activateApi, copyFixture, treeRows, waitFor, workspaceFolder, type Row } from './helpers';
import { withStore } from './sidebarHelpers';
import { RUNS_NAMED_ALIKE, writeRunsNamedAlike } from '../../testkit/runsNamedAlike';

const KOBE = 'kobe/mlruns';
const MANY = RUNS_NAMED_ALIKE.experiment;

function writeManyAlike(): void {
  withStore(writeRunsNamedAlike);
}

suite('sidebar on real data: counts, runs named alike, paging', () => {
  let api: ModelLedgerApi;
  let importMessage: string;
  const roots = () => treeRows(api.experiments);
  const experimentRow = (label: string, qualifier?: string) =>
    waitFor(`${label} in the view`, async () => (await roots()).find((r) => r.label === label && (qualifier === undefined || String(r.item.description).startsWith(`${qualifier} · `))));
  // Rows are told by their contextValue: the extension's node classes live in its bundle, not in a test's imports.
  const isRun = (r: Row) => r.item.contextValue?.startsWith('run.') === true;
  const isLoadMore = (r: Row) => r.item.contextValue === 'loadMore';
  const runRows = async (experiment: Row) => (await treeRows(api.experiments, experiment.node)).filter(isRun);

  suiteSetup(async () => {
    api = await activateApi();
    await api.initialImport;
    const mlruns = copyFixture('LucasGasparello__KobeDatasetMlflow/mlruns', KOBE);
    const outcome = (await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns))) as { message: string };
    importMessage = outcome.message;
    writeManyAlike();
  });
  teardown(async () => {
    await vscode.commands.executeCommand('modelLedger.hideDeleted');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the import message and the experiments count runs the same way, deleted ones apart, adding up to the store', async () => {
    assert.equal(importMessage, `Imported from ${KOBE}: 24 runs · 20 deleted.`);
    assert.equal((await experimentRow('clf-default-name')).item.description, '20 runs · 2 deleted');
    assert.equal((await experimentRow('kobedataset')).item.description, '4 runs · 18 deleted');
    await vscode.commands.executeCommand('modelLedger.showDeleted');
    assert.equal((await experimentRow('kobedataset')).item.description, '4 runs + 18 deleted');
    assert.equal((await runRows(await experimentRow('kobedataset'))).length, 22);
  });

  test('an empty "Default" is hidden until it holds a run', async () => {
    const kobeDefault = async () => (await roots()).find((r) => r.label === 'Default' && (r.node as { experiment?: { origin: { path: string | null } } }).experiment?.origin.path === KOBE);
    assert.equal(await kobeDefault(), undefined, 'MLflow\'s empty Default is not listed');
    withStore((store) =>
      store.write(() => {
        const experimentId = store.experiments.findByName('Default').find((e) => e.origin.path === KOBE)!.id;
        store.runs.upsert({ id: 'kobe-default-run', experimentId, name: 'first', status: 'finished', deleted: false, startTime: 1, endTime: 2, git: null, command: null, parentRunId: null, origin: { source: 'native', id: 'kobe-default-run', path: null } });
      }),
    );
    const shown = await waitFor('the Default with a run', kobeDefault);
    assert.match(String(shown.item.description), /1 run$/);
  });

  test('deleted experiments are counted in a row of their own, whose click shows them', async () => {
    withStore((store) => store.write(() => store.experiments.upsert({ name: 'binned-experiment', deleted: true, origin: { source: 'native', id: 'binned-experiment', path: null } })));
    const hidden = await waitFor('the hidden experiments row', async () => (await roots()).find((r) => /^\d+ deleted experiments?$/.test(r.label)));
    assert.equal(hidden.item.command?.command, 'modelLedger.showDeleted');
    assert.ok(!(await roots()).some((r) => r.label === 'binned-experiment'));
    await vscode.commands.executeCommand(hidden.item.command!.command);
    const binned = await experimentRow('binned-experiment');
    assert.equal((binned.item.iconPath as vscode.ThemeIcon).id, 'trash');
    assert.ok(!(await roots()).some((r) => /deleted experiments?$/.test(r.label)), 'shown: the row is gone');
  });

  test('runs that share a name are told apart in their rows, hover cards, accessibility labels and tab titles', async () => {
    const rows = await runRows(await experimentRow('clf-default-name'));
    const alike = rows.filter((r) => rows.filter((o) => o.label === r.label).length > 1);
    assert.deepEqual([...new Set(alike.map((r) => r.label))].sort(), ['Logistic Regression', 'str']);
    const told = alike.map((r) => `${r.label} ${(r.node as RunNode).qualifier}`);
    assert.equal(new Set(told).size, alike.length, `each is told apart: ${told.join(' | ')}`);
    for (const row of alike) {
      const node = row.node as RunNode;
      assert.ok(node.qualifier, row.label);
      assert.ok(String(row.item.description).startsWith(`${node.qualifier} · `), 'the qualifier leads the description');
      assert.ok(row.item.accessibilityInformation!.label.startsWith(`Run ${row.label} (${node.qualifier}), `));
      const card = (api.experiments.resolveTreeItem(row.item, row.node).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
      assert.ok(card.includes(`**${row.label}** (${node.qualifier})`), card.slice(0, 200));
    }
    for (const row of rows.filter((r) => !alike.includes(r))) assert.equal((row.node as RunNode).qualifier, null, row.label);
    const one = alike[0]!.node as RunNode;
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: workspaceFolder().uri.fsPath, runId: one.run.id })) as RunPanel;
    await waitFor('the tab title', () => (panel.lastMessage?.type === 'state' ? true : undefined), 20_000);
    assert.equal(panel.panel.title, runLabelText({ name: one.run.name, qualifier: one.qualifier }));
  });

  test('Load more… shows the next page; the row clicked is gone rather than selected, and the experiment row pages too', async () => {
    const experiment = await experimentRow(MANY);
    assert.equal(experiment.item.contextValue, 'experiment.paged', 'Load More Runs shows on the experiment row');
    let children = await treeRows(api.experiments, experiment.node);
    assert.equal(children.length, 201);
    const more = children.at(-1)!;
    assert.ok(isLoadMore(more));
    assert.equal(more.label, 'Load more… (250 more)');
    const selectedIds = () => api.selection().map((n) => n.getTreeItem().id);
    // Selected as a click leaves it. Under load VS Code can drop a reveal made while it still draws
    // the view, so the row (as the tree holds it now) is revealed again until the selection says so.
    let tries = 0;
    await waitFor('the row selected', async () => {
      if (selectedIds().includes(more.item.id)) return true;
      if (tries++ % 20 === 0) await api.experimentsView.reveal((await treeRows(api.experiments, experiment.node)).at(-1)!.node, { select: true, focus: true });
      return undefined;
    }, 20_000);
    await vscode.commands.executeCommand(more.item.command!.command, ...(more.item.command!.arguments ?? []));
    children = await treeRows(api.experiments, experiment.node);
    assert.equal(children.length, 401);
    assert.notEqual(children.at(-1)!.item.id, more.item.id, 'the next "Load more…" is another row');
    await waitFor('the clicked row to leave the selection', () => (selectedIds().includes(more.item.id) ? undefined : true));
    assert.ok(!api.selection().some((n) => n.getTreeItem().contextValue === 'loadMore'), 'nor is the new one selected');
    // Every "trial" is told apart by its seed, on the pages read so far.
    const seeds = children.filter(isRun).map((r) => (r.node as RunNode).qualifier);
    assert.equal(new Set(seeds).size, 400);
    assert.ok(seeds.every((q) => /^seed=\d+$/.test(q ?? '')), seeds.slice(0, 3).join());
    await vscode.commands.executeCommand('modelLedger.loadMoreRuns', experiment.node);
    children = await treeRows(api.experiments, experiment.node);
    assert.equal(children.length, 450, 'the last page, with no "Load more…"');
    assert.equal((await experimentRow(MANY)).item.contextValue, 'experiment');
  });
});
