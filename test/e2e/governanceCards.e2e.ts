// A model card in the real workbench: a model trained on real data (Seattle's daily weather,
// vega-datasets) by a run the Python client logged, registered with the CLI with its training and
// evaluation data, evaluated by a second run and promoted to prod, as users do. "Open Model Card"
// from the version's menu writes cards/<name>@<version>.md from that lineage and opens it beside
// VS Code's Markdown preview; a person's words under "Intended use" sit beside the facts. Screenshots
// in a dark and a light theme. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e -- governanceCards).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contextMenu, LIGHT, openModelLedger, pane, row, selectTheme, unhover, webview, widenSidebar, type E2EContext } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEATHER = path.join(ROOT, 'node_modules', 'vega-datasets', 'data', 'seattle-weather.csv');
const PYTHON_ENV = { ...process.env, PYTHONPATH: path.join(ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };
const MODEL = 'rain-forecast';
const VERSION = 'v1.0.0';
const CARD = `cards/${MODEL}@${VERSION}.md`;

function cli(workspace: string, ...args: string[]): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], { cwd: workspace, encoding: 'utf8', env: PYTHON_ENV });
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
  await page.setViewportSize({ width: 1600, height: 1000 });
  await openModelLedger(context);
  const models = pane(page, 'Models');
  await row(models, MODEL, 1).waitFor({ timeout: 30_000 });
  await widenSidebar(page, 360);
  await row(models, MODEL, 1).click();
  const version = row(models, VERSION, 2);
  await version.waitFor();

  await contextMenu(page, version, 'Open Model Card');
  await page.locator('.part.editor .tab', { hasText: `${MODEL}@${VERSION}.md` }).first().waitFor({ timeout: 30_000 });
  const preview = webview(page);
  await preview.locator('h1', { hasText: `Model card: ${MODEL} ${VERSION}` }).waitFor({ timeout: 30_000 });
  await preview.locator('h2', { hasText: 'Quantitative analyses' }).waitFor();
  assert.match(await preview.locator('body').innerText(), /Forecasts rain for the next day/);
  assert.match(await preview.locator('body').innerText(), /eval-2015/);
  await unhover(page);
  await screenshot('governance-card-dark.png', { docs: true });

  await selectTheme(page, LIGHT);
  await preview.locator('h1', { hasText: `Model card: ${MODEL} ${VERSION}` }).waitFor();
  await unhover(page);
  await screenshot('governance-card-light.png', { docs: true });
}
