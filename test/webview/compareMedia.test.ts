import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompareMedia, MediaView } from '../../src/protocol/compare';
import { confusionData, rocData, tableData } from '../../testkit/mediaSamples';
import { launch, openWebview, sendState, violations } from './page';
import { imagesLoaded, servedImage } from './mediaStates';
import { compareState, HOSTILE_NAME } from './states';

const MEDIA_RUNS = 4;

/** Run i's media: a confusion matrix (counts growing with i), a ROC curve, a table, predictions at steps 0/10/20 (run 3 lacks step 10), a figure (not in run 2). */
function mediaOf(i: number): MediaView {
  const steps = i === 3 ? [0, 20] : [0, 10, 20];
  return {
    plots: [
      { id: 'sklearn/confusion_matrix', title: 'Confusion matrix', data: confusionData(['cat', 'dog', 'bird'], 50 * (i + 1), 0.6 + i * 0.1) },
      { id: 'sklearn/roc', title: 'ROC', data: rocData(['positive'], 0.6 + i * 0.1) },
      ...(i === 0 ? [] : [{ id: 'predictions.json', title: 'Predictions', data: tableData(40) }]),
    ],
    images: [...steps.map((step) => servedImage(`compare/r${i}/predictions/${step}.png`, 'predictions', step, i * 3 + step)), ...(i === 2 ? [] : [servedImage(`compare/r${i}/${HOSTILE_NAME}.png`, HOSTILE_NAME, null, i)])],
    problems: [],
  };
}

async function option(page: Page, selector: string, n: number): Promise<{ series: { id?: string; type: string; color?: string }[]; visualMap?: { max: number }[] }> {
  return page.evaluate(`(() => { const o = document.querySelectorAll(${JSON.stringify(selector)})[${n}].echarts.getOption();
    return { series: o.series.map((s) => ({ id: s.id, type: s.type, color: s.color })), visualMap: o.visualMap?.map((v) => ({ max: v.max })) }; })()`);
}

describe('compare webview: Media section', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const media: CompareMedia = { runs: Array.from({ length: MEDIA_RUNS }, (_, i) => ({ runId: `r${i}`, media: mediaOf(i) })) };
  const state = compareState({ runs: MEDIA_RUNS, media });

  before(async () => {
    browser = await launch();
    ({ page, errors } = await openWebview(browser, 'dark'));
    await sendState(page, state);
  });
  after(async () => {
    await browser?.close();
  });

  it('puts every run\u2019s confusion matrix side by side on one colour scale: the largest count of them all', async () => {
    const matrices = page.locator('[data-plot-id="sklearn/confusion_matrix"] media-chart');
    assert.equal(await matrices.count(), MEDIA_RUNS);
    const largest = Math.max(...media.runs.flatMap((r) => (r.media.plots[0]!.data as { counts: number[][] }).counts.flat()));
    for (let n = 0; n < MEDIA_RUNS; n++) assert.equal((await option(page, '[data-plot-id="sklearn/confusion_matrix"] media-chart', n)).visualMap![0]!.max, largest);
    assert.deepEqual(await page.locator('[data-plot-id="sklearn/confusion_matrix"] .run-cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-run-id'))), ['r0', 'r1', 'r2', 'r3']);
  });

  it('overlays the runs\u2019 ROC curves in one chart, each in its run\u2019s colour', async () => {
    assert.equal(await page.locator('[data-plot-id="sklearn/roc"] media-chart').count(), 1);
    const { series } = await option(page, '[data-plot-id="sklearn/roc"] media-chart', 0);
    assert.deepEqual(series.map((s) => s.id), ['diagonal', 'r0:0', 'r1:0', 'r2:0', 'r3:0']);
    const swatches: string[] = await page.evaluate(`['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-red'].map((v) => getComputedStyle(document.body).getPropertyValue(v).trim())`);
    assert.deepEqual(series.slice(1).map((s) => s.color), swatches);
  });

  it('says which runs lack a plot', async () => {
    assert.match((await page.locator('[data-plot-id="predictions.json"] .note').textContent()) ?? '', /Not in: baseline/);
    assert.equal(await page.locator('[data-plot-id="predictions.json"] media-table').count(), MEDIA_RUNS - 1);
  });

  it('shows every run\u2019s image at one step, moved by one slider, and says where a run has none', async () => {
    const group = page.locator('.media-group[data-key="predictions"]');
    await imagesLoaded(page, '.media-group[data-key="predictions"] img');
    const sources = () => group.locator('img').evaluateAll((imgs) => imgs.map((i) => new URL((i as unknown as { src: string }).src).pathname));
    assert.deepEqual(await sources(), [0, 1, 2, 3].map((i) => `/files/compare/r${i}/predictions/20.png`));
    await group.locator('input[type=range]').focus();
    await page.keyboard.press('ArrowLeft');
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    assert.deepEqual(await sources(), [0, 1, 2].map((i) => `/files/compare/r${i}/predictions/10.png`));
    assert.equal(await group.locator('.run-cell[data-run-id="r3"] .empty').textContent(), 'No image at step 10.');
    const saved = await page.evaluate(`window.__saved.at(-1).ui.mediaSteps`);
    assert.deepEqual(saved, { predictions: 10 });
  });

  it('keeps a hostile image key as text, and keeps to the CSP', async () => {
    const figure = page.locator(`.media-group[data-key="${HOSTILE_NAME.replaceAll('"', '\\"')}"]`);
    assert.equal(await figure.locator('h3').textContent(), HOSTILE_NAME);
    assert.equal(await figure.locator('.run-cell[data-run-id="r2"] .empty').textContent(), 'Not logged.');
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
  });
});
