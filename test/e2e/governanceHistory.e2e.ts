// The History view in the real workbench: the demo's week of registry history (registrations,
// promotions, a rollback: tags and the audit entries written with them), plus a promotion made
// by a teammate from the command line. The view is narrowed to one model with Filter
// History…, and an event's hover shows its tag, commit and where it is recorded. Screenshots in a
// dark and a light theme. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e -- governanceHistory).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { hoverCard, LIGHT, openModelLedger, palette, pane, quickInput, selectTheme, unhover, widenSidebar, type E2EContext } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const MODEL = 'churn-classifier';
const PROMOTION = `assign ${MODEL} v1.1.0 → prod`;

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  // A teammate puts v1.1.0 back in prod from a terminal: a tag and an audit entry, from another process.
  execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'assign', MODEL, 'v1.1.0', 'prod'], {
    cwd: workspace,
    env: { ...process.env, GIT_COMMITTER_NAME: 'Grace Hopper', GIT_COMMITTER_EMAIL: 'grace@example.com', GIT_AUTHOR_NAME: 'Grace Hopper', GIT_AUTHOR_EMAIL: 'grace@example.com' },
    stdio: 'pipe',
  });

  await page.setViewportSize({ width: 1500, height: 900 });
  await openModelLedger(context);
  const history = pane(page, 'History');
  // Folded at first (the timeline is not what a day starts with): open it.
  await history.locator('.pane-header[aria-expanded="false"] h3.title').click();
  const first = history.locator('.monaco-list-row[role=treeitem]').first();
  await first.locator('.label-name', { hasText: PROMOTION }).waitFor({ timeout: 30_000 });
  // The other views folded, so the History view has the side bar.
  for (const other of ['Experiments', 'Models']) {
    const header = pane(page, other).locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.locator('h3.title').click();
    await pane(page, other).locator('.pane-header[aria-expanded="false"]').waitFor();
  }
  await widenSidebar(page, 620);

  // Filter History… → Model → the demo's classifier.
  await palette(page, 'Model Ledger: Filter History…');
  const quick = quickInput(page);
  await quick.waitForPrompt(/Filter the History view by/);
  await quick.choose(/^Model$/);
  await quick.waitForPrompt(/Which model\?/);
  await quick.choose(new RegExp(`^${MODEL}$`));
  await history.locator('.pane-header .description', { hasText: MODEL }).waitFor();
  assert.equal(await first.locator('.label-name').innerText(), PROMOTION, 'the teammate’s promotion leads');
  assert.match(await first.locator('.label-description').innerText(), /^Grace Hopper · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  // The title's description changes before the tree redraws its rows: give the rows time to follow.
  const rows = history.locator('.monaco-list-row[role=treeitem]');
  for (const deadline = Date.now() + 15_000; (await rows.count()) !== 8 && Date.now() < deadline; ) await page.waitForTimeout(200);
  assert.equal(await rows.count(), 8, 'two registrations, six stage changes');

  const card = await hoverCard(page, first, /Recorded\s+in:/);
  assert.match(await card.innerText(), /Tag:\s+churn-classifier#prod#\d+[\s\S]*Recorded\s+in:\s+git\s+tag\s+and\s+audit\s+entry\s+\d+/);
  await screenshot('governance-history-dark.png', { docs: true });

  await unhover(page);
  await selectTheme(page, LIGHT);
  await hoverCard(page, first, /Recorded\s+in:/);
  await screenshot('governance-history-light.png', { docs: true });
}
