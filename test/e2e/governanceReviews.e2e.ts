// Reviews in the real workbench: a teammate asks, from the command line in their own git identity,
// for a review of the demo model's v1.1.0 for prod. The Models view shows the request on the
// version and as a row under it (read from git when the refs change, no command run here); the
// user approves it from that row's context menu with a comment, and the request is gone. Then the
// user asks for a review for staging from the version's context menu and rejects it from the
// command palette. Screenshots of the pending request, dark and light. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- governanceReviews).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { contextMenu, hoverCard, LIGHT, openModelLedger, palette, pane, quickInput, row, selectTheme, unhover, widenSidebar, type E2EContext } from './workbench';

const MODEL = 'churn-classifier';
const VERSION = 'v1.1.0';
const CLI = path.resolve(__dirname, '..', '..', '..', 'dist', 'cli.js');

function git(workspace: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();
}

function description(version: Locator): Locator {
  return version.locator('.label-description');
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  await page.setViewportSize({ width: 1400, height: 800 });
  await openModelLedger(context);
  const models = pane(page, 'Models');
  await row(models, MODEL, 1).waitFor({ timeout: 30_000 });
  await widenSidebar(page, 560);
  await row(models, MODEL, 1).click();
  const version = row(models, VERSION, 2);
  await version.waitFor();

  // 1. A teammate asks for a review from the command line, in their own git identity.
  execFileSync(process.execPath, [CLI, 'review', 'request', MODEL, VERSION, 'prod', '--comment', 'AUC +2 points on the holdout; ready for prod?'], {
    cwd: workspace,
    env: { ...process.env, GIT_COMMITTER_NAME: 'Grace Lead', GIT_COMMITTER_EMAIL: 'lead@example.com' },
  });
  await description(version).filter({ hasText: 'review requested: prod' }).waitFor({ timeout: 20_000 });
  await version.click();
  const request = row(models, 'Review requested for prod', 3);
  await request.locator('.label-description', { hasText: /^Grace Lead · / }).waitFor();
  // Its hover: who asked, and the comment.
  const hover = await hoverCard(page, request, /asked for a review[\s\S]*ready for prod\?/);
  await screenshot('governance-review-dark.png', { docs: true });
  await unhover(page);
  await hover.waitFor({ state: 'hidden' });
  await selectTheme(page, LIGHT);
  await hoverCard(page, request, /asked for a review[\s\S]*ready for prod\?/);
  await screenshot('governance-review-light.png', { docs: true });
  await unhover(page);

  // 2. The user approves it from the request's row, with a comment.
  const quick = quickInput(page);
  await contextMenu(page, request, 'Approve…');
  await quick.waitForPrompt(/Why churn-classifier v1\.1\.0 may go to prod/);
  await quick.type('Checked the evaluation run');
  await request.waitFor({ state: 'detached' });
  assert.doesNotMatch(await description(version).innerText(), /review requested/);
  const approvals = git(workspace, 'for-each-ref', '--format=%(taggername)|%(contents)', `refs/model-ledger/reviews/${MODEL}/`);
  assert.match(approvals, /\|Approve churn-classifier v1\.1\.0 for prod\n\nChecked the evaluation run\n/, 'the approval is in git with its comment');

  // 3. A request for staging and its rejection, from the palette (the row's own menu is step 2).
  await palette(page, 'Model Ledger: Request Review…');
  await quick.waitForPrompt(/Model/);
  await quick.choose(new RegExp(`^${MODEL}$`));
  await quick.choose(new RegExp(`^${VERSION.replace(/\./g, '\\.')}$`));
  await quick.waitForPrompt(/For which stage/);
  await quick.choose(/^staging$/);
  await quick.waitForPrompt(/Comment for the reviewers/);
  await quick.type('');
  await description(version).filter({ hasText: 'review requested: staging' }).waitFor();
  await palette(page, 'Model Ledger: Reject…');
  await quick.waitForPrompt(/Model/);
  await quick.choose(new RegExp(`^${MODEL}$`));
  await quick.choose(new RegExp(`^${VERSION.replace(/\./g, '\\.')}$`));
  await quick.waitForPrompt(/For which stage/);
  assert.match(await page.locator('.quick-input-list .monaco-list-row').first().innerText(), /staging[\s\S]*review requested/, 'the requested stage comes first');
  await quick.choose(/^staging$/);
  await quick.waitForPrompt(/Why churn-classifier v1\.1\.0 may not go to staging/);
  await quick.type('Calibration is off');
  await description(version).filter({ hasNotText: 'review requested' }).waitFor();

  // Four reviews in git, in two identities, none of them a tag.
  const reviews = git(workspace, 'for-each-ref', '--format=%(taggername)|%(contents:subject)', `refs/model-ledger/reviews/${MODEL}/`).split('\n').sort();
  assert.equal(reviews.length, 4, reviews.join('\n'));
  assert.ok(reviews.some((r) => r.startsWith('Grace Lead|Review requested:')));
  assert.equal(git(workspace, 'tag', '--list', 'model-ledger-review-*'), '', 'no scratch tag left');
}
