// A new user's MLflow store with deleted runs and a registry, opened in the real workbench
// (data-IA-2022/CO2_Mlflow_Maud_Tarik: 6 runs, 2 of them deleted; 2 registered models and 5
// versions, one whose artifact is in the store under another machine's file:// path and four on
// a tracking server). The Experiments view says how many runs are deleted and Show Deleted lists
// them; the Models view marks MLflow's models, a version's tooltip says why the git registry's
// commands do not apply, its menu offers what does, a mapped artifact opens (the folder revealed,
// its MLmodel in an editor), one that is not here says so; Verify Artifact, then Register in Git
// Registry… from the tooltip's link writes the tag, and the git registry promotes it. Screenshots
// in a dark and a light theme. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e -- mlflowRegistry).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { treeHash } from '../../testkit/mlflowArtifacts';
import {
  commitWorkspace,
  contextMenu,
  dismissHover,
  expand,
  hoverCard,
  LIGHT,
  openModelLedger,
  palette,
  pane,
  quickInput,
  row,
  selectTheme,
  showModelLedger,
  unhover,
  widenSidebar,
  type E2EContext,
  type E2EServerOptions,
} from './workbench';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'data-IA-2022__CO2_Mlflow_Maud_Tarik');
const SIDEBAR_WIDTH = 600;
const MAPPED_PATH = 'mlruns/720243650590451200/f44a22316509441d890bf3bdf88fd4e7/artifacts/data/best_model_GradientBoostingRegressor.pkl';

/** The project's checkout: its MLflow store, committed as the repository holds it. */
export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE, workspace, { recursive: true });
  commitWorkspace(workspace, 'CO2 predictions, tracked with MLflow');
  return { workspace };
}

const description = (scope: Locator, label: string, level: number) => row(scope, label, level).locator('.label-description');

/** Waits for a notification saying `text`, in the notifications center (a toast may have gone by), then clears them all. */
async function notified(page: Page, text: RegExp): Promise<void> {
  await palette(page, 'Notifications: Show Notifications');
  await page.locator('.notifications-center .notification-list-item', { hasText: text }).waitFor();
  await clearNotifications(page);
}

async function clearNotifications(page: Page): Promise<void> {
  await palette(page, 'Notifications: Clear All Notifications');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.notification-toast, .notifications-center .notification-list-item').first().waitFor({ state: 'hidden' });
}

/** The items of a row's context menu, then the menu closed again. */
async function menuItems(page: Page, target: Locator): Promise<string[]> {
  await dismissHover(page);
  await target.click({ button: 'right' });
  const items = page.locator('.context-view .monaco-menu .action-item:not(.disabled) .action-label');
  await items.first().waitFor();
  const labels = (await items.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  await page.keyboard.press('Escape');
  await items.first().waitFor({ state: 'detached' });
  return labels;
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  await openModelLedger(context);
  const experiments = pane(page, 'Experiments');
  const models = pane(page, 'Models');
  await row(models, 'model_tracking', 1).waitFor({ timeout: 60_000 });
  await widenSidebar(page, SIDEBAR_WIDTH);

  // 1. The Experiments view: deleted runs are said apart, the empty Default is not shown, and
  // Show Deleted lists the deleted runs.
  await description(experiments, 'MLflow Quickstart', 1).filter({ hasText: /^2 runs · 2 deleted$/ }).waitFor();
  await description(experiments, 'Seatle_co2_pred_maud_tarik', 1).filter({ hasText: /^2 runs$/ }).waitFor();
  assert.equal(await row(experiments, 'Default', 1).count(), 0, 'the empty Default experiment is hidden');
  await row(experiments, 'MLflow Quickstart', 1).click();
  await row(experiments, 'amazing-cod-617', 2).waitFor();
  assert.equal(await row(experiments, 'serious-hawk-440', 2).count(), 0, 'a deleted run is hidden');

  // 2. The Models view: MLflow's two models, marked as MLflow's.
  await description(models, 'tracking-quickstart', 1).filter({ hasText: /^MLflow · 4 versions$/ }).waitFor();
  await description(models, 'model_tracking', 1).filter({ hasText: /^MLflow · 1 version$/ }).waitFor();

  // tracking-quickstart 2: its run was deleted, its artifact stayed on the tracking server.
  await row(models, 'tracking-quickstart', 1).click();
  const quickstartVersion = (v: string) => row(models, v, 2);
  await quickstartVersion('4').waitFor();
  await quickstartVersion('2').click();
  await description(models, 'serious-hawk-440', 3).filter({ hasText: /^source run · MLflow Quickstart · finished · deleted$/ }).waitFor();
  await description(models, 'iris_model', 3).filter({ hasText: /^not in this workspace$/ }).waitFor();
  assert.deepEqual(await menuItems(page, quickstartVersion('2')), ['Show Run Details', 'Compare Source Run With…'], 'no artifact here: nothing to verify or register');
  await unhover(page);
  await screenshot('mlflow-registry-absent-dark.png');
  const absentCard = await hoverCard(page, quickstartVersion('2'), 'MLflow');
  assert.match(await absentCard.innerText(), /Artifact not in this workspace; MLflow recorded it at mlflow-artifacts:\/601757128816916662\/1769788a57344a56b7017e2e61d80f3d\/artifacts\/iris_model/);
  assert.match(await absentCard.innerText(), /not in git tags/);
  await screenshot('mlflow-registry-absent-tooltip-dark.png');
  await dismissHover(page);
  await row(models, 'tracking-quickstart', 1).click(); // folded again

  // 3. model_tracking 1: its artifact is this store's copy of what another machine logged.
  await row(models, 'model_tracking', 1).click();
  const version = row(models, '1', 2);
  await version.click();
  await description(models, 'nosy-koi-423', 3).filter({ hasText: /^source run · Seatle_co2_pred_maud_tarik · finished$/ }).waitFor();
  const artifact = row(models, 'data/best_model_GradientBoostingRegressor.pkl', 3);
  const { sha256, size } = treeHash(path.join(workspace, MAPPED_PATH));
  assert.equal(size, 1628);
  await artifact.locator('.label-description', { hasText: `sha256 ${sha256.slice(0, 12)}… · 1.6 KB` }).waitFor();
  const items = await menuItems(page, version);
  // Download reads the MLflow store's copy: no registry write.
  assert.deepEqual(items, ['Show Run Details', 'Compare Source Run With…', 'Register in Git Registry…', 'Verify Artifact', 'Download Version Artifact…']);
  assert.ok(!items.some((i) => /Assign Stage|Roll Back|Deregister|Deprecate/.test(i)), 'none of the git registry\'s writes');
  await unhover(page);
  await screenshot('mlflow-registry-dark.png');

  // Verify Artifact: the files are those hashed at import.
  await contextMenu(page, version, 'Verify Artifact');
  await notified(page, /model_tracking 1: .*best_model_GradientBoostingRegressor\.pkl is unchanged since the store was imported/);

  // Selecting the artifact reveals the folder in the Explorer and opens its MLmodel.
  await artifact.click();
  await page.locator('.part.editor .tab.active', { hasText: 'MLmodel' }).waitFor();
  const explorer = page.locator('.part.sidebar .explorer-folders-view');
  // The folder is revealed, open; the Explorer's own auto-reveal may then select the MLmodel just opened in it.
  await explorer.locator('.monaco-list-row[aria-expanded=true]', { hasText: 'best_model_GradientBoostingRegressor.pkl' }).waitFor();
  await explorer.locator('.monaco-list-row.selected', { hasText: /^(?:.*best_model_GradientBoostingRegressor\.pkl|MLmodel)$/ }).waitFor();
  await unhover(page);
  await screenshot('mlflow-registry-artifact-dark.png');
  await showModelLedger(page);

  // 4. The version's tooltip says why the git registry's commands do not apply, and links to
  // Register in Git Registry…, which asks the register flow's questions, prefilled.
  const card = await hoverCard(page, version, 'MLflow');
  assert.match(await card.innerText(), /Version 1 of model_tracking is in MLflow's registry, not in git tags: .* do not apply to it\./);
  await screenshot('mlflow-registry-tooltip-dark.png');
  await card.locator('a', { hasText: 'Register in Git Registry…' }).click();
  const quick = quickInput(page);
  await quick.waitForPrompt(/Model name/);
  assert.equal(await quick.input.inputValue(), 'model-tracking', 'model_tracking is the MLflow model\'s name: DVC\'s form is offered');
  await quick.input.press('Enter');
  await quick.waitForPrompt(/Version of the new model model-tracking/);
  await quick.choose(/^v1\.0\.0$/);
  await quick.waitForPrompt(/The commit whose code made the model/);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'HEAD (main)' }).first().click();
  await quick.waitForPrompt(/A description of this version of model-tracking/);
  assert.equal(await quick.input.inputValue(), "Version 1 of model_tracking in MLflow's registry");
  await quick.input.press('Enter');
  // The data step: the run's logged inputs are listed; recorded as they are.
  await quick.waitForPrompt(/The data this version was trained and evaluated on/);
  await quick.choose(/^Continue/);
  await notified(page, /Registered model-tracking v1\.0\.0 at [0-9a-f]{8} \(tag model-tracking@v1\.0\.0\)/);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();
  assert.equal(git('tag', '--list', 'model-tracking*'), 'model-tracking@v1.0.0');
  assert.match(git('tag', '-l', '--format=%(contents)', 'model-tracking@v1.0.0'), new RegExp(`"sha256": ?"${sha256}"`), 'the sha256 the import computed');

  // 5. The git registry's model can be promoted; the MLflow version points to it.
  await description(models, 'model-tracking', 1).filter({ hasText: /^1 version$/ }).waitFor();
  await description(models, '1', 2).filter({ hasText: /^in git as model-tracking v1\.0\.0 · / }).waitFor();
  await expand(row(models, 'model-tracking', 1));
  await contextMenu(page, row(models, 'v1.0.0', 2), 'Promote / Assign Stage…');
  await quick.waitForPrompt(/Assign model-tracking v1\.0\.0 to stage/);
  await quick.choose(/^prod$/);
  await description(models, 'v1.0.0', 2).filter({ hasText: /^\[prod\] · / }).waitFor();
  await clearNotifications(page);
  await unhover(page);
  await screenshot('mlflow-registry-adopted-dark.png', { docs: true });

  // 6. The same in a light theme, with Show Deleted on.
  await selectTheme(page, LIGHT);
  await experiments.hover();
  await experiments.locator('.pane-header .action-label[aria-label^="More Actions"], .pane-header .action-label[aria-label^="Views and More Actions"]').first().click();
  const showDeleted = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Show Deleted' });
  await showDeleted.hover();
  await page.keyboard.press('Enter');
  await row(experiments, 'serious-hawk-440', 2).waitFor();
  await unhover(page);
  await screenshot('mlflow-registry-adopted-light.png');
  await hoverCard(page, version, 'MLflow');
  await screenshot('mlflow-registry-tooltip-light.png');
}
