// The sidebar on real run data, driven as a user drives it: a PyCaret model comparison
// (LucasGasparello/KobeDatasetMlflow) and an MLflow registry with a version in production
// (silver6wings/MLFlowSample), both copied from test/fixtures/real and imported on opening. The
// runs are sorted by a metric and filtered by a threshold from the title bar's commands, two runs
// are selected with ctrl-click and pinned from the context menu, a range is selected with
// shift-click, a run's details open and its rows expand; the query survives a reload. Screenshots
// of both views in a dark, a light and a high-contrast theme. Run by scripts/code-server/run-e2e.mjs
// (npm run test:e2e -- sidebar).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { parseMetricFilter, type RunQuery } from '../../src/core/runQuery';
import { Store } from '../../src/store/store';
import {
  commitWorkspace,
  contextMenu,
  DARK,
  HIGH_CONTRAST,
  LIGHT,
  pane,
  palette,
  quickInput,
  row,
  selectTheme,
  showModelLedger,
  themeApplied,
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

/** The names the store lists for the experiment under `query`, as the view must show them. */
function expectedNames(workspace: string, query: RunQuery): string[] {
  const store = Store.open(workspace, { readonly: true });
  try {
    const experiment = store.experiments.findByName(EXPERIMENT)[0]!;
    return store.runList.listRuns(experiment.id, query, { offset: 0, limit: 200, keyMetric: null }).runs.map((r) => r.run.name);
  } finally {
    store.close();
  }
}

const level2Names = (experiments: Locator) => experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"] .label-name').allInnerTexts();

/** The view's description in its header: the active sort and filter. */
const headerDescription = (view: Locator) => view.locator('.pane-header .description').innerText();

async function waitForText(what: string, read: () => Promise<string>, wanted: RegExp): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (!wanted.test((last = await read().catch(() => '')))) {
    if (Date.now() > deadline) throw new Error(`${what} never matched ${wanted}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function sortByMetric(page: Page, metric: string): Promise<void> {
  const input = quickInput(page);
  await palette(page, 'Model Ledger: Sort Runs…');
  await input.waitForPrompt(/Sort runs by/);
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

export async function run({ page, workspace, open, screenshot, updateSettings }: E2EContext): Promise<void> {
  updateSettings({ 'workbench.colorTheme': DARK.setting });
  await open();
  await themeApplied(page, DARK);
  await showModelLedger(page);
  const experiments = pane(page, 'Experiments');
  const models = pane(page, 'Models');
  // The stores are imported in the background after activation: wait for both, so no refresh
  // for the second one redraws a row under the mouse.
  await row(experiments, EXPERIMENT, 1).waitFor({ timeout: 60_000 });
  await row(models, MODEL, 1).waitFor({ timeout: 60_000 });
  await row(experiments, 'Default', 1).filter({ has: page.locator('.label-description', { hasText: /^38 runs$/ }) }).waitFor({ timeout: 60_000 });
  await widenSidebar(page, SIDEBAR_WIDTH);

  // Sort by a metric from the palette: the view's header says so, and the rows follow the store.
  await sortByMetric(page, 'Accuracy');
  await waitForText('the Experiments header', () => headerDescription(experiments), /^↓ Accuracy$/);
  const sorted: RunQuery = { sort: { field: { kind: 'metric', key: 'Accuracy' }, descending: true }, filter: { statuses: null, param: null, metric: null, text: null, showDeleted: false } };
  await row(experiments, EXPERIMENT, 1).click();
  await row(experiments, EXPERIMENT, 1).and(experiments.locator('[aria-expanded="true"]')).waitFor();
  await experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]').nth(5).waitFor();
  assert.deepEqual((await level2Names(experiments)).slice(0, 10), expectedNames(workspace, sorted).slice(0, 10), 'rows in the store\'s order, highest Accuracy first');
  const first = experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]').first();
  assert.match(await first.locator('.label-description').innerText(), /^Accuracy 0\.59\d* · /, 'the sort metric is the row\'s key metric');

  // Filter by a threshold from the title bar; a bad threshold is explained before it is taken.
  await filterByThreshold(page, experiments, 'AUC >= 0.59');
  await waitForText('the Experiments header', () => headerDescription(experiments), /^↓ Accuracy · AUC ≥ 0\.59$/);
  const filtered: RunQuery = { ...sorted, filter: { ...sorted.filter, metric: parseMetricFilter('AUC >= 0.59')! } };
  const expected = expectedNames(workspace, filtered);
  assert.ok(expected.length >= 3 && expected.length < 20, `a real subset: ${expected.length}`);
  await waitForText('the filtered runs', async () => (await level2Names(experiments)).join('|'), new RegExp(`^${expected.map(escapeRegExp).join('\\|')}$`));
  assert.match(await row(experiments, EXPERIMENT, 1).locator('.label-description').innerText(), new RegExp(`^${expected.length} of \\d+ runs$`));

  // Select two runs with ctrl-click and pin both from the context menu: they move to the top, pinned.
  const runRows = experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]');
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

  // Selecting a run opens its details; expanding it shows its params, metrics and tags.
  const detailsRun = expected[4]!;
  const target = runRows.nth(4);
  await target.click();
  await webview(page).locator('h1', { hasText: new RegExp(`^${escapeRegExp(detailsRun)}$`) }).waitFor();
  await target.locator('.monaco-tl-twistie').click();
  await row(experiments, 'Metrics', 3).waitFor();
  assert.ok((await experiments.locator('.monaco-list-row[aria-level="3"] .label-name').allInnerTexts()).includes('Params'));
  await row(experiments, 'Metrics', 3).click();
  await row(experiments, 'AUC', 4).waitFor();

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
  await waitForText('the Experiments header after a reload', () => headerDescription(pane(page, 'Experiments')), /^↓ Accuracy · AUC ≥ 0\.59$/);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
