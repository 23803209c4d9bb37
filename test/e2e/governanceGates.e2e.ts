// A promotion refused by its gate, in the real workbench: a model registered with the CLI as users
// do and put in staging, a policy.yaml whose prod gate asks for a model card and a lead's approval,
// and "Promote / Assign Stage…" to prod from the palette. The notification names the failed
// rules, with Show Details (the gate report, a read-only Markdown document) and Promote Anyway…
// (the policy allows an override). Screenshots of both, dark and light. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- governanceGates).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { LIGHT, openModels, palette, quickInput, row, selectTheme, unhover, type E2EContext } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MODEL = 'churn-gated';

const POLICY = `version: 1
models:
  "churn*":
    stages:
      prod:
        from: [staging]
        clean_tree: true
        artifact_hash: true
        model_card: {sections: ["Intended use"]}
        reviews: {min: 1, reviewers: ["lead@example.com"], not_author: true}
        override: true
`;

function write(workspace: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  fs.writeFileSync(path.join(workspace, file), text);
}

/** The CLI, as a user runs it in the workspace. */
function cli(workspace: string, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: workspace, encoding: 'utf8' });
}

function setUp(workspace: string): void {
  write(workspace, 'models/churn-gated.pkl', 'gradient boosting weights\n'); // models/ is ignored, as model files are
  cli(workspace, 'register', MODEL, '--artifact', 'models/churn-gated.pkl', '--version', 'v1.0.0', '--description', 'gradient boosting, lr 0.05');
  cli(workspace, 'assign', MODEL, 'v1.0.0', 'staging');
  write(workspace, '.modelledger/policy.yaml', POLICY);
}

async function clearNotifications(page: Page): Promise<void> {
  await palette(page, 'Notifications: Clear All Notifications');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await page.locator('.notification-toast, .notifications-center .notification-list-item').first().waitFor({ state: 'hidden' });
}

/**
 * "Promote / Assign Stage…" to prod from the palette (model, version, stage picked as a user
 * does); resolves with the refusal's notification, shown in the notifications center when its
 * toast has gone by.
 */
async function promoteToProd(page: Page): Promise<Locator> {
  await palette(page, 'Promote / Assign Stage…');
  const quick = quickInput(page);
  await quick.waitForPrompt(/Model/);
  await quick.choose(/^churn-gated$/);
  await quick.waitForPrompt(/Version/);
  await quick.choose(/^v1\.0\.0$/);
  await quick.waitForPrompt(/Assign churn-gated v1\.0\.0 to stage/);
  await quick.choose(/^prod$/);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  const refusal = page.locator('.notification-toast, .notifications-center .notification-list-item').filter({ hasText: 'was not put in prod' });
  for (let attempt = 1; ; attempt++) {
    if (!(await refusal.first().isVisible())) await palette(page, 'Notifications: Show Notifications');
    try {
      await refusal.first().waitFor({ timeout: 10_000 });
      return refusal.first();
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  setUp(workspace);
  const models = await openModels(context, MODEL, 460);
  await row(models, MODEL, 1).click();
  const version = row(models, 'v1.0.0', 2);
  await version.waitFor();

  // Refused: the failed rules in the notification, every rule in the report.
  const toast = await promoteToProd(page);
  assert.match(await toast.innerText(), /churn-gated v1\.0\.0 was not put in prod: its gate failed \(model_card, reviews\)\./);
  assert.equal(await toast.locator('.monaco-button', { hasText: 'Promote Anyway…' }).count(), 1, 'the policy allows an override');
  await toast.locator('.monaco-button', { hasText: 'Show Details' }).click();
  const tab = page.locator('.part.editor .tab.active', { hasText: 'Gate churn-gated v1.0.0 → prod.md' });
  await tab.waitFor({ timeout: 30_000 });
  const editor = page.locator('.part.editor .monaco-editor').first();
  await editor.locator('.view-lines', { hasText: 'reviews' }).waitFor();
  const text = await editor.locator('.view-lines').innerText();
  assert.match(text, /refused\s+by\s+the\s+gate,\s+2\s+of\s+5\s+rules\s+failed/); // the editor renders spaces as no-break spaces
  assert.doesNotMatch(execFileSync('git', ['tag', '--list', `${MODEL}#prod#*`], { cwd: workspace, encoding: 'utf8' }), /prod/, 'nothing written');

  // The notification again beside its report, for the screenshots.
  await clearNotifications(page);
  await promoteToProd(page);
  await unhover(page);
  await screenshot('governance-gate-dark.png', { docs: true });

  await clearNotifications(page);
  await selectTheme(page, LIGHT);
  await promoteToProd(page);
  await unhover(page);
  await screenshot('governance-gate-light.png', { docs: true });
}
