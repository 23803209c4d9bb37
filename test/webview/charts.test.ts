import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseFromCompareWebview } from '../../src/protocol/compare';
import { clearPosted, launch, openWebview, posted, sendSeries, sendState, violations, waitForPosted } from './page';
import { compareState, zoomAnswer } from './states';

interface RunSummary {
  runId: string;
  /** Buckets the run's drawing has. */
  buckets: number;
  lineAlpha: number;
  rawAlpha: number | null;
  bandAlpha: number | null;
}

/** What the nth chart's runs layer drew of each run in its last frame (runsLayer.ts). */
async function paintedRuns(page: Page, n: number): Promise<RunSummary[]> {
  return page.evaluate(`(() => {
    const layer = document.querySelectorAll('metric-chart')[${n}].layer;
    return layer.painted.map((p, i) => ({ runId: p.runId, buckets: layer.runs[i].xs.length, lineAlpha: p.lineAlpha, rawAlpha: p.rawAlpha, bandAlpha: p.bandAlpha }));
  })()`);
}

describe('compare webview: charts', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const state = compareState({ chosenMetrics: ['val/loss', 'shift'] });

  before(async () => {
    browser = await launch();
    ({ page, errors } = await openWebview(browser, 'light'));
    await sendState(page, state);
  });
  after(async () => {
    await browser?.close();
  });

  it('draws one chart per chosen metric, with a line and a min–max band per run on its runs layer', async () => {
    assert.equal(await page.locator('metric-chart').count(), 2);
    assert.equal(await page.locator('metric-chart .plot canvas').count(), 2, 'an ECharts canvas per chart');
    assert.equal(await page.locator('metric-chart canvas.runs-layer').count(), 2, 'a runs layer per chart');
    const painted = await paintedRuns(page, 0);
    assert.deepEqual(painted.map((p) => p.runId), state.runs.map((r) => r.id), 'every run drawn, in order');
    for (const p of painted) assert.ok(p.lineAlpha === 1 && p.bandAlpha !== null && p.bandAlpha > 0 && p.rawAlpha === null, `line and band of ${p.runId}`);
    assert.ok(state.charts[0]!.series[0]!.min.some((m, i) => m! < state.charts[0]!.series[0]!.y[i]!), 'the test data has bands');
    assert.match((await page.locator('metric-chart').first().locator('.non-finite').textContent()) ?? '', /1 NaN/);
  });

  it('keeps a faint raw line under the smoothed one', async () => {
    await page.evaluate(`{ const s = document.getElementById('smoothing'); s.value = '0.6'; s.dispatchEvent(new Event('input', { bubbles: true })); }`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    const r0 = (await paintedRuns(page, 0)).find((p) => p.runId === 'r0')!;
    assert.ok(r0.rawAlpha !== null && r0.rawAlpha < r0.lineAlpha, `raw ${r0.rawAlpha}, smoothed ${r0.lineAlpha}`);
  });

  it('uses a log y axis only where every value is positive, and says so where not', async () => {
    await page.locator('#log-y').click();
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    const axes: string[] = await page.evaluate(`[...document.querySelectorAll('metric-chart')].map((c) => c.echarts.getOption().yAxis[0].type)`);
    assert.deepEqual(axes, ['log', 'value']);
    assert.equal(await page.locator('metric-chart').nth(0).locator('.note').count(), 0);
    assert.match((await page.locator('metric-chart').nth(1).locator('.note').textContent()) ?? '', /Log scale needs positive values/);
  });

  it('links a zoom to every chart, asks for each chart at full resolution, and draws only the latest answer', async () => {
    await clearPosted(page);
    await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.dispatchAction({ type: 'dataZoom', start: 20, end: 40 })`);
    const first = await waitForPosted(page, 'zoom', 2);
    assert.deepEqual(first.map((m) => m.metric).sort(), ['shift', 'val/loss']);
    for (const m of first) {
      assert.deepEqual(parseFromCompareWebview(m), m);
      assert.ok(Math.abs((m.xFrom as number) - 0.2 * 399) < 1 && Math.abs((m.xTo as number) - 0.4 * 399) < 1, JSON.stringify(m));
    }
    // A chart out of sight takes the range once it comes into sight (the next test).
    await page.evaluate(`document.querySelectorAll('metric-chart .plot')[1].scrollIntoView({ block: 'nearest' })`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const otherStart: number = await page.evaluate(`document.querySelectorAll('metric-chart')[1].echarts.getOption().dataZoom[0].start`);
    assert.ok(Math.abs(otherStart - 20) < 0.5, `the other chart starts at ${otherStart}%`);

    await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.dispatchAction({ type: 'dataZoom', start: 30, end: 50 })`);
    const all = await waitForPosted(page, 'zoom', 4);
    const ids = all.map((m) => m.id as number);
    assert.deepEqual([...ids].sort((a, b) => a - b), ids, 'ids increase');
    const stale = all.find((m) => m.metric === 'val/loss')!;
    const latest = all.findLast((m) => m.metric === 'val/loss')!;
    const bucketsOfR0 = async () => (await paintedRuns(page, 0)).find((p) => p.runId === 'r0')!.buckets;
    const before = await bucketsOfR0();
    await sendSeries(page, stale.id as number, zoomAnswer(state, 'val/loss', { xFrom: stale.xFrom as number, xTo: stale.xTo as number }, 7));
    assert.equal(await bucketsOfR0(), before, 'an older answer is dropped');
    await sendSeries(page, latest.id as number, zoomAnswer(state, 'val/loss', { xFrom: latest.xFrom as number, xTo: latest.xTo as number }, 13));
    assert.ok((await bucketsOfR0()) <= 13, 'the latest answer is drawn');
  });

  it('redraws a chart out of sight at a linked zoom only once it comes into sight', async () => {
    const zoomStart = (n: number) => page.evaluate(`document.querySelectorAll('metric-chart')[${n}].echarts.getOption().dataZoom[0].start`) as Promise<number>;
    const frames = () => page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    // A viewport one plot high: the second chart is below it.
    await page.setViewportSize({ width: 1200, height: 360 });
    await page.evaluate(`document.querySelectorAll('metric-chart .plot')[0].scrollIntoView({ block: 'start' })`);
    await frames();
    const before = await zoomStart(1);
    await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.dispatchAction({ type: 'dataZoom', start: 60, end: 80 })`);
    await frames();
    assert.equal(await zoomStart(1), before, 'out of sight, the chart keeps its window');
    await page.evaluate(`document.querySelectorAll('metric-chart .plot')[1].scrollIntoView({ block: 'start' })`);
    await frames();
    const after = await zoomStart(1);
    assert.ok(Math.abs(after - 60) < 0.5, `in sight, the chart starts at ${after}%`);
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('zooms, pans and resets from the keyboard on a focused chart', async () => {
    await clearPosted(page);
    await page.locator('metric-chart .plot').first().focus();
    await page.keyboard.press('+');
    const zooms = await waitForPosted(page, 'zoom', 2);
    const [a, b] = [zooms[0]!, zooms[1]!];
    assert.ok((a.xTo as number) - (a.xFrom as number) < 0.2 * 399 + 1, 'narrower than before');
    assert.equal(a.xFrom, b.xFrom);
    await page.keyboard.press('0');
    assert.deepEqual((await waitForPosted(page, 'resetZoom'))[0], { type: 'resetZoom' });
  });

  it('updates a chart in place when a snapshot brings more points', async () => {
    await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.__testMark = 'same instance'`);
    await sendState(page, compareState({ chosenMetrics: ['val/loss', 'shift'], points: 800 }));
    assert.equal(await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.__testMark`), 'same instance');
    const max: number = await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.getOption().xAxis[0].max`);
    assert.equal(max, 799);
  });

  it('shows the whole of a new x axis, not the window left from the old one', async () => {
    await page.evaluate(`document.querySelectorAll('metric-chart')[0].echarts.dispatchAction({ type: 'dataZoom', start: 20, end: 40 })`);
    await waitForPosted(page, 'zoom', 2);
    const byStep = compareState({ chosenMetrics: ['val/loss', 'shift'], points: 800 });
    // The same points by wall time: x in milliseconds since the epoch, far from the steps' 0…799.
    const t0 = 1_700_000_000_000;
    const shift = (xs: number[]) => xs.map((x) => t0 + x * 1000);
    const byTime = {
      ...byStep,
      xAxis: 'wallTime' as const,
      charts: byStep.charts.map((c) => ({
        ...c,
        range: c.range && { xFrom: t0 + c.range.xFrom * 1000, xTo: t0 + c.range.xTo * 1000 },
        extent: c.extent && { xFrom: t0 + c.extent.xFrom * 1000, xTo: t0 + c.extent.xTo * 1000 },
        series: c.series.map((s) => ({ ...s, firstX: shift(s.firstX), lastX: shift(s.lastX) })),
      })),
    };
    await sendState(page, byTime);
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    const window: { startValue: number; endValue: number } = await page.evaluate(`(() => { const z = document.querySelectorAll('metric-chart')[0].echarts.getOption().dataZoom[0]; return { startValue: z.startValue, endValue: z.endValue }; })()`);
    assert.ok(window.startValue <= t0 && window.endValue >= t0 + 799_000, `the window is ${JSON.stringify(window)}`);
  });

  it('draws the runs within the plot ECharts keeps after making room for long labels', async () => {
    const big = compareState({ chosenMetrics: ['val/loss'] });
    const scaled = (v: number | null) => (v === null ? null : v * -12_345_678);
    big.charts = big.charts.map((c) => ({ ...c, series: c.series.map((s) => ({ ...s, y: s.y.map(scaled), min: s.max.map(scaled), max: s.min.map(scaled) })) }));
    await sendState(page, big);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const { layer, grid }: { layer: Record<string, number>; grid: Record<string, number> } = await page.evaluate(`(() => {
      const chart = document.querySelector('metric-chart');
      const g = chart.echarts.getModel().getComponent('grid', 0).coordinateSystem.getRect();
      return { layer: chart.layer.plot(), grid: { x: g.x, y: g.y, width: g.width, height: g.height } };
    })()`);
    assert.ok(grid.x > 56, `ECharts moved the plot right of its 56 px margin for the labels (${grid.x})`);
    for (const k of ['x', 'y', 'width', 'height']) assert.ok(Math.abs(layer[k]! - grid[k]!) <= 1, `${k}: layer ${layer[k]}, ECharts ${grid[k]}`);
    await sendState(page, state);
  });

  it('shows a hostile run name in a tooltip as text', async () => {
    const box = await page.locator('metric-chart .plot').first().boundingBox();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + 100);
    await page.locator('.pointer-tip').waitFor({ state: 'visible' });
    assert.match((await page.locator('.pointer-tip').textContent()) ?? '', /<img src=x onerror=alert\(1\)>/);
    assert.equal(await page.locator('img').count(), 0);
  });

  it('draws a metric every run logged once as dots by run, the runs down a labelled category axis, and collapses its table rows', async () => {
    const once = compareState({ chosenMetrics: ['val/loss', 'shift'], points: 1, runs: 7, sameName: 'Random Forest Classifier' });
    await sendState(page, once);
    assert.equal(await page.locator('metric-chart').count(), 0, 'no line chart: a single point has no x worth an axis');
    assert.equal(await page.locator('.dot-chart plot-chart').count(), 2);
    const option: { y: { type: string; data: string[]; inverse: boolean }; x: string; series: { id: string; value: number; symbol: string }[]; labels: string[] } = await page.evaluate(`(() => {
      const o = document.querySelector('.dot-chart plot-chart').echarts.getOption();
      return {
        y: { type: o.yAxis[0].type, data: o.yAxis[0].data, inverse: o.yAxis[0].inverse },
        x: o.xAxis[0].type,
        series: o.series.map((s) => ({ id: s.id, value: s.data[0][0], symbol: s.symbol })),
        labels: o.yAxis[0].data.map((id) => o.yAxis[0].axisLabel.formatter(id)),
      };
    })()`);
    assert.deepEqual(option.y, { type: 'category', data: once.runs.map((r) => r.id), inverse: true }, 'the runs in the table’s order, the first at the top');
    assert.equal(option.x, 'value');
    assert.deepEqual(option.series.map((s) => [s.id, s.value]), once.charts[0]!.series.map((s) => [s.runId, s.y[0]]));
    assert.deepEqual(option.labels, once.runs.map((r) => `{name|Random Forest Classifier} {qualifier|${r.qualifier}}`), 'each row names its run and what tells it apart');
    const rows = await page.locator('.compare-table th.row-head .row-label').allTextContents();
    assert.ok(rows.includes('val/loss') && !rows.some((r) => r.startsWith('val/loss ·')), `one row for the metric: ${rows.join(', ')}`);

    // The pointer on a dot highlights its run: its column header too.
    await page.locator('.dot-chart .plot').first().scrollIntoViewIfNeeded();
    const plot = (await page.locator('.dot-chart .plot').first().boundingBox())!;
    const [x, y]: [number, number] = await page.evaluate(`(() => {
      const chart = document.querySelector('.dot-chart plot-chart').echarts;
      return chart.convertToPixel({ seriesId: 'r3' }, chart.getOption().series.find((s) => s.id === 'r3').data[0]);
    })()`);
    await page.mouse.move(plot.x + x, plot.y + y);
    await page.locator('.run-head[data-run="r3"].hovered').waitFor();
    const opacities: Record<string, number> = await page.evaluate(`Object.fromEntries(document.querySelector('.dot-chart plot-chart').echarts.getOption().series.map((s) => [s.id, s.itemStyle.opacity]))`);
    assert.equal(opacities.r3, 1);
    assert.ok(Object.entries(opacities).every(([id, o]) => id === 'r3' || o < 0.5), JSON.stringify(opacities));
    await page.mouse.move(0, 0);

    await sendState(page, compareState({ chosenMetrics: ['val/loss', 'shift'], points: 50 }));
    assert.equal(await page.locator('metric-chart').count(), 2, 'a history is lines again');
    assert.equal(await page.locator('.dot-chart').count(), 0);
  });

  it('posts only protocol-valid messages and breaks no CSP rule', async () => {
    for (const message of await posted(page)) assert.deepEqual(parseFromCompareWebview(message), message);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
  });
});
