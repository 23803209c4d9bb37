import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Run } from '../../src/core/types';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { ComparePanel } from '../../src/extension/panels/comparePanel';
import { parseComparePanelState, type CompareState, type MetricChart, type ToCompareWebview } from '../../src/protocol/compare';
import { activateApi, treeRows, waitFor, workspaceFolder } from './helpers';
import { withStore } from './sidebarHelpers';

const EXPERIMENT = 'compare-suite';
const MANY = Array.from({ length: 100 }, (_, i) => `cmp-many-${String(i).padStart(3, '0')}`);
/** A name that would be markup if anyone rendered it as HTML. */
const HTML_NAME = 'base <img src=x onerror=alert(1)> &amp;';
const START = Date.UTC(2026, 11, 1, 9, 0, 0);
/** Runs named alike, as MLflow names a notebook's runs; two of them ran a commit this repository does not have. */
const TWINS = ['f00d0001aa', 'f00d0002bb', 'f00d0003cc'];
const TWIN_NAME = 'Random Forest Classifier';
/** A commit recorded by real MLflow runs of another project (test/fixtures/real/1ayham1__genre_classification). */
const FOREIGN_COMMIT = '9740abf1973478067cca523c20d83b5e7aed0fd1';

/** Git in the test workspace; commits made with plumbing, so HEAD and the working tree stay as the other suites expect. */
function git(args: string[], input?: string): string {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Compare Suite', GIT_AUTHOR_EMAIL: 'compare@example.com', GIT_COMMITTER_NAME: 'Compare Suite', GIT_COMMITTER_EMAIL: 'compare@example.com' };
  return execFileSync('git', args, { cwd: workspaceFolder().uri.fsPath, input, encoding: 'utf8', env }).trim();
}

/** A child of HEAD that adds compare-added.txt and deletes README.md. */
function commitBesideHead(): string {
  const blob = git(['hash-object', '-w', '--stdin'], 'added by the compare suite\n');
  const entries = git(['ls-tree', 'HEAD'])
    .split('\n')
    .filter((line) => !line.endsWith('\tREADME.md'));
  const tree = git(['mktree'], [...entries, `100644 blob ${blob}\tcompare-added.txt`].join('\n') + '\n');
  return git(['commit-tree', tree, '-p', 'HEAD', '-m', 'compare suite']);
}

function lossPoints(from: number, to: number, start: number) {
  return Array.from({ length: to - from }, (_, i) => ({ key: 'loss', step: from + i, timestamp: start + (from + i) * 1000, value: 1 / (1 + from + i) }));
}

function writeRuns(head: string, next: string): void {
  withStore((store) =>
    store.write(() => {
      const experimentId = store.experiments.upsert({ name: EXPERIMENT, origin: { source: 'native', id: null, path: null } });
      const many = store.experiments.upsert({ name: `${EXPERIMENT}-many`, origin: { source: 'native', id: null, path: null } });
      const add = (id: string, name: string, fields: Partial<Run>, params: Record<string, string>) => {
        store.runs.upsert({
          id, experimentId, name, status: 'finished', deleted: false, startTime: START, endTime: null, git: null,
          command: null, parentRunId: null, origin: { source: 'native', id, path: null }, ...fields,
        });
        store.runs.setParams(id, params);
      };
      add('cmp-base', HTML_NAME, { git: { commit: head, branch: 'main', dirty: false } }, { lr: '0.1', seed: '7' });
      add('cmp-next', 'next', { status: 'running', startTime: START + 60_000, git: { commit: next, branch: 'main', dirty: true } }, { lr: '0.2', seed: '7' });
      add('cmp-nogit', 'nogit', { startTime: START + 120_000 }, { lr: '0.3', seed: '7' });
      store.metrics.append('cmp-base', [...lossPoints(0, 10, START), { key: 'acc', step: 9, timestamp: START + 9000, value: 0.8 }]);
      store.metrics.append('cmp-next', [...lossPoints(0, 10, START + 60_000), { key: 'acc', step: 9, timestamp: START + 69_000, value: 0.9 }]);
      TWINS.forEach((id, i) => {
        add(id, TWIN_NAME, { startTime: START + i, git: i === 0 ? null : { commit: FOREIGN_COMMIT, branch: 'main', dirty: false } }, { lr: i === 0 ? '0.1' : '0.2', seed: '7' });
        store.metrics.append(id, [{ key: 'f1', step: 0, timestamp: START + i, value: 0.6 + i / 10 }]);
      });
      MANY.forEach((id, i) => {
        add(id, `many ${i}`, { experimentId: many, startTime: START + i }, { lr: String(i % 7) });
        store.metrics.append(id, [{ key: 'loss', step: 0, timestamp: START + i, value: i }]);
      });
    }),
  );
}

async function open(runIds: string[]): Promise<ComparePanel> {
  const panel = await vscode.commands.executeCommand<ComparePanel | undefined>('modelLedger.compareRuns', { folder: workspaceFolder().uri.fsPath, runIds });
  assert.ok(panel, 'the command returns the panel');
  return panel;
}

/** The next snapshot (or the current one) that passes `check`. */
function stateWhere(panel: ComparePanel, what: string, check: (state: CompareState) => boolean): Promise<CompareState> {
  return waitFor(what, () => (panel.lastState && check(panel.lastState) ? panel.lastState : undefined));
}

async function ready(panel: ComparePanel, width = 800): Promise<CompareState> {
  await panel.receive({ type: 'ready', width });
  return stateWhere(panel, 'the first snapshot', (s) => s.width === width);
}

function chart(state: CompareState, metric: string): MetricChart {
  const found = state.charts.find((c) => c.metric === metric);
  assert.ok(found, `a chart of ${metric}; have ${state.charts.map((c) => c.metric).join(', ')}`);
  return found;
}

function points(state: CompareState, runId: string): number {
  return chart(state, 'loss').series.find((s) => s.runId === runId)?.count.reduce((a, b) => a + b, 0) ?? 0;
}

suite('compare runs panel', () => {
  let api: ModelLedgerApi;
  let head: string;
  let next: string;
  suiteSetup(async () => {
    api = await activateApi();
    head = git(['rev-parse', 'HEAD']);
    next = commitBesideHead();
    writeRuns(head, next);
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens on run ids and answers ready with the whole comparison', async () => {
    const panel = await open(['cmp-base', 'cmp-next', 'cmp-nogit']);
    assert.equal(panel.panel.viewType, 'modelLedger.compare');
    assert.equal(panel.panel.title, `Compare: ${HTML_NAME}, next, nogit`);
    assert.equal(panel.lastMessage, undefined, 'nothing is sent before the webview is ready');
    const state = await ready(panel);
    assert.deepEqual(state.runs.map((r) => [r.id, r.name, r.colour]), [['cmp-base', HTML_NAME, 0], ['cmp-next', 'next', 1], ['cmp-nogit', 'nogit', 2]]);
    assert.equal(state.runs[0]!.name, HTML_NAME, 'a name is data: the exact string');
    assert.equal(state.onlyDifferences, true, 'only differences by default');
    const rows = state.table.rows.map((r) => r.id);
    assert.ok(rows.includes('param:lr') && !rows.includes('param:seed'), `rows: ${rows.join(', ')}`);
    assert.ok(state.table.hiddenRows > 0);
    assert.deepEqual(state.metrics, ['acc', 'loss']);
    assert.deepEqual(chart(state, 'loss').series.map((s) => s.runId), ['cmp-base', 'cmp-next']);
    assert.equal(points(state, 'cmp-base'), 10);
    assert.deepEqual(state.saved, {
      folder: workspaceFolder().uri.fsPath, runIds: ['cmp-base', 'cmp-next', 'cmp-nogit'], baselineRunId: null, chosenMetrics: null,
      directions: {}, onlyDifferences: true, sort: null, xAxis: 'step', zoom: null, codeRunId: null,
    });
    assert.deepEqual(parseComparePanelState(JSON.parse(JSON.stringify(state.saved))), state.saved, 'the saved state reads back');
    assert.equal(await open(['cmp-nogit', 'cmp-base', 'cmp-next']), panel, 'the same runs in another order reveal the same panel');
  });

  test('runs that share a name are told apart: the tab title, the columns, the exports and the code section', async () => {
    const panel = await open([...TWINS].reverse());
    const expected = [`${TWIN_NAME} (lr=0.2, #f00d0003)`, `${TWIN_NAME} (lr=0.2, #f00d0002)`, `${TWIN_NAME} (lr=0.1)`];
    assert.equal(panel.panel.title, `Compare: ${expected.join(', ')}`, 'named as it opens, before the webview is ready');
    const state = await stateWhere(panel, 'the code section', (s) => s.code !== null && s.code.status !== 'loading');
    assert.deepEqual(state.runs.map((r) => [r.id, r.name, r.qualifier]), [
      ['f00d0003cc', TWIN_NAME, 'lr=0.2, #f00d0003'],
      ['f00d0002bb', TWIN_NAME, 'lr=0.2, #f00d0002'],
      ['f00d0001aa', TWIN_NAME, 'lr=0.1'],
    ]);
    assert.equal(panel.panel.title, `Compare: ${expected.join(', ')}`);
    // The two runs of one foreign commit: one line that says so, not "not in this repository" twice.
    assert.deepEqual(state.code!.problems, [`Same commit ${FOREIGN_COMMIT.slice(0, 8)}: no code differences.`]);
    assert.equal(state.code!.status, 'ready');
    // f1 was logged once by every run: one row, and a dot chart.
    assert.deepEqual(state.table.rows.filter((r) => r.key === 'f1').map((r) => [r.id, r.loggedOnce]), [['metric:last:f1', true]]);
    assert.deepEqual(state.charts.map((c) => [c.metric, c.kind]), [['f1', 'dots']]);

    await panel.receive({ type: 'exportTable', format: 'csv', target: 'clipboard' });
    const csv = await vscode.env.clipboard.readText();
    assert.ok(csv.startsWith(`"section","key","field",${expected.map((name) => `"${name.replaceAll('"', '""')}"`).join(',')}\r\n`), csv.slice(0, 300));
    await panel.receive({ type: 'exportTable', format: 'markdown', target: 'clipboard' });
    assert.ok((await vscode.env.clipboard.readText()).startsWith(`|  | ${expected.join(' | ')} |\n`));
    await panel.receive({ type: 'setCodeRun', runId: 'f00d0001aa' });
    const noCommit = await stateWhere(panel, 'the run without a commit', (s) => s.code?.otherRunId === 'f00d0001aa' && s.code.status !== 'loading');
    assert.deepEqual(noCommit.code!.problems, [`Run ${expected[2]} recorded no git commit.`, `Commit ${FOREIGN_COMMIT.slice(0, 8)} of run ${expected[0]} is not in this repository; fetch it to compare the code.`]);
  });

  test('a hundred runs, from a list of ids', async () => {
    const panel = await vscode.commands.executeCommand<ComparePanel>('modelLedger.compareRuns', MANY);
    assert.ok(panel);
    assert.match(panel.panel.title, /^Compare: many 0, many 1, many 2 \+97$/);
    const state = await ready(panel, 1200);
    assert.equal(state.runs.length, 100);
    assert.equal(state.table.runIds.length, 100);
    assert.deepEqual(state.missingRunIds, []);
    assert.equal(chart(state, 'loss').series.length, 100);
    assert.equal(state.code?.baseRunId, 'cmp-many-000');
  });

  test('from the Experiments view: the clicked row and the selection', async () => {
    const experiment = await waitFor(`${EXPERIMENT} in the Experiments view`, async () => (await treeRows(api.experiments)).find((r) => r.label === EXPERIMENT));
    const runs = await treeRows(api.experiments, experiment.node);
    const pick = (name: string) => runs.find((r) => r.label === name)!.node;
    const panel = await vscode.commands.executeCommand<ComparePanel>('modelLedger.compareRuns', pick('next'), [pick('next'), pick('nogit')]);
    assert.deepEqual([...panel!.panelState.runIds].sort(), ['cmp-next', 'cmp-nogit']);
  });

  test('no runs: a message, no panel', async () => {
    assert.equal(await vscode.commands.executeCommand('modelLedger.compareRuns', { runIds: [] }), undefined);
    assert.equal(api.runFeedback.last?.kind, 'info');
    assert.equal(await vscode.commands.executeCommand('modelLedger.compareRuns', { runIds: [42] }), undefined);
    assert.equal(api.runFeedback.last?.kind, 'error');
  });

  test('messages that are not exactly ours are dropped', async () => {
    const panel = await open(['cmp-base', 'cmp-next']);
    await ready(panel);
    const before = structuredClone(panel.panelState);
    const invalid: unknown[] = [
      null, 'ready', { type: 'nope' }, { type: 'setOnlyDifferences', on: 'false' }, { type: 'setOnlyDifferences', on: false, extra: 1 },
      { type: 'setBaseline', runId: 7 }, { type: 'zoom', id: 1, metric: 'loss', xFrom: 5, xTo: 2, width: 100 }, { type: 'resize', width: 0 },
      { type: 'setDirection', metric: 'loss', direction: 'sideways' }, { type: 'chooseMetrics', metrics: ['a', 'a'] },
    ];
    for (const message of invalid) await panel.receive(message);
    assert.deepEqual(panel.panelState, before);
    await panel.receive({ type: 'setOnlyDifferences', on: false });
    assert.deepEqual(panel.panelState, { ...before, onlyDifferences: false }, 'the valid message after them is applied, and only it');
  });

  test('choices change the next snapshot', async () => {
    const panel = await open(['cmp-base', 'cmp-next', 'cmp-nogit']);
    await ready(panel);
    await panel.receive({ type: 'setOnlyDifferences', on: false });
    let state = await stateWhere(panel, 'every row', (s) => !s.onlyDifferences);
    assert.equal(state.table.hiddenRows, 0);
    assert.ok(state.table.rows.some((r) => r.id === 'param:seed'));

    await panel.receive({ type: 'setBaseline', runId: 'cmp-next' });
    state = await stateWhere(panel, 'the new baseline', (s) => s.saved.baselineRunId === 'cmp-next');
    assert.deepEqual(state.runs.map((r) => r.id), ['cmp-next', 'cmp-base', 'cmp-nogit']);
    assert.deepEqual(state.runs.map((r) => r.colour), [1, 0, 2], 'colours follow the runs, not the columns');
    await panel.receive({ type: 'setBaseline', runId: 'not-compared' });
    assert.equal(panel.panelState.baselineRunId, 'cmp-next', 'a run outside the comparison cannot be the baseline');

    await panel.receive({ type: 'sortRuns', sort: { rowId: 'param:lr', descending: true } });
    state = await stateWhere(panel, 'sorted columns', (s) => s.sort?.rowId === 'param:lr');
    assert.deepEqual(state.runs.map((r) => r.id), ['cmp-next', 'cmp-nogit', 'cmp-base'], 'baseline first, the others by lr, highest first');

    await panel.receive({ type: 'setDirection', metric: 'acc', direction: 'lower' });
    state = await stateWhere(panel, 'acc lower is better', (s) => s.directions.acc === 'lower');
    assert.equal(state.table.rows.find((r) => r.id === 'metric:last:acc')!.direction, 'lower');
    await panel.receive({ type: 'setDirection', metric: 'acc', direction: null });
    state = await stateWhere(panel, 'acc back to its guess', (s) => !('acc' in s.directions));
    assert.equal(state.table.rows.find((r) => r.id === 'metric:last:acc')!.direction, 'higher');

    await panel.receive({ type: 'chooseMetrics', metrics: ['acc'] });
    state = await stateWhere(panel, 'one chart', (s) => s.charts.length === 1);
    assert.equal(state.charts[0]!.metric, 'acc');
    assert.deepEqual(state.saved.chosenMetrics, ['acc']);
  });

  test('a zoom is answered with the same id and a narrower range, then a snapshot saves it and later ones keep it', async () => {
    const panel = await open(['cmp-base', 'cmp-next']);
    const first = await ready(panel);
    assert.deepEqual(chart(first, 'loss').range, { xFrom: 0, xTo: 9 });
    const answers: ToCompareWebview[] = [];
    const listening = panel.onDidPost((message) => answers.push(message));
    await panel.receive({ type: 'zoom', id: 41, metric: 'loss', xFrom: 2, xTo: 5, width: 300 });
    listening.dispose();
    const answer = answers.find((m) => m.type === 'series');
    assert.ok(answer?.type === 'series' && answer.id === 41, JSON.stringify(answer).slice(0, 200));
    assert.deepEqual(answer.chart.range, { xFrom: 2, xTo: 5 });
    assert.equal(answer.chart.series.length, 2);
    assert.ok(answer.chart.series.every((s) => s.firstX.every((x) => x >= 2 && x <= 5)));
    const saved = await stateWhere(panel, 'a snapshot after the zoom', (s) => s.zoom !== null);
    assert.deepEqual(saved.saved.zoom, { xFrom: 2, xTo: 5 }, 'the zoom is in the state a reload restores');
    // The snapshot our resize brings, among what the panel posts: the real page in the test editor
    // posts its own ready and resizes (its own width) whenever it loads or lays out.
    const posted: CompareState[] = [];
    const watching = panel.onDidPost((message) => message.type === 'state' && posted.push(message.state));
    await panel.receive({ type: 'resize', width: 640 });
    const linked = await waitFor('a zoomed snapshot', () => posted.find((s) => s.width === 640));
    watching.dispose();
    assert.deepEqual(linked.zoom, { xFrom: 2, xTo: 5 });
    const lines = linked.charts.filter((c) => c.kind === 'lines');
    assert.ok(lines.length > 0 && lines.every((c) => c.range === null || (c.range.xFrom === 2 && c.range.xTo === 5)), 'every line chart is cut to the zoom');
    assert.deepEqual(linked.charts.filter((c) => c.kind === 'dots').map((c) => [c.metric, c.range]), [['acc', { xFrom: 9, xTo: 9 }]], 'acc, logged once, is dots by run: not on the x axis, not cut');
    await panel.receive({ type: 'setXAxis', axis: 'wallTime' });
    const axis = await stateWhere(panel, 'wall time', (s) => s.xAxis === 'wallTime');
    assert.equal(axis.zoom, null, 'a new axis drops the zoom');
  });

  test('the table goes to the clipboard as CSV or Markdown', async () => {
    const panel = await open(['cmp-base', 'cmp-next']);
    await ready(panel);
    await panel.receive({ type: 'exportTable', format: 'csv', target: 'clipboard' });
    const csv = await vscode.env.clipboard.readText();
    assert.ok(csv.startsWith(`"section","key","field","${HTML_NAME}","next"\r\n"run","id","","cmp-base","cmp-next"\r\n`), csv.slice(0, 200));
    assert.match(csv, /^"param","lr","","0\.1","0\.2"\r$/m);
    await panel.receive({ type: 'exportTable', format: 'markdown', target: 'clipboard' });
    const markdown = await vscode.env.clipboard.readText();
    assert.ok(markdown.startsWith(`|  | ${HTML_NAME} | next |\n|---|---|---|\n`), markdown.slice(0, 200));
    assert.match(markdown, /^\| param: lr \| 0\.1 \| 0\.2 \|$/m);
  });

  test('a panel restored from its saved state shows the same comparison', async () => {
    const saved = parseComparePanelState({
      folder: workspaceFolder().uri.fsPath, runIds: ['cmp-base', 'cmp-next'], baselineRunId: 'cmp-next', chosenMetrics: ['loss'],
      directions: { loss: 'higher' }, onlyDifferences: false, sort: null, xAxis: 'step', zoom: { xFrom: 1, xTo: 3 }, codeRunId: null, unknownField: true,
    });
    assert.ok(saved);
    assert.equal(parseComparePanelState({ folder: 'x', runIds: [] }), undefined, 'a state naming no runs is no comparison (the serializer disposes its panel)');
    const webviewPanel = vscode.window.createWebviewPanel('modelLedger.compare', 'restored', vscode.ViewColumn.Active, {});
    const panel = api.comparePanels.restore(webviewPanel, saved);
    assert.equal(api.comparePanels.find(saved.folder, ['cmp-next', 'cmp-base']), panel);
    const state = await ready(panel);
    assert.deepEqual(state.saved, saved);
    assert.deepEqual(state.runs.map((r) => r.id), ['cmp-next', 'cmp-base']);
    assert.deepEqual(state.charts.map((c) => [c.metric, c.direction, c.range]), [['loss', 'higher', { xFrom: 1, xTo: 3 }]]);
    assert.equal(state.onlyDifferences, false);
    assert.equal(webviewPanel.title, `Compare: ${HTML_NAME}, next`);
  });

  test('the code section lists the files changed between the runs’ commits and opens their diffs', async () => {
    const panel = await open(['cmp-next', 'cmp-base', 'cmp-nogit']);
    const first = await ready(panel);
    assert.equal(first.code?.status, 'loading', 'git works after the first snapshot');
    const state = await stateWhere(panel, 'the code section', (s) => s.code?.status !== 'loading');
    const code = state.code!;
    assert.equal(code.status, 'ready', JSON.stringify(code.problems));
    assert.deepEqual([code.baseRunId, code.otherRunId], ['cmp-next', 'cmp-base']);
    assert.deepEqual(code.from, { runId: 'cmp-base', commit: head }, 'the older commit first');
    assert.deepEqual(code.to, { runId: 'cmp-next', commit: next });
    assert.deepEqual([...code.files].sort((a, b) => a.path.localeCompare(b.path)), [
      { path: 'compare-added.txt', oldPath: null, status: 'added' },
      { path: 'README.md', oldPath: null, status: 'deleted' },
    ]);
    assert.deepEqual(code.dirtyRunIds, ['cmp-next'], 'the dirty run is reported');

    await panel.receive({ type: 'openDiff', path: 'train.py' });
    assert.ok(!(vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff), 'a path the section does not list opens nothing');
    await panel.receive({ type: 'openDiff', path: 'compare-added.txt' });
    const tab = await waitFor('the diff editor', () => {
      const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return input instanceof vscode.TabInputTextDiff ? { input, label: vscode.window.tabGroups.activeTabGroup.activeTab!.label } : undefined;
    });
    assert.equal(tab.input.original.scheme, 'model-ledger-git');
    assert.equal(tab.input.modified.path, '/compare-added.txt');
    assert.equal(tab.label, `compare-added.txt (${head.slice(0, 8)} ↔ ${next.slice(0, 8)})`);
    assert.equal((await vscode.workspace.openTextDocument(tab.input.original)).getText(), '', 'an added file: empty on the left');
    assert.equal((await vscode.workspace.openTextDocument(tab.input.modified)).getText(), 'added by the compare suite\n');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    await panel.receive({ type: 'setCodeRun', runId: 'cmp-nogit' });
    const noCommit = await stateWhere(panel, 'the run without a commit', (s) => s.code?.otherRunId === 'cmp-nogit' && s.code.status !== 'loading');
    assert.equal(noCommit.code!.status, 'unavailable');
    assert.deepEqual(noCommit.code!.problems, ['Run nogit recorded no git commit.']);
  });

  test('live: points a running run logs reach the open panel', async () => {
    const panel = await open(['cmp-base', 'cmp-next']);
    const first = await ready(panel);
    assert.equal(points(first, 'cmp-next'), 10);
    withStore((store) => store.write(() => store.metrics.append('cmp-next', lossPoints(10, 25, START + 60_000))));
    const grown = await stateWhere(panel, 'the new points', (s) => points(s, 'cmp-next') === 25);
    assert.deepEqual(chart(grown, 'loss').range, { xFrom: 0, xTo: 24 });
  });

  test('a hidden panel skips live snapshots and sends one when it shows again', async () => {
    const hidden = await open(['cmp-base', 'cmp-next']);
    const before = points(await ready(hidden), 'cmp-next');
    const front = await open(['cmp-next', 'cmp-nogit']);
    await ready(front);
    await waitFor('the second panel to open over the first', () => (hidden.panel.visible ? undefined : true));
    withStore((store) => store.write(() => store.metrics.append('cmp-next', lossPoints(before, before + 5, START + 60_000))));
    // Both panels heard the same store event: the visible one posted, the hidden one only noted it.
    await stateWhere(front, 'the visible panel’s live snapshot', (s) => points(s, 'cmp-next') === before + 5);
    assert.equal(points(hidden.lastState!, 'cmp-next'), before);
    hidden.panel.reveal();
    await stateWhere(hidden, 'the snapshot on showing again', (s) => points(s, 'cmp-next') === before + 5);
  });
});
