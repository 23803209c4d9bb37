// The run panel's artifact browser on a real MLflow run (2025-1-productos-de-datos/
// PRE-12-mlflow-evaluacion-alvelezp, run burly-owl-617: SHAP figures from mlflow.evaluate, its model
// and explainer folders with their MLmodel files, pickles; its training CSV logged beside them):
// folders open from the keyboard and the mouse, an image, an MLmodel, an HTML report and a CSV previewed. Screenshots in
// a dark theme (the figure) and a light one (the model's signature and flavours).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { commitWorkspace, DARK, LIGHT, openExperiments, row, selectTheme, unhover, webview, type E2EContext, type E2EServerOptions } from './workbench';

const FIXTURE = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', '2025-1-productos-de-datos__PRE-12-mlflow-evaluacion-alvelezp');
const RUN_DIR = 'mlruns/0/cafc15f1d7ba4737a08d936ef647b9c1';
const RUN = 'burly-owl-617';

export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(path.join(FIXTURE, 'mlruns'), path.join(workspace, 'mlruns'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURE, 'data', 'winequality-red.csv'), path.join(workspace, RUN_DIR, 'artifacts', 'winequality-red.csv'));
  // An HTML report whose script, if it ran, would add a paragraph.
  fs.writeFileSync(path.join(workspace, RUN_DIR, 'artifacts', 'report.html'), '<h1>Evaluation</h1><script>document.body.append(Object.assign(document.createElement("p"), { id: "ran" }))</script>');
  commitWorkspace(workspace, 'wine quality runs');
  return { workspace };
}

/** The tree row whose label reads `name`. */
const treeRow = (panel: FrameLocator, name: string) => panel.locator('.artifact-row', { has: panel.locator('.artifact-label', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

export async function run(context: E2EContext): Promise<void> {
  const { page, screenshot } = context;
  const experiments = await openExperiments(context, 1000, 'Default');
  await row(experiments, 'Default', 1).click();
  await row(experiments, RUN, 2).waitFor({ timeout: 60_000 });
  await row(experiments, RUN, 2).dblclick();
  const panel = webview(page);
  await panel.locator('h1', { hasText: RUN }).waitFor({ timeout: 30_000 });

  // The tree: the artifact folder, its folders first, then its files; nothing inside a closed folder.
  const browser = panel.locator('artifact-browser');
  await treeRow(panel, 'shap_summary_plot.png').waitFor();
  await browser.scrollIntoViewIfNeeded();
  assert.equal(await treeRow(panel, 'MLmodel').count(), 0, 'closed folders send nothing');
  assert.match(await panel.locator('.artifact-count').innerText(), /^17 files$/);

  // The keyboard: into the tree, down to "model", open it with the right arrow.
  await panel.locator('.artifact-tree').focus();
  await page.keyboard.press('ArrowDown'); // explainer
  await page.keyboard.press('ArrowDown'); // model
  await page.keyboard.press('ArrowRight');
  await treeRow(panel, 'model.pkl').waitFor();
  assert.equal(await treeRow(panel, 'model').getAttribute('aria-expanded'), 'true');

  // An image: asked for when chosen, served from the artifact folder by URI.
  await treeRow(panel, 'shap_summary_plot.png').click();
  const image = panel.locator('.artifact-image img');
  await image.waitFor();
  type Img = { complete: boolean; naturalWidth: number; addEventListener(type: 'load', listener: () => void, options: { once: boolean }): void };
  await image.evaluate((img: Img) => (img.complete && img.naturalWidth > 0 ? undefined : new Promise<void>((resolve) => img.addEventListener('load', resolve, { once: true }))));
  assert.ok((await image.evaluate((img: Img) => img.naturalWidth)) > 1000, 'the real figure loaded');
  await unhover(page);
  await screenshot('artifacts-browser-dark.png', { docs: true });

  // An MLmodel file: its signature and flavours, in a light theme.
  await selectTheme(page, LIGHT);
  await treeRow(panel, 'MLmodel').first().click();
  await panel.locator('.artifact-mlmodel', { hasText: 'fixed_acidity' }).waitFor();
  assert.ok(await panel.locator('.artifact-mlmodel h4', { hasText: 'sklearn' }).count());
  await browser.scrollIntoViewIfNeeded();
  await unhover(page);
  await screenshot('artifacts-browser-light.png', { docs: true });

  // HTML: in a sandboxed frame, its script never run.
  await treeRow(panel, 'report.html').click();
  const frame = panel.locator('iframe.artifact-frame');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('sandbox'), '', 'sandboxed, no allow-scripts');
  await panel.frameLocator('iframe.artifact-frame').locator('h1', { hasText: 'Evaluation' }).waitFor();
  assert.equal(await panel.frameLocator('iframe.artifact-frame').locator('#ran').count(), 0, 'the script did not run');
  // Its colours are the theme's own, and follow a change of theme.
  // Run in the page (the e2e tests have no DOM types): the theme's editor colours as rgb(), and the frame body's.
  type Styled = { style: { setProperty(name: string, value: string): void }; remove(): void };
  type PageWorld = {
    getComputedStyle(element: unknown): { color: string; backgroundColor: string; getPropertyValue(name: string): string };
    document: { documentElement: unknown; createElement(tag: string): Styled; body: { append(child: unknown): void } };
  };
  const pageColours = () => panel.locator('body').evaluate(() => {
    const { getComputedStyle, document } = globalThis as unknown as PageWorld;
    return ['--vscode-editor-background', '--vscode-editor-foreground'].map((name) => {
      const probe = document.createElement('span');
      probe.style.setProperty('color', getComputedStyle(document.documentElement).getPropertyValue(name).trim());
      document.body.append(probe);
      const rgb = getComputedStyle(probe).color;
      probe.remove();
      return rgb;
    });
  });
  const frameColours = () => panel.frameLocator('iframe.artifact-frame').locator('body').evaluate((body) => {
    const style = (globalThis as unknown as PageWorld).getComputedStyle(body);
    return [style.backgroundColor, style.color];
  });
  const lightPage = await pageColours();
  for (let i = 0; i < 100 && JSON.stringify(await frameColours()) !== JSON.stringify(lightPage); i++) await page.waitForTimeout(100);
  const lightFrame = await frameColours();
  assert.deepEqual(lightFrame, lightPage, 'the light theme\u2019s editor colours');
  await selectTheme(page, DARK);
  await panel.frameLocator('iframe.artifact-frame').locator('h1', { hasText: 'Evaluation' }).waitFor();
  // The page takes the new theme's variables, then the frame is made again with them.
  let darkPage = await pageColours();
  for (let i = 0; i < 100 && JSON.stringify(darkPage) === JSON.stringify(lightFrame); i++) darkPage = await page.waitForTimeout(100).then(pageColours);
  assert.notDeepEqual(darkPage, lightFrame, 'the page took the dark theme');
  for (let i = 0; i < 100 && JSON.stringify(await frameColours()) !== JSON.stringify(darkPage); i++) await page.waitForTimeout(100);
  assert.deepEqual(await frameColours(), darkPage, 'the dark theme\u2019s, once it is chosen');
  assert.equal(await panel.frameLocator('iframe.artifact-frame').locator('#ran').count(), 0, 'and still no script ran');

  // A CSV: the first 1,000 rows, of which only those in view are in the page.
  await treeRow(panel, 'winequality-red.csv').click();
  await panel.locator('artifact-table .artifact-table-row').first().waitFor();
  const drawn = await panel.locator('artifact-table .artifact-table-row').count();
  assert.ok(drawn > 5 && drawn < 100, `${drawn} rows drawn of 1,000`);
}
