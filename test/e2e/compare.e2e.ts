// Comparing real runs, as a user does: the three runs of a ResNet-20 self-attention tuning
// experiment (AttentionSeekers/CNNtention, an MLflow file store copied from test/fixtures/real)
// are ctrl-clicked in the Experiments view and compared from the context menu. The panel shows
// the runs as columns with only the differing rows, the charts of their metrics; "Only
// differences" is turned off and on again, a chart is zoomed with the mouse wheel (every chart
// follows and the host answers with the finer buckets) and the panel survives a reload with its
// zoom. Screenshots in a dark theme (by step) and a light one (by wall time, where the runs'
// bursts of points fall into shared pixels and the min–max bands show). Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- compare).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { commitWorkspace, contextMenu, LIGHT, openExperiments, palette, row, selectTheme, unhover, webview, type E2EContext, type E2EServerOptions } from './workbench';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'AttentionSeekers__CNNtention');
const EXPERIMENT = 'selfatt_resnet20_tuning';
const RUNS = ['sincere-snake-245', 'invincible-croc-830', 'amusing-bee-223'];

/** The MLflow store in a git repository, as in the project's checkout. */
export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(FIXTURE, 'mlruns'), path.join(workspace, 'mlruns'), { recursive: true });
  commitWorkspace(workspace, 'CNNtention runs');
  return { workspace };
}

/** The visible rows of the comparison table, by their header text. */
const rowHeads = (panel: FrameLocator) => panel.locator('table.compare-table th.row-head .row-label').allInnerTexts();

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: never happened; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function openComparison(page: Page, experiments: Locator): Promise<void> {
  await row(experiments, EXPERIMENT, 1).click();
  for (const name of RUNS) await row(experiments, name, 2).waitFor({ timeout: 60_000 });
  // The experiment row's hover card, left by that click, may lie over its first runs.
  await unhover(page);
  await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden' });
  await row(experiments, RUNS[0]!, 2).click();
  for (const name of RUNS.slice(1)) await row(experiments, name, 2).click({ modifiers: ['Control'] });
  assert.equal(await experiments.locator('.monaco-list-row[aria-selected=true]').count(), RUNS.length);
  await contextMenu(page, row(experiments, RUNS[2]!, 2), 'Compare Selected Runs');
}

export async function run(context: E2EContext): Promise<void> {
  const { page, screenshot } = context;
  // Tall enough for the table and the first charts in one screenshot; the nineteen experiments all fit.
  const experiments = await openExperiments(context, 1500, EXPERIMENT);
  await openComparison(page, experiments);

  // The panel: its tab names the runs; the runs are the table's columns.
  await page.locator('.part.editor .tab.active', { hasText: /^Compare: / }).waitFor();
  const panel = webview(page);
  const heads = panel.locator('table.compare-table th.run-head .run-name');
  await waitFor('the runs as columns', () => heads.allInnerTexts(), (names) => names.length === RUNS.length);
  assert.deepEqual([...(await heads.allInnerTexts())].map((n) => n.trim()).sort(), [...RUNS].sort());

  // Only differences, on by default: identical rows are hidden and counted.
  const onlyDifferences = panel.locator('vscode-checkbox#only-differences');
  assert.equal(await onlyDifferences.evaluate((el) => (el as unknown as { checked: boolean }).checked), true, 'only differences is on');
  const hidden = panel.locator('.hidden-rows');
  await hidden.waitFor();
  // The table draws only the rows in view, so look at its top: every run finished in the same
  // experiment, so status and experiment are identical rows.
  const differing = await rowHeads(panel);
  assert.ok(differing.length > 0 && !differing.includes('status') && !differing.includes('experiment'), `only differing rows: ${differing.join(', ')}`);
  await onlyDifferences.click();
  await waitFor('every row shown', () => rowHeads(panel), (rows) => rows[0] === 'status' && rows.includes('experiment'));
  assert.equal(await hidden.count(), 0, 'nothing hidden');
  await onlyDifferences.click();
  await waitFor('only the differing rows again', () => rowHeads(panel), (rows) => rows.join('|') === differing.join('|'));

  // A chart per chosen metric, each drawn on a canvas.
  const plots = panel.locator('.charts .plot');
  await waitFor('the charts', () => plots.count(), (n) => n >= 2);
  const chartCount = await plots.count();
  assert.equal(await panel.locator('.charts .plot canvas').count() >= chartCount, true, 'every chart draws on a canvas');

  await unhover(page);
  await screenshot('compare-dark.png', { docs: true });

  // Zoom the first chart with the wheel: the zoom is linked and remembered (Reset zoom is enabled).
  const resetZoom = panel.locator('vscode-button', { hasText: 'Reset zoom' });
  assert.equal(await resetZoom.evaluate((el) => el.hasAttribute('disabled')), true, 'nothing zoomed yet');
  await plots.first().scrollIntoViewIfNeeded();
  const box = await plots.first().boundingBox();
  assert.ok(box, 'the chart is laid out');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
  await waitFor('the zoom to be applied', () => resetZoom.evaluate((el) => el.hasAttribute('disabled')), (disabled) => !disabled);

  // By wall time in a light theme: the screenshot of the bands.
  await selectTheme(page, LIGHT);
  await resetZoom.click();
  await waitFor('the zoom to be reset', () => resetZoom.evaluate((el) => el.hasAttribute('disabled')), (disabled) => disabled);
  await panel.locator('vscode-single-select#x-axis').click();
  await panel.locator('vscode-single-select#x-axis').press('ArrowDown');
  await panel.locator('vscode-single-select#x-axis').press('Enter');
  await waitFor('the x axis by wall time', () => plots.first().getAttribute('aria-label'), (label) => /wallTime|wall time/i.test(label ?? ''));
  // The charts at the top of the panel, the table's last rows above them.
  await panel.locator('#heading-charts').evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await unhover(page);
  await screenshot('compare-light.png', { docs: true });

  // Reloading the window (which saves the workbench's state first) restores the panel with its choices.
  await palette(page, 'Developer: Reload Window');
  await page.waitForEvent('load');
  await page.locator('.monaco-workbench').waitFor();
  const restored = webview(page);
  await waitFor('the restored comparison', () => restored.locator('table.compare-table th.run-head .run-name').count(), (n) => n === RUNS.length);
  await waitFor('the x axis kept', () => restored.locator('.charts .plot').first().getAttribute('aria-label'), (label) => /wallTime|wall time/i.test(label ?? ''));
}
