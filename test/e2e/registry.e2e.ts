// The git model registry in the real workbench, driven as a user drives it: two training runs
// that made model files are registered from their context menus (a new model, its name checked as
// typed: refused when an imported MLflow registry has it, warned about when DVC's dvc.yaml rule is
// narrower; version and commit from quick picks), promoted to prod (a version's context menu, then
// the command palette), and prod is rolled back from the model's context menu; then a file is
// registered from the Explorer with a dirty working tree (a modal dialog). Screenshots of the
// Models view with a version's lineage, and of the model's history. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- registry).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { contextMenu, openModelLedger, palette, pane, quickInput, row, unhover, widenSidebar, type E2EContext } from './workbench';

const MODEL = 'churn-gbm';
const SIDEBAR_WIDTH = 560;
/** A real MLflow store with one registered model (Tom-source/opdracht): a model in the store only. */
const MLFLOW_STORE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'Tom-source__opdracht', 'mlruns');
const MLFLOW_MODEL = 'tracking-quickstart';

function git(workspace: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();
}

/** A finished run in Model Ledger's run log, as training code writes it, that made `artifact`. */
function logRun(workspace: string, run: { id: string; name: string; commit: string; loss: number; artifact: string }): void {
  const file = path.join(workspace, run.artifact);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `weights of ${run.name}\n`);
  const bytes = fs.readFileSync(file);
  const t = Date.UTC(2026, 10, 10, 9, 0, 0);
  const lines = [
    { type: 'start', v: 1, t, run_id: run.id, experiment: 'registry-e2e', name: run.name, git: { commit: run.commit, branch: 'main', dirty: false }, command: 'python train.py', start_time: t },
    { type: 'params', t, values: { model: 'gbm' } },
    { type: 'metrics', t: t + 1000, step: 0, values: { loss: run.loss + 0.5 } },
    { type: 'metrics', t: t + 2000, step: 1, values: { loss: run.loss } },
    { type: 'artifact', t: t + 3000, path: run.artifact, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
    { type: 'end', t: t + 4000, status: 'finished' },
  ];
  const runs = path.join(workspace, '.modelledger', 'runs');
  fs.mkdirSync(runs, { recursive: true });
  fs.writeFileSync(path.join(runs, `${run.id}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
}

async function clearNotifications(page: Page): Promise<void> {
  await palette(page, 'Notifications: Clear All Notifications');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  const baselineCommit = git(workspace, 'log', '--format=%H', '--grep', '^Train gbm-lr-0.1$');
  const head = git(workspace, 'rev-parse', 'HEAD');
  logRun(workspace, { id: 'e2ebaseline', name: 'gbm-baseline', commit: baselineCommit, loss: 0.21, artifact: 'models/churn-v1.pkl' });
  logRun(workspace, { id: 'e2efinal', name: 'gbm-final', commit: head, loss: 0.19, artifact: 'models/churn-v2.pkl' });
  fs.cpSync(MLFLOW_STORE, path.join(workspace, 'mlflow', 'mlruns'), { recursive: true });

  await openModelLedger(context);
  const experiments = pane(page, 'Experiments');
  const models = pane(page, 'Models');
  await row(experiments, 'registry-e2e', 1).waitFor({ timeout: 20_000 });
  await row(models, MLFLOW_MODEL, 1).waitFor({ timeout: 20_000 });
  await widenSidebar(page, SIDEBAR_WIDTH);
  await row(experiments, 'registry-e2e', 1).click();
  const quick = quickInput(page);

  // 1. Register v1.0.0 from the baseline run's context menu: a new model (the demo has its own),
  // its name checked as typed.
  await contextMenu(page, row(experiments, 'gbm-baseline', 2), 'Register Model Version…');
  await quick.waitForPrompt(/Register a version of which model/);
  await quick.choose('New model…');
  await quick.waitForPrompt(/Model name/);
  const message = page.locator('.quick-input-widget .quick-input-message');
  await quick.input.fill('Churn GBM');
  await message.filter({ hasText: 'must not contain spaces' }).waitFor();
  await quick.input.fill(MLFLOW_MODEL); // the imported MLflow registry's model, not a git one
  await message.filter({ hasText: 'is a model from mlflow in this store' }).waitFor();
  await quick.input.fill('Churn_GBM'); // gto's rule allows it; DVC's published one does not
  await message.filter({ hasText: '"churn-gbm" fits both' }).waitFor();
  await page.locator('.quick-input-widget .monaco-inputbox.warning').waitFor();
  await screenshot('registry-name-warning.png');
  await quick.input.fill(MODEL);
  await message.filter({ hasText: /fits both|is a model from/ }).waitFor({ state: 'detached' });
  await quick.input.press('Enter');
  await quick.waitForPrompt(/Version of the new model churn-gbm/);
  await quick.choose(/^v1\.0\.0$/);
  await quick.waitForPrompt(/The commit whose code made the model/);
  assert.match(await page.locator('.quick-input-list .monaco-list-row').first().innerText(), new RegExp(`${baselineCommit.slice(0, 8)}[\\s\\S]*the run's commit`), "the run's commit comes first");
  await quick.choose(baselineCommit.slice(0, 8));
  await quick.waitForPrompt(/A description of this version/);
  await quick.type('Gradient boosting, baseline');
  // The data step: this run logged none, and none is added.
  await quick.waitForPrompt(/The data this version was trained and evaluated on/);
  await quick.choose(/^Continue/);
  await row(models, MODEL, 1).locator('.label-description', { hasText: /^1 version$/ }).waitFor();

  // 2. Register v1.1.0 from the final run: this time the model is picked from the registry's.
  await contextMenu(page, row(experiments, 'gbm-final', 2), 'Register Model Version…');
  await quick.waitForPrompt(/Register a version of which model/);
  await quick.choose(new RegExp(`^${MODEL}$`));
  await quick.waitForPrompt(/latest v1\.0\.0/);
  await quick.choose(/^v1\.1\.0$/);
  await quick.waitForPrompt(/The commit whose code made the model/);
  await quick.choose(head.slice(0, 8));
  await quick.waitForPrompt(/A description of this version/);
  await quick.type('Gradient boosting, final');
  // The data step: this run logged none, and none is added.
  await quick.waitForPrompt(/The data this version was trained and evaluated on/);
  await quick.choose(/^Continue/);
  await row(models, MODEL, 1).locator('.label-description', { hasText: /^2 versions$/ }).waitFor();

  // 3. Promote v1.0.0 to prod from its context menu, then v1.1.0 from the command palette.
  const model = row(models, MODEL, 1);
  await model.click();
  const version = (v: string) => row(models, v, 2);
  await version('v1.1.0').waitFor();
  await contextMenu(page, version('v1.0.0'), 'Promote / Assign Stage…');
  await quick.waitForPrompt(/Assign churn-gbm v1\.0\.0 to stage/);
  await quick.choose(/^prod$/);
  await version('v1.0.0').locator('.label-description', { hasText: /^\[prod\] · / }).waitFor();

  await palette(page, 'Model Ledger: Promote / Assign Stage…');
  await quick.waitForPrompt(/Assign Stage/);
  await quick.choose(new RegExp(`^${MODEL}$`));
  await quick.choose(/^v1\.1\.0$/);
  await quick.waitForPrompt(/Assign churn-gbm v1\.1\.0 to stage/);
  await quick.choose(/^prod$/);
  await version('v1.1.0').locator('.label-description', { hasText: /^\[prod\] · / }).waitFor();
  assert.doesNotMatch(await version('v1.0.0').locator('.label-description').innerText(), /\[prod\]/, 'prod moved to v1.1.0');
  const statusBar = page.locator('.part.statusbar .statusbar-item', { hasText: `${MODEL} v1.1.0` });
  await statusBar.filter({ hasText: '[prod]' }).waitFor();

  // The lineage of the version in prod: source run, commit, artifact, metrics, stage history.
  await version('v1.1.0').click();
  await row(models, 'gbm-final', 3).waitFor();
  await row(models, 'models/churn-v2.pkl', 3).waitFor();
  await clearNotifications(page);
  await unhover(page);
  await screenshot('registry-models.png');

  // Selecting the source run opens its details.
  await row(models, 'gbm-final', 3).click();
  await page.locator('.part.editor .tab.active', { hasText: 'gbm-final' }).waitFor();
  await version('v1.1.0').click(); // collapse the lineage again

  // 4. Roll back prod from the model's context menu: v1.0.0 is back.
  await contextMenu(page, model, 'Roll Back Stage…');
  await quick.waitForPrompt(/Roll back which stage of churn-gbm/);
  assert.match(await page.locator('.quick-input-list .monaco-list-row', { hasText: 'prod' }).first().innerText(), /v1\.1\.0 → v1\.0\.0/);
  await quick.choose(/^prod$/);
  await version('v1.0.0').locator('.label-description', { hasText: /^\[prod\] · / }).waitFor();
  assert.doesNotMatch(await version('v1.1.0').locator('.label-description').innerText(), /\[prod\]/);
  await statusBar.filter({ hasNotText: '[prod]' }).waitFor();

  // The model's history: every step, newest first, with who and when.
  await row(models, 'History', 2).click();
  const events = models.locator('.monaco-list-row[role=treeitem][aria-level="3"] .label-name');
  await row(models, 'v1.0.0 registered', 3).waitFor();
  assert.deepEqual(await events.allInnerTexts(), ['v1.0.0 assigned to prod', 'v1.1.0 assigned to prod', 'v1.0.0 assigned to prod', 'v1.1.0 registered', 'v1.0.0 registered']);
  await clearNotifications(page);
  await unhover(page);
  await screenshot('registry-history.png');

  // The tags are GTO's, in the repository, where `gto` and DVC Studio read them.
  const tags = git(workspace, 'tag', '--list', `${MODEL}*`).split('\n').sort();
  assert.deepEqual(tags, [`${MODEL}#prod#1`, `${MODEL}#prod#2`, `${MODEL}#prod#3`, `${MODEL}@v1.0.0`, `${MODEL}@v1.1.0`]);
  assert.equal(git(workspace, 'rev-parse', `${MODEL}@v1.0.0^{commit}`), baselineCommit);

  // 5. From a file in the Explorer: a new model named after the file, at HEAD, with uncommitted
  // changes in the working tree, which a modal dialog asks about and the version then records.
  fs.appendFileSync(path.join(workspace, 'train.py'), '# tuning in progress\n');
  await palette(page, 'View: Show Explorer');
  const explorer = page.locator('.part.sidebar .explorer-folders-view');
  await row(explorer, 'models').click();
  await contextMenu(page, row(explorer, 'churn-v2.pkl'), 'Register Model Version…');
  await quick.waitForPrompt(/Register a version of which model/);
  await quick.choose('New model…');
  await quick.waitForPrompt(/Model name/);
  assert.equal(await quick.input.inputValue(), 'churn-v2', 'the name suggested from the file');
  await quick.input.press('Enter');
  await quick.waitForPrompt(/Version of the new model churn-v2/);
  await quick.choose(/^v0\.1\.0$/);
  await quick.waitForPrompt(/The commit whose code made the model/);
  await quick.choose(head.slice(0, 8));
  await quick.waitForPrompt(/A description of this version/);
  await quick.type('');
  // The data step: this run logged none, and none is added.
  await quick.waitForPrompt(/The data this version was trained and evaluated on/);
  await quick.choose(/^Continue/);
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'The working tree has uncommitted changes.' });
  await dialog.filter({ hasText: 'train.py' }).waitFor();
  await dialog.locator('.monaco-button', { hasText: 'Register Anyway' }).click();
  // Three versions at HEAD now (the demo's, churn-gbm's, churn-v2's): the status bar names two and counts the third.
  await statusBar.filter({ hasText: '+1' }).waitFor();
  assert.equal(git(workspace, 'rev-parse', 'churn-v2@v0.1.0^{commit}'), head);
  assert.match(git(workspace, 'tag', '--list', '--format=%(contents)', 'churn-v2@v0.1.0'), /"dirty":true/);
}
