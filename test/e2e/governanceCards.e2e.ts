// A model card in the real workbench: a model trained on real data (Seattle's daily weather,
// vega-datasets) by a run the Python client logged, registered with the CLI with its training and
// evaluation data, evaluated by a second run and promoted to prod, as users do. "Open Model Card"
// from the version's menu writes cards/<name>@<version>.md from that lineage and opens it beside
// VS Code's Markdown preview; a person's words under "Intended use" sit beside the facts. Screenshots
// in a dark and a light theme. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e -- governanceCards).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { contextMenu, LIGHT, openModels, row, selectTheme, unhover, webview, type E2EContext } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEATHER = path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const PYTHON_ENV = { ...process.env, PYTHONPATH: path.join(ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };
const MODEL = 'rain-forecast';
const VERSION = 'v1.0.0';
const CARD = `cards/${MODEL}@${VERSION}.md`;

function cli(workspace: string, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: workspace, encoding: 'utf8', env: PYTHON_ENV });
}

function git(workspace: string, ...args: string[]): void {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, GIT_AUTHOR_NAME: 'E2E', GIT_AUTHOR_EMAIL: 'e2e@example.com', GIT_COMMITTER_NAME: 'E2E', GIT_COMMITTER_EMAIL: 'e2e@example.com' };
  execFileSync('git', args, { cwd: workspace, env, stdio: 'ignore' });
}

function python(workspace: string, script: string): void {
  execFileSync('python3', ['-c', script], { cwd: workspace, env: PYTHON_ENV, stdio: 'ignore' });
}

/** The weather rows of those years, with the header. */
function weatherOf(...years: string[]): string {
  const [header, ...rows] = fs.readFileSync(WEATHER, 'utf8').trimEnd().split('\n');
  return [header, ...rows.filter((r) => years.some((y) => r.startsWith(y)))].join('\n') + '\n';
}

function setUp(workspace: string): void {
  fs.mkdirSync(path.join(workspace, 'data'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'data', 'weather-2012-2014.csv'), weatherOf('2012', '2013', '2014'));
  fs.writeFileSync(path.join(workspace, 'data', 'weather-2015.csv'), weatherOf('2015'));
  // The run trains at a commit that has its data (models/ is ignored, as model files are).
  git(workspace, 'add', 'data/weather-2012-2014.csv', 'data/weather-2015.csv');
  git(workspace, 'commit', '-q', '-m', 'Weather data 2012-2015');
  fs.mkdirSync(path.join(workspace, 'models'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'models', 'rain.pkl'), 'weights trained on 2012-2014\n');
  python(
    workspace,
    `import model_ledger
with model_ledger.start_run(experiment="rain", name="gbm-depth-4") as run:
    run.log_params({"max_depth": 4, "learning_rate": 0.05})
    run.log_input("data/weather-2012-2014.csv")
    run.log_metrics({"val/auc": 0.912, "val/f1": 0.847, "loss": 0.231}, step=0)`,
  );
  cli(workspace, 'import');
  const runId = (JSON.parse(cli(workspace, 'runs', '--json')) as { id: string; name: string }[]).find((r) => r.name === 'gbm-depth-4')!.id;
  cli(workspace, 'register', MODEL, '--artifact', 'models/rain.pkl', '--version', VERSION, '--run', runId, '--eval-data', 'data/weather-2015.csv', '--description', 'Gradient boosting on daily weather: will it rain tomorrow?');
  cli(workspace, 'describe', MODEL, VERSION, '--labels', 'tabular,weather');
  cli(workspace, 'assign', MODEL, VERSION, 'prod');
  python(
    workspace,
    `import model_ledger
with model_ledger.start_run(experiment="rain-monitoring", name="eval-2015", evaluates="${MODEL}@${VERSION}") as run:
    run.log_input("data/weather-2015.csv")
    run.log_metrics({"val/auc": 0.897, "val/f1": 0.829}, step=0)`,
  );
  cli(workspace, 'import');
  cli(workspace, 'card', MODEL, VERSION, '--write');
  const file = path.join(workspace, CARD);
  const person = 'Forecasts rain for the next day in Seattle from the day\'s weather, for the team that schedules outdoor work.\n\nNot for severe weather warnings.';
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('license: other', 'license: apache-2.0').replace('## Intended use\n', `## Intended use\n\n${person}\n`));
}

export async function run(context: E2EContext): Promise<void> {
  const { page, workspace, screenshot } = context;
  setUp(workspace);
  const models = await openModels(context, MODEL, 360);
  await row(models, MODEL, 1).click();
  const version = row(models, VERSION, 2);
  // Its health (the evaluation run) is the view's last refresh: a menu opened before it would lose its row.
  await version.locator('.label-description', { hasText: /^\[prod\] · healthy · / }).waitFor({ timeout: 60_000 });

  await contextMenu(page, version, 'Open Model Card');
  await page.locator('.part.editor .tab', { hasText: `${MODEL}@${VERSION}.md` }).first().waitFor({ timeout: 30_000 });
  const preview = webview(page);
  await preview.locator('h1', { hasText: `Model card: ${MODEL} ${VERSION}` }).waitFor({ timeout: 30_000 });
  await preview.locator('h2', { hasText: 'Quantitative analyses' }).waitFor();
  assert.match(await preview.locator('body').innerText(), /Forecasts rain for the next day/);
  assert.match(await preview.locator('body').innerText(), /eval-2015/);
  await showBody(page, preview);
  await screenshot('governance-card-dark.png', { docs: true });

  await selectTheme(page, LIGHT);
  await preview.locator('h1', { hasText: `Model card: ${MODEL} ${VERSION}` }).waitFor();
  await showBody(page, preview);
  await screenshot('governance-card-light.png', { docs: true });
}

/**
 * Scrolls the preview past the front matter (shown as a table) to the card's title; the editor
 * follows it (markdown.preview.scrollEditorWithPreview), so both show the sections.
 */
async function showBody(page: Page, preview: FrameLocator): Promise<void> {
  await preview.locator('h1').evaluate((h1) => h1.scrollIntoView({ block: 'start' }));
  await page.locator('.part.editor .view-line', { hasText: '## Model details' }).first().waitFor();
  await unhover(page);
}
