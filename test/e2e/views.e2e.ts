// The Model Ledger views in the real workbench, on the demo workspace, in a dark and a light
// theme. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e).
import * as assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

/** What scripts/code-server/run-e2e.mjs hands each *.e2e.js file's run(). */
export interface E2EContext {
  page: Page;
  /** Absolute path of the demo workspace open in the workbench. */
  workspace: string;
  /** Loads the workbench with the extension from source; resolves once the workbench DOM exists. */
  open(): Promise<void>;
  /** Saves a screenshot of the page as test-results/<fileName>. */
  screenshot(fileName: string): Promise<void>;
  /** Replaces the user settings (on top of the harness's quiet defaults); applies live. */
  updateSettings(values: Record<string, unknown>): void;
}

// The web workbench starts light when no theme is set, so the dark shot names its theme too.
const DARK = { theme: 'Dark 2026', workbenchClass: 'vs-dark' };
const LIGHT = { theme: 'Light 2026', workbenchClass: 'vs' };

/** The view pane whose header reads `title` in the side bar. */
function pane(page: Page, title: string): Locator {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${title}$`) }) });
}

/** Tree rows (a row's aria-label is its tooltip, so match the visible label instead). */
function row(scope: Locator, label: string): Locator {
  return scope.locator('.monaco-list-row[role=treeitem]').filter({ has: scope.page().locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
}

/** Parks the mouse over the empty editor area so no hover highlight or tooltip lands in a shot. */
function unhover(page: Page): Promise<void> {
  return page.mouse.move(900, 700);
}

/** The theme type is a class on the workbench element: a precise sign the theme is applied. */
function themeApplied(page: Page, theme: typeof DARK): Promise<void> {
  return page.locator(`.monaco-workbench.${theme.workbenchClass}`).waitFor();
}

export async function run({ page, open, screenshot, updateSettings }: E2EContext): Promise<void> {
  updateSettings({ 'workbench.colorTheme': DARK.theme });
  await open();
  await themeApplied(page, DARK);

  // The extension has no activation events of its own: rows appear only once the views activate it.
  await page.locator('.part.activitybar .action-item a[aria-label^="Model Ledger"]').first().click();
  const models = pane(page, 'Models');
  const experiments = pane(page, 'Experiments');
  await row(models, 'churn-classifier').waitFor();
  await row(experiments, 'baseline').waitFor();
  await row(experiments, 'tuning').waitFor();

  const first = experiments.locator('.monaco-list-row[role=treeitem][aria-level="1"]').first();
  assert.equal(await first.getAttribute('aria-expanded'), 'false', 'experiments start collapsed');
  await first.click();
  const runs = experiments.locator('.monaco-list-row[role=treeitem][aria-level="2"]');
  await runs.first().waitFor();
  assert.equal(await first.getAttribute('aria-expanded'), 'true');
  const runLabels = await runs.locator('.label-name').allInnerTexts();
  assert.ok(runLabels.length > 0 && runLabels.every((label) => label.trim() !== ''), `run rows have labels: ${JSON.stringify(runLabels)}`);
  await unhover(page);
  await screenshot('views-dark.png');

  updateSettings({ 'workbench.colorTheme': LIGHT.theme });
  await themeApplied(page, LIGHT);
  for (const [scope, label] of [[models, 'churn-classifier'], [experiments, 'baseline'], [experiments, 'tuning']] as const) {
    assert.ok(await row(scope, label).isVisible(), `${label} is still visible in the light theme`);
  }
  assert.equal(await runs.count(), runLabels.length, 'the expanded experiment stays expanded');
  await unhover(page);
  await screenshot('views-light.png');
}
