// A run's plots and images, and two runs' side by side, as a user sees them: two real Ultralytics
// YOLOv8 DVCLive outputs (Brycenvn/dvc-yolov8 with its images per step, Aaroen/Aroen_ultralytics
// with a confusion matrix only; copied from test/fixtures/real) in one repository. Clicking a run
// shows its details with the confusion matrix drawn and the images with a step slider, moved with
// the keyboard; comparing the two shows the Media section: both matrices on one colour scale and
// the images at one step. Screenshots in a dark and a light theme. Run by
// scripts/code-server/run-e2e.mjs (npm run test:e2e -- artifactsMedia).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { commitWorkspace, contextMenu, DARK, expand, LIGHT, openExperiments, palette, row, selectTheme, unhover, webview, type E2EContext, type E2EServerOptions } from './workbench';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real');
const IMAGES_RUN = { experiment: 'yolo', run: 'yolo/dvclive', fixture: 'Brycenvn__dvc-yolov8' };
const PLOT_RUN = { experiment: 'ultra', run: 'ultra/dvclive', fixture: 'Aaroen__Aroen_ultralytics' };

export async function prepare(scratch: string): Promise<E2EServerOptions> {
  const workspace = path.join(scratch, 'workspace');
  for (const { experiment, fixture } of [IMAGES_RUN, PLOT_RUN]) fs.cpSync(path.join(FIXTURES, fixture), path.join(workspace, experiment), { recursive: true });
  commitWorkspace(workspace, 'Two YOLOv8 DVCLive runs');
  return { workspace };
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: never happened; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every image of the panel has loaded from its webview URI. */
function imagesLoaded(panel: FrameLocator, selector: string): Promise<boolean> {
  return waitFor('the images to load', () => panel.locator(selector).evaluateAll((imgs) => imgs.length > 0 && imgs.every((i) => (i as unknown as { complete: boolean; naturalWidth: number }).complete && (i as unknown as { naturalWidth: number }).naturalWidth > 0)), Boolean);
}

async function scrollTo(panel: FrameLocator, selector: string): Promise<void> {
  await panel.locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
}

async function runPanelShots(page: Page, screenshot: E2EContext['screenshot'], theme: 'dark' | 'light'): Promise<void> {
  const panel = webview(page);
  await scrollTo(panel, '.media-plot[data-plot-id="sklearn/cf"]');
  await unhover(page);
  await screenshot(`artifacts-confusion-${theme}.png`, { docs: true });
  await scrollTo(panel, '.image-card[data-key="train/train_batch"]');
  await imagesLoaded(panel, '.image-card img');
  await unhover(page);
  await screenshot(`artifacts-steps-${theme}.png`, { docs: true });
}

export async function run(context: E2EContext): Promise<void> {
  const { page, screenshot } = context;
  const experiments = await openExperiments(context, 1000, IMAGES_RUN.experiment);
  await row(experiments, PLOT_RUN.experiment, 1).waitFor({ timeout: 60_000 });
  // A refresh of the view (the import finishing) may fold an experiment just unfolded: unfold until its run shows.
  const showRun = async ({ experiment, run }: typeof IMAGES_RUN) => {
    for (let attempt = 1; ; attempt++) {
      await expand(row(experiments, experiment, 1));
      try {
        await row(experiments, run, 2).waitFor({ timeout: 10_000 });
        return;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  };
  await showRun(IMAGES_RUN);

  // The run's details: its confusion matrix drawn, its images over steps with a slider.
  await row(experiments, IMAGES_RUN.run, 2).click();
  const panel = webview(page);
  await panel.locator('.media-plot[data-plot-id="sklearn/cf"] media-chart canvas').first().waitFor({ timeout: 30_000 });
  const slider = panel.locator('.image-card[data-key="train/train_batch"] input[type=range]');
  await imagesLoaded(panel, '.image-card img');
  assert.equal(await slider.getAttribute('aria-valuetext'), 'Step 2 (3 of 3)', 'the last step first');
  const shown = () => panel.locator('.image-card[data-key="train/train_batch"] img').getAttribute('src');
  assert.match((await shown()) ?? '', /train_batch\/2\.jpg$/);
  assert.match((await shown()) ?? '', /^https:\/\/.*vscode-(cdn|resource)/, 'served by a webview resource URI, not as bytes');
  // The keyboard moves the slider.
  await slider.focus();
  await slider.press('ArrowLeft');
  await waitFor('the step before', () => shown(), (src) => /train_batch\/1\.jpg$/.test(src ?? ''));
  assert.equal(await slider.getAttribute('aria-valuetext'), 'Step 1 (2 of 3)');
  await runPanelShots(page, screenshot, 'dark');
  await selectTheme(page, LIGHT);
  await runPanelShots(page, screenshot, 'light');
  await palette(page, 'View: Close All Editors');

  // Side by side: both runs' matrices on one scale, the images at one step.
  await showRun(PLOT_RUN);
  await showRun(IMAGES_RUN);
  await row(experiments, IMAGES_RUN.run, 2).click();
  await row(experiments, PLOT_RUN.run, 2).click({ modifiers: ['Control'] });
  await contextMenu(page, row(experiments, PLOT_RUN.run, 2), 'Compare Selected Runs');
  await page.locator('.part.editor .tab.active', { hasText: /^Compare: / }).waitFor();
  const compare = webview(page);
  const matrices = compare.locator('.media-group[data-plot-id="sklearn/cf"] media-chart');
  await waitFor('both confusion matrices', () => compare.locator('.media-group[data-plot-id="sklearn/cf"] media-chart:has(canvas)').count(), (n) => n === 2);
  const scales = await matrices.evaluateAll((charts) => charts.map((c) => (c as unknown as { echarts: { getOption(): { visualMap: { max: number }[] } } }).echarts.getOption().visualMap[0]!.max));
  assert.equal(scales[0], scales[1], `one colour scale: ${scales.join(', ')}`);
  await imagesLoaded(compare, '.media-group[data-key="train/train_batch"] img');
  await scrollTo(compare, '#heading-media');
  await unhover(page);
  await screenshot('artifacts-compare-media-light.png', { docs: true });
  await selectTheme(page, DARK);
  await scrollTo(compare, '#heading-media');
  await unhover(page);
  await screenshot('artifacts-compare-media-dark.png', { docs: true });
}
