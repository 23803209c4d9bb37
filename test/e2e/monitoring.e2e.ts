// Monitoring in the real workbench, on real data: Seattle's daily weather (vega-datasets, NOAA)
// split by year. A model registered with the CLI as users do (v1.0.0 trained on 2012, in prod;
// v1.1.0 on 2013–2014, in staging), monitor.yaml watching where yearly batches land, and three
// batches there before the workbench opens: the batch watcher checks them with the drift engine.
// The Models view shows each version's health (prod drifted, staging healthy, the reason in the
// hover), the Monitoring panel the batches over time, and Check Drift… from the prod version's
// menu opens the drift report. Screenshots of the three in a dark and a light theme, from one
// workspace. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e -- monitoring).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { contextMenu, hoverCard, LIGHT, openModels, palette, quickInput, row, selectTheme, unhover, webview, type E2EContext } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEATHER = path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const MODEL = 'seattle-weather';
const SIDEBAR_WIDTH = 520;

/** The weather rows of those years, with the header. */
function weatherOf(...years: string[]): string {
  const [header, ...rows] = fs.readFileSync(WEATHER, 'utf8').trimEnd().split('\n');
  return [header, ...rows.filter((r) => years.some((y) => r.startsWith(y)))].join('\n') + '\n';
}

function write(workspace: string, file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
  fs.writeFileSync(path.join(workspace, file), text);
}

/** The CLI, as a user runs it in the workspace. */
function cli(workspace: string, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: workspace, encoding: 'utf8' });
}

function git(workspace: string, ...args: string[]): void {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' };
  execFileSync('git', args, { cwd: workspace, env, stdio: 'ignore' });
}

/** Two versions trained on real data, in prod and staging, watched by monitor.yaml, with three yearly batches landed. */
function setUp(workspace: string): void {
  // GTO keeps one version of a model per commit: each version's data comes in a commit of its own.
  const versions = [
    { version: 'v1.0.0', data: 'data/train-2012.csv', years: ['2012'], artifact: 'models/weather-2012.pkl' },
    { version: 'v1.1.0', data: 'data/train-2013-2014.csv', years: ['2013', '2014'], artifact: 'models/weather-2013-2014.pkl' },
  ];
  for (const v of versions) {
    write(workspace, v.data, weatherOf(...v.years));
    write(workspace, v.artifact, `weights trained on ${v.years.join('-')}\n`); // models/ is ignored, as model files are
    git(workspace, 'add', v.data);
    git(workspace, 'commit', '-q', '-m', `Train on ${v.years.join('-')}`);
    cli(workspace, 'register', MODEL, '--artifact', v.artifact, '--version', v.version, '--data', v.data, '--description', `trained on ${v.years.join('-')}`);
  }
  cli(workspace, 'assign', MODEL, 'v1.0.0', 'prod');
  cli(workspace, 'assign', MODEL, 'v1.1.0', 'staging');
  write(
    workspace,
    '.modelledger/monitor.yaml',
    `models:\n  ${MODEL}:\n    stages:\n      prod:\n        batches: data/incoming/*.csv\n        important: [temp_max]\n      staging:\n        batches: data/incoming/*.csv\n`,
  );
  for (const year of ['2013', '2014', '2015']) write(workspace, `data/incoming/${year}.csv`, weatherOf(year));
}

async function clearNotifications(page: Page): Promise<void> {
  // Through the shared helper, which opens the palette afresh when it closes before the typing (a CI flake).
  await palette(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached' });
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  setUp(workspace);
  const models = await openModels(context, MODEL, SIDEBAR_WIDTH);

  // 1. The batch watcher checked the three batches for both stages: prod drifted, staging is healthy.
  await row(models, MODEL, 1).click();
  const version = (v: string) => row(models, v, 2);
  await version('v1.0.0').locator('.label-description', { hasText: /^\[prod\] · drift · / }).waitFor({ timeout: 60_000 });
  await version('v1.1.0').locator('.label-description', { hasText: /^\[staging\] · healthy · / }).waitFor({ timeout: 60_000 });
  await clearNotifications(page);
  // The reason in the hover of the drifted version.
  const hover = await hoverCard(page, version('v1.0.0'), /Health:\s+drift/);
  // The text's spaces are no-break spaces (MarkdownString.appendText).
  assert.match(await hover.innerText(), /Dataset\s+drift\s+in\s+the\s+data\s+of\s+prod:\s+\d+\s+%\s+of\s+the\s+columns\s+drifted\s+\(threshold\s+50\s+%\)\s+in\s+batch\s+data\/incoming\/\d{4}\.csv/);
  await screenshot('monitoring-health-dark.png', { docs: true });

  // 2. The Monitoring panel, from the model's menu: both stages with their three batches.
  await contextMenu(page, row(models, MODEL, 1), 'Show Monitoring');
  await page.locator('.part.editor .tab.active', { hasText: `Monitoring: ${MODEL}` }).waitFor();
  const monitor = webview(page);
  await monitor.locator('section.stage').nth(1).waitFor();
  const batchRows = monitor.locator('section.stage').first().locator('table.batches tbody tr');
  await batchRows.nth(2).waitFor();
  assert.equal(await batchRows.count(), 3);
  assert.equal(await monitor.locator('section.stage').first().locator('.share-chart canvas').count() >= 1, true, 'the drift share is drawn');
  await unhover(page);
  await screenshot('monitoring-panel-dark.png', { docs: true });

  // 3. Check Drift… from the prod version's menu with the latest batch: the report opens.
  await contextMenu(page, version('v1.0.0'), 'Check Drift…');
  const quick = quickInput(page);
  await quick.waitForPrompt(/The current data to check/);
  await quick.choose(/data\/incoming\/2015\.csv$/);
  await page.locator('.part.editor .tab.active', { hasText: /^Drift: data\/incoming\/2015\.csv vs seattle-weather@v1\.0\.0/ }).waitFor({ timeout: 30_000 });
  const report = webview(page);
  await report.locator('header.verdict.drift').waitFor();
  await report.locator('.column-card .distribution canvas').first().waitFor();
  assert.deepEqual((await report.locator('table.column-table tbody th .column-link').allInnerTexts()).sort(), ['precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
  await clearNotifications(page);
  await unhover(page);
  await screenshot('monitoring-drift-report-dark.png', { docs: true });

  // The same three in a light theme.
  await selectTheme(page, LIGHT);
  await report.locator('header.verdict.drift').waitFor();
  await unhover(page);
  await screenshot('monitoring-drift-report-light.png', { docs: true });
  await page.locator('.part.editor .tab', { hasText: `Monitoring: ${MODEL}` }).click();
  await webview(page).locator('section.stage').first().locator('table.batches tbody tr').nth(2).waitFor();
  await unhover(page);
  await screenshot('monitoring-panel-light.png', { docs: true });
  await hoverCard(page, version('v1.0.0'), /Health:\s+drift/);
  await screenshot('monitoring-health-light.png', { docs: true });
}
