// Workspace trust, as a user meets it: a project with an MLflow store (Tom-source's, copied from
// test/fixtures/real) opened in Restricted Mode. Model Ledger imports nothing and writes no store
// there; once the user trusts the folder (the Manage Workspace Trust editor's Trust button), the
// import starts by itself and the runs show. Run by scripts/code-server/run-e2e.mjs
// (npm run test:e2e -- trust).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { commitWorkspace, palette, pane, row, showModelLedger, type E2EContext, type E2EServerOptions } from './workbench';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', 'Tom-source__opdracht', 'mlruns');
const EXPERIMENT = 'Tom Test';

export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE, path.join(workspace, 'mlruns'), { recursive: true });
  commitWorkspace(workspace, 'a project with an MLflow store');
  return { workspace, workspaceTrust: true };
}

export async function run({ page, workspace, open, screenshot, updateSettings }: E2EContext): Promise<void> {
  // Restricted Mode without the start-up question: the folder is simply not trusted yet.
  updateSettings({ 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'always' });
  await open();
  await showModelLedger(page);
  const experiments = pane(page, 'Experiments');
  await experiments.locator('.welcome-view-content, .monaco-list').first().waitFor();
  // Long enough for an import of two runs to have shown, had one started.
  await page.waitForTimeout(3000);
  assert.equal(await row(experiments, EXPERIMENT, 1).count(), 0, 'nothing is imported in Restricted Mode');
  assert.equal(fs.existsSync(path.join(workspace, '.modelledger')), false, 'and no store is written');
  await experiments.locator('.welcome-view-content', { hasText: 'Restricted Mode' }).waitFor();
  await screenshot('trust-restricted.png');

  await palette(page, 'Workspaces: Manage Workspace Trust');
  const trust = page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ }).first();
  await trust.click();
  await page.locator('.workspace-trust-editor', { hasText: 'You trust this folder' }).waitFor();
  // The trust editor opens as a modal editor: closed, the side bar takes clicks again.
  const modal = page.locator('.monaco-modal-editor-block');
  await modal.locator('.codicon-close, .codicon-x').last().click();
  await modal.waitFor({ state: 'detached' });
  await row(experiments, EXPERIMENT, 1).waitFor({ timeout: 60_000 });
  assert.ok(fs.existsSync(path.join(workspace, '.modelledger', 'ledger.db')), 'trusted, the import writes the store');
  // The picture is of the import done: neither view still leads with its "Importing runs…" row.
  await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Importing runs…' }).first().waitFor({ state: 'detached', timeout: 60_000 });
  await screenshot('trust-granted.png');
}
