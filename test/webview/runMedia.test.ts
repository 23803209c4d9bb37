import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openWebview, violations, waitForPosted, waitUntil } from './page';
import { imagesLoaded, runMediaView, sendRunState } from './mediaStates';
import { HOSTILE_NAME } from './states';

/** The nth media chart's ECharts option, reduced to what crosses to Node (no functions). */
async function chartOption(page: Page, selector: string): Promise<{ series: { type: string; id?: string; data: unknown[] }[]; visualMap?: { max: number; inRange: { color: string[] } }[]; yAxis: { data?: string[] }[] }> {
  return page.evaluate(`(() => { const o = document.querySelector(${JSON.stringify(selector)}).echarts.getOption();
    return { series: o.series.map((s) => ({ type: s.type, id: s.id, data: s.data })), visualMap: o.visualMap?.map((v) => ({ max: v.max, inRange: v.inRange })), yAxis: o.yAxis.map((a) => ({ data: a.data })) }; })()`);
}

const slider = '#image-step-0';
const shownImage = (page: Page) => page.locator('.image-card[data-key="predictions"] img').getAttribute('src');

describe('run webview: plots and images', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const media = runMediaView();

  before(async () => {
    browser = await launch();
    ({ page, errors } = await openWebview(browser, 'light', undefined, 'run'));
    await waitForPosted(page, 'ready');
    await sendRunState(page, media);
  });
  after(async () => {
    await browser?.close();
  });

  it('draws a confusion matrix as a heatmap on a scale up to its largest count, in the theme\u2019s colours', async () => {
    const option = await chartOption(page, '[data-plot-id="sklearn/confusion_matrix"] media-chart');
    const matrix = media.plots[0]!.data as { counts: number[][]; labels: string[] };
    assert.equal(option.series[0]!.type, 'heatmap');
    assert.equal(option.series[0]!.data.length, 9);
    assert.equal(option.visualMap![0]!.max, Math.max(...matrix.counts.flat()));
    assert.deepEqual(option.yAxis[0]!.data, matrix.labels);
    const blue: string = await page.evaluate(`getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim()`);
    assert.equal(option.visualMap![0]!.inRange.color.at(-1), blue, 'the top of the scale is the theme\u2019s first chart colour');
    await page.evaluate(`document.body.className = 'vscode-dark'`);
    const dark: string = await page.evaluate(`getComputedStyle(document.body).getPropertyValue('--vscode-charts-blue').trim()`);
    assert.notEqual(dark, blue);
    await waitUntil(page, `document.querySelector('[data-plot-id="sklearn/confusion_matrix"] media-chart').echarts.getOption().visualMap[0].inRange.color.at(-1) === ${JSON.stringify(dark)}`);
    await page.evaluate(`document.body.className = 'vscode-light'`);
  });

  it('keeps a hostile class name as text, in the tooltip too', async () => {
    await page.evaluate(`document.querySelector('[data-plot-id="sklearn/confusion_matrix"] media-chart').echarts.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 8 })`);
    await waitUntil(page, `[...document.querySelectorAll('.chart-tooltip')].some((t) => t.textContent.includes(${JSON.stringify(HOSTILE_NAME)}))`);
    assert.equal(await page.locator('img[src="x"]').count(), 0);
  });

  it('draws a ROC curve per class over the chance diagonal', async () => {
    const option = await chartOption(page, '[data-plot-id="sklearn/roc"] media-chart');
    assert.deepEqual(option.series.map((s) => s.id), ['diagonal', 'line:0', 'line:1']);
    assert.equal(option.series[1]!.data.length, 101);
  });

  it('windows a long table: only the rows in view are in the page, and scrolling brings the last', async () => {
    const table = page.locator('[data-plot-id="predictions.json"] media-table');
    assert.match((await table.locator('.note').textContent()) ?? '', /first 1000 of 5000 rows/);
    const rendered = await table.locator('tbody tr:not(.spacer)').count();
    assert.ok(rendered > 5 && rendered < 100, `${rendered} rows in the page`);
    await table.locator('.media-table-scroll').evaluate((box) => (box.scrollTop = box.scrollHeight));
    await waitUntil(page, `[...document.querySelectorAll('[data-plot-id="predictions.json"] tbody tr')].some((r) => r.getAttribute('aria-rowindex') === '1001')`);
    assert.equal(await table.locator('tbody tr[aria-rowindex="1001"] td').first().textContent(), '999');
  });

  it('shows images over steps with a slider the keyboard moves, at the last step first', async () => {
    await imagesLoaded(page);
    assert.match((await shownImage(page)) ?? '', /\/predictions\/50\.png$/);
    await page.locator(slider).focus();
    await page.keyboard.press('Home');
    await waitUntil(page, `document.querySelector('.image-card[data-key="predictions"] img').src.endsWith('/predictions/0.png')`);
    assert.equal(await page.locator(slider).getAttribute('aria-valuetext'), 'Step 0 (1 of 5)');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await waitUntil(page, `document.querySelector('.image-card[data-key="predictions"] img').src.endsWith('/predictions/20.png')`);
    assert.equal(await page.locator('.image-card[data-key="predictions"] figcaption').textContent(), 'predictions at step 20');
    await imagesLoaded(page);
    const figure = page.locator('.image-grid img');
    assert.equal(await figure.getAttribute('alt'), 'loss_curve.png');
  });

  it('keeps the slider\u2019s step across a reload', async () => {
    const saved = await page.evaluate(`window.__saved.at(-1)`);
    assert.deepEqual((saved as { imageSteps: unknown }).imageSteps, { predictions: 20 });
    await page.reload();
    await waitForPosted(page, 'ready');
    await sendRunState(page, media);
    assert.match((await shownImage(page)) ?? '', /\/predictions\/20\.png$/);
    assert.equal(await page.locator(slider).inputValue(), '2');
  });

  it('lists the media that could not be read, and keeps to the CSP', async () => {
    assert.match((await page.locator('.media-problems').textContent()) ?? '', /plots\/broken\.json: Not JSON/);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
  });
});
