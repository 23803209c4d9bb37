// The packaged extension: the .vsix that `npm run package` would ship (bundles, media, and
// better-sqlite3 with its prebuilt binaries) installs into code-server and shows the demo data
// with nothing loaded from source. Run by scripts/code-server/run-e2e.mjs (npm run test:e2e).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { pane, row, showModelLedger, unhover, webview, type E2EContext, type E2EServerOptions } from './workbench';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export async function prepare(scratchDir: string): Promise<E2EServerOptions> {
  const vsix = path.join(scratchDir, 'model-ledger.vsix');
  // As `npm run package` does, minus its production build: this packs the dist/ that pretest
  // built, since rebuilding it here would change files under the other suites.
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
  return { install: [vsix] };
}

export async function run({ page, open, screenshot }: E2EContext): Promise<void> {
  await open();
  await showModelLedger(page);
  const models = pane(page, 'Models');
  const experiments = pane(page, 'Experiments');
  // Rows prove the packaged better-sqlite3 binary loaded and read the demo store.
  await row(models, 'churn-classifier').waitFor();
  await row(experiments, 'baseline').waitFor();
  await row(experiments, 'tuning').waitFor();
  assert.doesNotMatch(await page.title(), /Extension Development Host/, 'nothing is loaded from source');

  // The run panel proves the webview bundle and its stylesheet are in the package.
  await row(experiments, 'tuning').click();
  await row(experiments, 'gbm-lr-0.05', 2).click();
  const details = webview(page);
  await details.locator('h1', { hasText: /^gbm-lr-0\.05$/ }).waitFor();
  assert.equal(await details.locator('body').evaluate((body) => body.ownerDocument.defaultView?.getComputedStyle(body).paddingLeft), '20px', 'media/webview.css applies');
  await unhover(page);
  await screenshot('vsix-installed.png');
}
