// Comparing runs a new user cannot tell apart by name, as real MLflow notebooks log them: the seven
// runs of "NEV Fault Prediction" (niloysamadder's NEV fault prediction project, an MLflow file store
// copied from test/fixtures/real) are all named "Random Forest Classifier", and each logged its
// Accuracy and F1 Score once. All seven are compared from the Experiments view: the tab title and
// the columns tell them apart by their short ids, and each score is a dot per run on a row that
// names it, not a column of dots at x = 0. Then thirty-six runs of a generated sweep on one chart:
// each run keeps a colour and dash or marker of its own, the pointer highlights one, and the
// tooltip lists twelve runs and "+24 more". Screenshots in a dark and a light theme. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- compareSameName).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { generateMlflowStore } from '../../testkit/mlflowStoreGenerator';
import { commitWorkspace, DARK, LIGHT, openExperiments, palette, row, selectTheme, unhover, webview, type E2EContext, type E2EServerOptions } from './workbench';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'niloysamadder__Fault-Prediction-for-New-Energy-Vehicles-NEV-using-Machine-Learning-and-Deep-Learning', 'notebooks', 'mlruns');
const EXPERIMENT = 'NEV Fault Prediction';
const RUN_NAME = 'Random Forest Classifier';
const RUNS = 7;
/** The generated sweep: experiment "bench" of run-0 … run-35, each with 200 steps of two metrics. */
const SWEEP = { experiment: 'bench', runs: 36 };

export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE, path.join(workspace, 'notebooks', 'mlruns'), { recursive: true });
  generateMlflowStore(path.join(workspace, 'sweep'), { runs: SWEEP.runs, metrics: 2, steps: 200 });
  commitWorkspace(workspace, 'NEV runs and a sweep');
  return { workspace };
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: never happened; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Expands an experiment, ctrl-clicks its `count` runs (all in view: the Models view is folded) and compares the selection. */
async function compareRunsOf(page: Page, experiments: Locator, experiment: string, count: number): Promise<void> {
  await row(experiments, experiment, 1).click();
  const runs = experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]');
  await waitFor(`the runs of ${experiment}`, () => runs.count(), (n) => n === count);
  await runs.first().click();
  for (let i = 1; i < count; i++) await runs.nth(i).click({ modifiers: ['Control'] });
  assert.equal(await experiments.locator('.monaco-list-row[aria-selected=true]').count(), count);
  // From the palette: the command compares the Experiments view's selection.
  await palette(page, 'Model Ledger: Compare Selected Runs');
}

const activeTab = (page: Page) => page.locator('.part.editor .tab.active', { hasText: /^Compare: / });

async function scrollTo(panel: FrameLocator, selector: string): Promise<void> {
  await panel.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

export async function run(context: E2EContext): Promise<void> {
  const { page, screenshot } = context;
  const experiments = await openExperiments(context, 1400, EXPERIMENT);
  await compareRunsOf(page, experiments, EXPERIMENT, RUNS);

  // The tab names the first three runs, each with what tells it apart.
  await activeTab(page).waitFor();
  const title = (await activeTab(page).innerText()).trim();
  assert.match(title, new RegExp(`^Compare: ${RUN_NAME} \\(#[0-9a-f]{8}\\), ${RUN_NAME} \\(#[0-9a-f]{8}\\), ${RUN_NAME} \\(#[0-9a-f]{8}\\) \\+4`), title);

  // Seven columns of one name, each with a different short id after it.
  const panel = webview(page);
  const heads = panel.locator('table.compare-table th.run-head');
  await waitFor('the runs as columns', () => heads.count(), (n) => n >= 4);
  const names = await heads.locator('.run-label-name').allInnerTexts();
  assert.ok(names.every((n) => n === RUN_NAME), names.join(', '));
  const qualifiers = await heads.locator('.qualifier').allInnerTexts();
  assert.ok(qualifiers.length >= 4 && qualifiers.every((q) => /^#[0-9a-f]{8}$/.test(q)) && new Set(qualifiers).size === qualifiers.length, qualifiers.join(', '));
  assert.equal(await panel.locator('h1').innerText(), `Compare runs (${RUNS})`);

  // Accuracy and F1 Score, logged once per run: a dot chart each, the runs down its side, no line chart.
  const dots = panel.locator('.dot-chart');
  await waitFor('the dot charts', () => dots.count(), (n) => n === 2);
  assert.equal(await panel.locator('metric-chart').count(), 0, 'no chart over steps: every point is at step 0');
  assert.deepEqual(await dots.locator('h3').evaluateAll((hs) => hs.map((h) => h.id)), ['chart-Accuracy', 'chart-F1 Score']);
  assert.deepEqual(await dots.locator('h3 .chart-note').allInnerTexts(), ['logged once per run', 'logged once per run']);
  await waitFor('the dots drawn', () => dots.first().locator('canvas').count(), (n) => n > 0);
  const legend = await panel.locator('.legend .qualifier').allInnerTexts();
  assert.equal(new Set(legend).size, RUNS, 'the legend names every run apart');

  await scrollTo(panel, '#heading-charts');
  await unhover(page);
  await screenshot('compare-same-name-dark.png', { docs: true });
  await selectTheme(page, LIGHT);
  await scrollTo(panel, '#heading-table');
  await unhover(page);
  await screenshot('compare-same-name-light.png');

  // Thirty-six runs of the sweep on one chart.
  await row(experiments, EXPERIMENT, 1).click();
  await row(experiments, SWEEP.experiment, 1).waitFor();
  await compareRunsOf(page, experiments, SWEEP.experiment, SWEEP.runs);
  await page.locator('.part.editor .tab.active', { hasText: /\+33$/ }).waitFor();
  const sweep = webview(page);
  await waitFor('36 runs', () => sweep.locator('h1').innerText(), (text) => text === `Compare runs (${SWEEP.runs})`);
  const plot = sweep.locator('metric-chart .plot').first();
  await waitFor('the line charts', () => plot.locator('canvas').count(), (n) => n > 0);
  await selectTheme(page, DARK);
  await scrollTo(sweep, '#heading-charts');
  // The pointer on a line: its run is drawn on top, the others fade, the tooltip lists twelve runs by value.
  const box = await plot.boundingBox();
  assert.ok(box, 'the chart is laid out');
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.3);
  const tooltip = sweep.locator('.pointer-tip');
  await tooltip.waitFor({ state: 'visible' });
  assert.equal(await tooltip.locator('.tip-row').count(), 12);
  assert.equal(await tooltip.locator('.tip-more').innerText(), `+${SWEEP.runs - 12} more`);
  await screenshot('compare-36-runs-dark.png');
}
