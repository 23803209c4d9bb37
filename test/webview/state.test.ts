import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseFromCompareWebview } from '../../src/protocol/compare';
import { clearPosted, launch, openWebview, posted, sendState, violations, waitForPosted } from './page';
import { compareState } from './states';

describe('compare webview: saved state, code section, themes', () => {
  let browser: Browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('saves the host state with its own ui, and restores the ui after a reload', async () => {
    const { page } = await openWebview(browser);
    const state = compareState();
    await sendState(page, state);
    await page.locator('#log-y').click();
    await page.locator('#heading-relations button').click();
    const saved: Record<string, unknown>[] = await page.evaluate('window.__saved');
    const last = saved.at(-1)!;
    assert.deepEqual({ ...last, ui: undefined }, { ...state.saved, ui: undefined });
    assert.deepEqual(last.ui, { smoothing: 0, logY: true, scatterParam: null, scatterMetric: null, parallelAxes: [], collapsed: ['relations'], mediaSteps: {} });

    await page.reload();
    await waitForPosted(page, 'ready');
    await sendState(page, state);
    assert.equal(await page.locator('#log-y').getAttribute('checked'), '');
    assert.equal(await page.locator('#heading-relations button').getAttribute('aria-expanded'), 'false');
    await page.context().close();
  });

  it('the code section opens diffs and picks the other run by keyboard and click', async () => {
    const { page, errors } = await openWebview(browser, 'high-contrast');
    await sendState(page, compareState());
    await clearPosted(page);
    assert.match((await page.locator('.commits').textContent()) ?? '', /c0ffee00 \(baseline\) → c0ffee10/);
    assert.match((await page.locator('.warning', { hasText: 'Dirty working tree' }).textContent()) ?? '', /run-2/);
    assert.match((await page.locator('.changed-files').textContent()) ?? '', /net\.py → models\/net\.py/);
    await page.locator('button.file', { hasText: 'train.py' }).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await waitForPosted(page, 'openDiff'))[0], { type: 'openDiff', path: 'train.py' });
    await page.evaluate(`{ const s = document.getElementById('code-run'); s.value = 'r3'; s.dispatchEvent(new Event('change')); }`);
    assert.deepEqual((await waitForPosted(page, 'setCodeRun'))[0], { type: 'setCodeRun', runId: 'r3' });
    await page.evaluate(`{ const s = document.getElementById('x-axis'); s.value = 'wallTime'; s.dispatchEvent(new Event('change')); }`);
    assert.deepEqual((await waitForPosted(page, 'setXAxis'))[0], { type: 'setXAxis', axis: 'wallTime' });
    await page.evaluate(`{ const s = document.getElementById('metric-chooser'); s.value = ['shift']; s.dispatchEvent(new Event('change')); }`);
    assert.deepEqual((await waitForPosted(page, 'chooseMetrics'))[0], { type: 'chooseMetrics', metrics: ['shift'] });
    await page.setViewportSize({ width: 900, height: 800 });
    const [resize] = await waitForPosted(page, 'resize');
    assert.ok((resize!.width as number) < 900);
    for (const message of await posted(page)) assert.deepEqual(parseFromCompareWebview(message), message);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('renders in a light theme with run colours from the theme, recolours on a theme change keeping the zoom, and no CSP violation', async () => {
    const { page, errors } = await openWebview(browser, 'light');
    await sendState(page, compareState());
    const swatch: string = await page.evaluate(`getComputedStyle(document.querySelector('.legend .swatch-svg line')).stroke`);
    assert.equal(swatch, 'rgb(26, 133, 255)', 'the first run takes --vscode-charts-blue of the light theme');
    const slider = () => page.evaluate(`(() => { const z = document.querySelector('metric-chart').echarts.getOption().dataZoom; return { border: z[1].borderColor, start: z[0].start }; })()`) as Promise<{ border: string; start: number }>;
    assert.equal((await slider()).border, '#c8c8c8', "the zoom slider takes the light theme's widget border");
    await page.evaluate(`document.querySelector('metric-chart').echarts.dispatchAction({ type: 'dataZoom', start: 20, end: 40 })`);
    await page.evaluate(`document.body.className = 'vscode-dark'`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('.legend .swatch-svg line')).stroke`), 'rgb(55, 148, 255)', 'recoloured for the dark theme');
    const dark = await slider();
    assert.equal(dark.border, '#454545', 'the slider recoloured for the dark theme');
    assert.ok(Math.abs(dark.start - 20) < 0.5, `the zoom window stays (starts at ${dark.start}%)`);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('shows its strings in the display language when VS Code gives a bundle, names and all data still as text', async () => {
    const bundle = { 'Compare runs ({0})': 'Läufe vergleichen ({0})', 'Only differences': 'Nur Unterschiede', 'Reset zoom': 'Zoom zurücksetzen', 'Set as baseline': 'Als Basis setzen' };
    const { page, errors } = await openWebview(browser, 'dark', bundle);
    const state = compareState();
    await sendState(page, state);
    assert.equal(await page.locator('h1').textContent(), `Läufe vergleichen (${state.runs.length})`);
    assert.equal((await page.locator('#only-differences').textContent())?.trim(), 'Nur Unterschiede');
    assert.equal(await page.locator('vscode-button', { hasText: 'Zoom zurücksetzen' }).count(), 1);
    assert.ok((await page.locator('.run-head vscode-button').first().textContent())?.includes('Als Basis setzen'));
    assert.equal((await page.locator('.section-toggle').first().textContent())?.trim(), '▾ Table', 'a string the bundle lacks stays English');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a state saved zoomed (a reload) spans the whole axis, with the zoom as its window', async () => {
    const { page, errors } = await openWebview(browser);
    await sendState(page, compareState({ points: 400, zoom: { xFrom: 100, xTo: 200 } }));
    const axis: { min: number; max: number; startValue: number; endValue: number } = await page.evaluate(`(() => {
      const option = document.querySelector('metric-chart').echarts.getOption();
      return { min: option.xAxis[0].min, max: option.xAxis[0].max, startValue: option.dataZoom[0].startValue, endValue: option.dataZoom[0].endValue };
    })()`);
    assert.deepEqual({ min: axis.min, max: axis.max }, { min: 0, max: 399 }, 'the axis spans every point, not the zoom');
    assert.ok(Math.abs(axis.startValue - 100) < 1 && Math.abs(axis.endValue - 200) < 1, `the window is ${axis.startValue}…${axis.endValue}`);
    assert.equal(await page.locator('vscode-button', { hasText: 'Reset zoom' }).getAttribute('disabled'), null, 'Reset zoom is enabled');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
