// The sidebar on real run data, driven as a user drives it: a PyCaret model comparison
// (LucasGasparello/KobeDatasetMlflow: runs named alike, 20 deleted, an empty "Default") and an
// MLflow registry with a version in production (silver6wings/MLFlowSample, two stores with a
// "Default" each), both copied from test/fixtures/real and imported on opening. The counts add up
// with the deleted runs said apart; the runs are sorted by a metric of their experiment (its row's
// inline button) and filtered by a threshold from the title bar; same-named runs are told apart;
// two runs are selected with ctrl-click and pinned, a range with shift-click; a run's details open
// in the preview tab with the focus left in the tree, the arrow keys walk the runs with the details
// following, and a double-click keeps the tab; a hover card closes on a click; Show Deleted
// toggles from the view's menu; the query survives a reload. Screenshots of both views in a dark,
// a light and a high-contrast theme, and of the default side bar width. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- sidebar).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { parseMetricFilter, type RunQuery } from '../../src/core/runQuery';
import { labelRuns } from '../../src/store/runListingLabels';
import { Store } from '../../src/store/store';
import { RUNS_NAMED_ALIKE, writeRunsNamedAlike } from '../../testkit/runsNamedAlike';
import {
  commitWorkspace,
  contextMenu,
  dismissHover,
  HIGH_CONTRAST,
  LIGHT,
  openModelLedger,
  palette,
  pane,
  quickInput,
  row,
  selectTheme,
  unhover,
  webview,
  widenSidebar,
  type E2EContext,
  type E2EServerOptions,
} from './workbench';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');
const EXPERIMENT = 'clf-default-name';
const MODEL = 'sk-learn-random-forest-reg-model';
const SIDEBAR_WIDTH = 600;

/** A git repository holding two real MLflow stores, as two projects' checkouts would. */
export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(FIXTURES, 'LucasGasparello__KobeDatasetMlflow'), path.join(workspace, 'kobe'), { recursive: true });
  fs.cpSync(path.join(FIXTURES, 'silver6wings__MLFlowSample'), path.join(workspace, 'wine'), { recursive: true });
  commitWorkspace(workspace, 'Two MLflow stores');
  return { workspace };
}

/** The runs the store lists for the experiment under `query`, with what tells same-named ones apart, as the view must show them. */
function expectedRuns(workspace: string, query: RunQuery): { name: string; qualifier: string | null }[] {
  const store = Store.open(workspace, { readonly: true });
  try {
    const experiment = store.experiments.findByName(EXPERIMENT)[0]!;
    const runs = store.runList.listRuns(experiment.id, query, { offset: 0, limit: 200, keyMetric: null }).runs.map((r) => ({ id: r.run.id, name: r.run.name }));
    const labels = labelRuns(store.runList, runs);
    return runs.map((r) => labels.get(r.id)!);
  } finally {
    store.close();
  }
}

const runRowsOf = (experiments: Locator) => experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]');
const level2Names = (experiments: Locator) => runRowsOf(experiments).locator('.label-name').allInnerTexts();

/** The view's description in its header: the active sort and filter. */
const headerDescription = (view: Locator) => view.locator('.pane-header .description').innerText();

/** Whether the keyboard focus is in the side bar (the tree), not in the editor. */
const focusInSidebar = (page: Page) => page.evaluate("!!document.activeElement && !!document.activeElement.closest('.part.sidebar')") as Promise<boolean>;

const editorTabs = (page: Page) => page.locator('.part.editor .tabs-container .tab');

async function waitForText(what: string, read: () => Promise<string>, wanted: RegExp): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (!wanted.test((last = await read().catch(() => '')))) {
    if (Date.now() > deadline) throw new Error(`${what} never matched ${wanted}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** "Sort Runs…" from the experiment row's inline button: it offers that experiment's metrics and params only. */
async function sortExperimentByMetric(page: Page, experiment: Locator, metric: string, otherStoresMetric: string): Promise<void> {
  const input = quickInput(page);
  await experiment.hover();
  await experiment.locator('.action-label[aria-label="Sort Runs…"]').click();
  await input.waitForPrompt(/Sort Runs by a Metric or Param of clf-default-name/);
  await input.input.fill(otherStoresMetric);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ state: 'detached' });
  await input.input.fill(metric);
  await input.choose(new RegExp(`^${metric}$`));
  await input.waitForPrompt(/Direction/);
  await input.choose('Highest first');
}

async function filterByThreshold(page: Page, experiments: Locator, threshold: string): Promise<void> {
  const input = quickInput(page);
  // The title bar's Filter button, as a user finds it.
  await experiments.hover();
  await experiments.locator('.pane-header .action-label[aria-label="Filter Runs…"]').click();
  await input.waitForPrompt(/Filter runs by/);
  await input.choose('Metric threshold…');
  await input.waitForPrompt(/comparison/);
  await input.input.fill('AUC >> high');
  await page.locator('.quick-input-widget .quick-input-message', { hasText: 'Write a metric, a comparison and a number' }).waitFor();
  await input.type(threshold);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Clicks the title bar's "Sort Runs…", waits for the question, and backs out. */
async function titleSortAsks(page: Page, experiments: Locator, question: RegExp): Promise<void> {
  await experiments.hover();
  await experiments.locator('.pane-header .action-label[aria-label="Sort Runs…"]').click();
  await quickInput(page).waitForPrompt(question);
  await page.keyboard.press('Escape');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Chooses an action of the Experiments view's "…" menu in its title bar. */
async function viewMenu(page: Page, experiments: Locator, action: string): Promise<void> {
  await experiments.hover();
  await experiments.locator('.pane-header .action-label[aria-label^="More Actions"], .pane-header .action-label[aria-label^="Views and More Actions"]').first().click();
  const item = page.locator('.context-view .monaco-menu .action-item', { hasText: action });
  await item.hover();
  await page.locator('.context-view .monaco-menu .action-item.focused', { hasText: action }).waitFor();
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'detached' });
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  await openModelLedger(context);
  const experiments = pane(page, 'Experiments');
  const models = pane(page, 'Models');
  // The stores are imported in the background after activation: wait for both, so no refresh
  // for the second one redraws a row under the mouse.
  await row(experiments, EXPERIMENT, 1).waitFor({ timeout: 60_000 });
  await row(models, MODEL, 1).waitFor({ timeout: 60_000 });
  const description = (label: string, text: string | RegExp) => row(experiments, label, 1).filter({ has: page.locator('.label-description', { hasText: text }) });
  // Three stores' "Default"s: the empty one is hidden, the others say which store they are.
  await description('Default', /^wine\/mlruns · 38 runs$/).waitFor({ timeout: 60_000 });
  await description('Default', /^wine\/src\/mlruns · 3 runs$/).waitFor();
  assert.equal(await row(experiments, 'Default', 1).count(), 2, 'the empty Default of the kobe store is hidden');
  // Deleted runs are hidden and said apart: shown and deleted add up to what the store holds.
  await description('kobedataset', /^4 runs · 18 deleted$/).waitFor();
  await description(EXPERIMENT, /^20 runs · 2 deleted$/).waitFor();

  // "Sort Runs…" from the title bar with no experiment expanded asks whose metrics and params to offer.
  await titleSortAsks(page, experiments, /Sort by the metrics and params of which experiment\?/);

  // At the default side bar width: the experiments and their counts, then a run row keeps its
  // qualifier and key metric, the age going first.
  await unhover(page);
  await screenshot('sidebar-counts.png');
  await row(experiments, EXPERIMENT, 1).click();
  await runRowsOf(experiments).nth(5).waitFor();
  await unhover(page);
  await screenshot('sidebar-narrow.png');
  await row(experiments, EXPERIMENT, 1).click();
  await widenSidebar(page, SIDEBAR_WIDTH);

  // Sort by a metric from the experiment row's inline button: only its own keys are offered (the
  // wine store's rmse is not), the view's header says so, and the rows follow the store.
  await sortExperimentByMetric(page, row(experiments, EXPERIMENT, 1), 'Accuracy', 'rmse');
  await waitForText('the Experiments header', () => headerDescription(experiments), /^↓ Accuracy$/);
  const sorted: RunQuery = { sort: { field: { kind: 'metric', key: 'Accuracy' }, descending: true }, filter: { statuses: null, param: null, metric: null, text: null, showDeleted: false } };
  await row(experiments, EXPERIMENT, 1).click();
  await row(experiments, EXPERIMENT, 1).and(experiments.locator('[aria-expanded="true"]')).waitFor();
  await runRowsOf(experiments).nth(5).waitFor();
  const all = expectedRuns(workspace, sorted);
  assert.deepEqual((await level2Names(experiments)).slice(0, 10), all.slice(0, 10).map((r) => r.name), 'rows in the store\'s order, highest Accuracy first');
  const first = runRowsOf(experiments).first();
  assert.match(await first.locator('.label-description').innerText(), /^(.+ · )?Accuracy 0\.59\d* · /, 'the sort metric is the row\'s key metric');
  // Runs named alike ("str", "Logistic Regression") lead their description with what tells them apart.
  const alike = all.filter((r) => r.qualifier !== null);
  assert.ok(alike.length >= 4, `the store has runs named alike: ${JSON.stringify(alike)}`);
  const shownDescriptions = await runRowsOf(experiments).locator('.label-description').allInnerTexts();
  for (const [i, run] of all.slice(0, shownDescriptions.length).entries()) {
    if (run.qualifier) assert.ok(shownDescriptions[i]!.startsWith(`${run.qualifier} · Accuracy `), `${run.name}: ${shownDescriptions[i]}`);
    else assert.match(shownDescriptions[i]!, /^Accuracy /, run.name);
  }

  // With one experiment expanded, the title bar's "Sort Runs…" offers that experiment's keys.
  await titleSortAsks(page, experiments, /Sort Runs by a Metric or Param of clf-default-name/);

  // Filter by a threshold from the title bar; a bad threshold is explained before it is taken.
  await filterByThreshold(page, experiments, 'AUC >= 0.59');
  await waitForText('the Experiments header', () => headerDescription(experiments), /^↓ Accuracy · AUC ≥ 0\.59$/);
  const filtered: RunQuery = { ...sorted, filter: { ...sorted.filter, metric: parseMetricFilter('AUC >= 0.59')! } };
  const expected = expectedRuns(workspace, filtered).map((r) => r.name);
  assert.ok(expected.length >= 3 && expected.length < 20, `a real subset: ${expected.length}`);
  await waitForText('the filtered runs', async () => (await level2Names(experiments)).join('|'), new RegExp(`^${expected.map(escapeRegExp).join('\\|')}$`));
  assert.match(await row(experiments, EXPERIMENT, 1).locator('.label-description').innerText(), new RegExp(`^${expected.length} of 20 runs · 2 deleted$`));

  // Select two runs with ctrl-click and pin both from the context menu: they move to the top, pinned.
  const runRows = runRowsOf(experiments);
  const [third, fourth] = [expected[2]!, expected[3]!];
  await runRows.nth(2).click();
  await runRows.nth(3).click({ modifiers: ['Control'] });
  assert.equal(await experiments.locator('.monaco-list-row[aria-selected=true]').count(), 2);
  await contextMenu(page, runRows.nth(3), 'Pin Run');
  await waitForText('the pinned runs', async () => (await level2Names(experiments)).slice(0, 2).join('|'), new RegExp(`^${escapeRegExp(third)}\\|${escapeRegExp(fourth)}$`));
  assert.equal(await runRows.nth(0).locator('.custom-view-tree-node-item-icon.codicon-pinned').count(), 1, 'a pinned run shows a pin');
  assert.equal(await experiments.locator('.monaco-list-row[aria-selected=true]').count(), 2, 'the selection survives the refresh');

  // Shift-click selects a range.
  await runRows.nth(0).click();
  await runRows.nth(2).click({ modifiers: ['Shift'] });
  assert.equal(await experiments.locator('.monaco-list-row[aria-selected=true]').count(), 3);

  // A click shows a run's details in the preview tab and leaves the focus in the tree; the arrow
  // keys walk the runs and the details follow, in that one tab.
  await dismissHover(page);
  const names = await level2Names(experiments);
  await runRows.nth(1).click();
  const details = webview(page);
  await details.locator('h1', { hasText: new RegExp(`^${escapeRegExp(names[1]!)}( |$)`) }).waitFor();
  await details.locator('.preview-bar', { hasText: 'Preview' }).waitFor();
  assert.ok(await focusInSidebar(page), 'the focus stays in the tree');
  for (const next of [2, 3]) {
    await page.keyboard.press('ArrowDown');
    await details.locator('h1', { hasText: new RegExp(`^${escapeRegExp(names[next]!)}( |$)`) }).waitFor();
    assert.equal(await runRows.nth(next).getAttribute('aria-selected'), 'true', 'the selection follows');
  }
  assert.ok(await focusInSidebar(page));
  assert.equal(await editorTabs(page).count(), 1, 'one tab: the preview, reused');
  // A double-click keeps the tab open and moves the focus to it.
  await runRows.nth(4).dblclick();
  await details.locator('h1', { hasText: new RegExp(`^${escapeRegExp(names[4]!)}( |$)`) }).waitFor();
  await details.locator('.preview-bar').waitFor({ state: 'detached' });
  assert.equal(await focusInSidebar(page), false, 'the focus moved to the kept tab');
  // VS Code's tree also expands a row on a double-click; fold it back for the pictures below.
  if ((await runRows.nth(4).getAttribute('aria-expanded')) === 'true') await runRows.nth(4).locator('.monaco-tl-twistie').click();

  // A hover card goes away on a click, and does not come back while the mouse rests.
  const hovered = runRows.nth(5);
  await hovered.locator('.label-name').hover();
  await page.locator('.monaco-hover').first().waitFor();
  await hovered.locator('.label-name').click();
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.monaco-hover:visible').count(), 0, 'no hover card after the click');
  await details.locator('h1', { hasText: new RegExp(`^${escapeRegExp(names[5]!)}( |$)`) }).waitFor();
  assert.equal(await editorTabs(page).count(), 2, 'the kept tab and a new preview');

  // Expanding a run shows its params, metrics and tags.
  const target = runRows.nth(5);
  await target.locator('.monaco-tl-twistie').click();
  await row(experiments, 'Metrics', 3).waitFor();
  assert.ok((await experiments.locator('.monaco-list-row[aria-level="3"] .label-name').allInnerTexts()).includes('Params'));
  await row(experiments, 'Metrics', 3).click();
  await row(experiments, 'AUC', 4).waitFor();

  // Show Deleted, from the view's menu, lists the deleted runs with the others; Hide Deleted hides them again.
  await viewMenu(page, experiments, 'Show Deleted');
  await description(EXPERIMENT, /^\d+ of 20 runs \+ 2 deleted$/).waitFor();
  await waitForText('the Experiments header', () => headerDescription(experiments), /^↓ Accuracy · AUC ≥ 0\.59 · \+ deleted$/);
  await viewMenu(page, experiments, 'Hide Deleted');
  await description(EXPERIMENT, `${expected.length} of 20 runs · 2 deleted`).waitFor();

  // The Models view: a model with a version in production, and that version's lineage.
  await row(models, MODEL, 1).click();
  const production = models.locator('.monaco-list-row[role=treeitem][aria-level="2"]').filter({ has: page.locator('.label-description', { hasText: '[production]' }) });
  await production.waitFor();
  await production.locator('.monaco-tl-twistie').click();
  await models.locator('.monaco-list-row[role=treeitem][aria-level="3"]').first().waitFor();

  await unhover(page);
  await screenshot('sidebar-dark.png', { docs: true });
  for (const [theme, fileName] of [[LIGHT, 'sidebar-light.png'], [HIGH_CONTRAST, 'sidebar-hc.png']] as const) {
    await selectTheme(page, theme);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.equal(await headerDescription(experiments), '↓ Accuracy · AUC ≥ 0.59');
    await unhover(page);
    await screenshot(fileName, { docs: true });
  }

  // The query is the workspace's: a reload restores it.
  await page.reload();
  await page.locator('.monaco-workbench').waitFor();
  const reloaded = pane(page, 'Experiments');
  await waitForText('the Experiments header after a reload', () => headerDescription(reloaded), /^↓ Accuracy · AUC ≥ 0\.59$/);

  await loadMore(page, reloaded, workspace);
}

/**
 * Paging an experiment of 450 runs named alike: "Load more…" loads the next page where it was, the
 * row clicked is gone rather than selected and the keyboard focus is on the first new run; the
 * experiment row's inline "Load More Runs" loads the last page without scrolling down to it.
 */
async function loadMore(page: Page, experiments: Locator, workspace: string): Promise<void> {
  await palette(page, 'Model Ledger: Clear Sort and Filter');
  writeManyAlike(workspace);
  const many = row(experiments, MANY, 1);
  await many.waitFor({ timeout: 30_000 });
  await many.click();
  const more = experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]').filter({ has: page.locator('.label-name', { hasText: /^Load more… \(250 more\)$/ }) });
  await experiments.locator('.monaco-list-row[aria-level="2"]').first().click();
  await page.keyboard.press('End');
  await more.waitFor();
  await more.click();
  // The first run of the next page takes the row's place, with the keyboard focus.
  await experiments.locator('.monaco-list-row.focused').filter({ has: page.locator('.label-description', { hasText: /^seed=249 · / }) }).waitFor();
  assert.equal(await experiments.locator('.monaco-list-row[aria-selected=true]').filter({ hasText: 'Load more' }).count(), 0, 'no "Load more…" row stays selected');
  await page.keyboard.press('End');
  await experiments.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Load more… \(50 more\)$/ }) }).waitFor();
  await page.keyboard.press('Home');
  await many.hover();
  await many.locator('.action-label[aria-label="Load More Runs"]').click();
  // Once every run is listed, the experiment row no longer offers to load more.
  await many.locator('.action-label[aria-label="Load More Runs"]').waitFor({ state: 'detached' });
  await experiments.locator('.monaco-list-row[aria-level="2"]').first().click();
  await page.keyboard.press('End');
  await experiments.locator('.monaco-list-row[aria-level="2"]').filter({ has: page.locator('.label-description', { hasText: /^seed=0 · / }) }).waitFor();
  assert.equal(await experiments.locator('.monaco-list-row').filter({ hasText: 'Load more' }).count(), 0, 'every run is listed');
}

const MANY = RUNS_NAMED_ALIKE.experiment;

function writeManyAlike(workspace: string): void {
  const store = Store.open(workspace);
  try {
    writeRunsNamedAlike(store);
  } finally {
    store.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
