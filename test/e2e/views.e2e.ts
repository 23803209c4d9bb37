// The Model Ledger views and a run's details panel in the real workbench, on the demo workspace,
// in a dark, a light and a high-contrast theme; the dark shot is the README's.
// Run by scripts/code-server/run-e2e.mjs (npm run test:e2e).
import * as assert from 'node:assert/strict';
import {
  dismissHover,
  HIGH_CONTRAST,
  LIGHT,
  openModelLedger,
  pane,
  row,
  selectTheme,
  unhover,
  webview,
  widenSidebar,
  type E2EContext,
} from './workbench';

// Wide enough that no row's description (stage badges, metric, start time) is cut off.
const SIDEBAR_WIDTH = 520;

export async function run(context: E2EContext): Promise<void> {
  const { page, screenshot } = context;
  await openModelLedger(context);
  const models = pane(page, 'Models');
  const experiments = pane(page, 'Experiments');
  await row(models, 'churn-classifier').waitFor();
  await widenSidebar(page, SIDEBAR_WIDTH);

  const model = row(models, 'churn-classifier', 1);
  assert.equal(await model.getAttribute('aria-expanded'), 'false', 'models start collapsed');
  await model.click();
  const versions = models.locator('.monaco-list-row[role=treeitem][aria-level="2"]');
  await versions.nth(2).waitFor();
  assert.deepEqual(await versions.locator('.label-name').allInnerTexts(), ['v1.1.0', 'v1.0.0', 'History'], 'newest version first, then the registry history');
  const [staging, prod, history] = await versions.locator('.label-description').allInnerTexts();
  assert.match(staging ?? '', /^\[staging\] · /, 'stage badges lead the description');
  assert.match(prod ?? '', /^\[prod\] · /);
  assert.equal(history, '7 events', 'the demo registered, promoted and rolled back through the registry');
  const retired = row(models, 'churn-logreg', 1);
  assert.match(await retired.locator('.label-description').innerText(), /^deprecated · /);

  for (const experiment of ['baseline', 'tuning']) {
    const item = row(experiments, experiment, 1);
    assert.equal(await item.getAttribute('aria-expanded'), 'false', 'experiments start collapsed');
    await item.click();
    assert.equal(await item.getAttribute('aria-expanded'), 'true');
  }
  const runs = experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]');
  await row(experiments, 'gbm-lr-0.05', 2).waitFor();
  assert.deepEqual(await runs.locator('.label-name').allInnerTexts(), ['logreg-strong-reg', 'logreg-default', 'gbm-lr-0.05', 'gbm-lr-0.3', 'gbm-lr-0.1'], 'runs newest first under each experiment');
  // The side bar is wide enough for every description in full.
  for (const label of await page.locator('.part.sidebar .monaco-list-row .monaco-icon-label-container').all()) {
    assert.ok(await label.evaluate((el) => el.scrollWidth <= el.clientWidth), `row cut off: ${await label.innerText()}`);
  }

  // Selecting a run opens its details. A run's hover card, left open by the clicks above, would take the click.
  await dismissHover(page);
  await row(experiments, 'gbm-lr-0.05', 2).click();
  const details = webview(page);
  await details.locator('h1', { hasText: /^gbm-lr-0\.05$/ }).waitFor();
  const learningRate = details.locator('vscode-table[aria-label="Params"] vscode-table-row').filter({ hasText: 'learning_rate' });
  assert.deepEqual(await learningRate.locator('vscode-table-cell').allInnerTexts(), ['learning_rate', '0.05']);
  await page.locator('.part.editor .tab.active', { hasText: 'gbm-lr-0.05' }).waitFor();

  await unhover(page);
  await screenshot('views-dark.png', { docs: true });

  for (const [theme, fileName] of [[LIGHT, 'views-light.png'], [HIGH_CONTRAST, 'views-hc.png']] as const) {
    await selectTheme(page, theme);
    assert.equal(await runs.count(), 5, 'the expanded experiments stay expanded');
    assert.equal(await versions.count(), 3, 'the expanded model stays expanded');
    assert.ok(await details.locator('h1').isVisible(), 'the run details stay open');
    await unhover(page);
    await screenshot(fileName);
  }
}
