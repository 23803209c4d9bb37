import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openWebview, sendState, violations } from './page';
import { compareState } from './states';

type Point = [number, number];

interface BandCheck {
  /** Per bucket of run r0: where the layer's map puts its max and min, and where ECharts' axes do. */
  buckets: { x: number; drawn: [Point, Point]; echarts: [Point, Point] }[];
  /** The x values at the plot's left and right edges. */
  window: [number, number];
  /** The buckets of r0 the last frame drew (one beyond each edge). */
  first: number;
  last: number;
  xs: number[];
}

/**
 * Run r0's buckets through the runs layer's map from data to pixels (runsLayer.ts, read from
 * ECharts twice a frame) and through ECharts' own convertToPixel: they must land on the same
 * pixels, on a linear and a log y axis, zoomed or not.
 */
async function bandOfFirstRun(page: Page): Promise<BandCheck> {
  return page.evaluate(`(() => {
    const chart = document.querySelector('metric-chart');
    const c = chart.echarts;
    const { map, runs, painted } = chart.layer;
    const run = runs.find((r) => r.runId === 'r0');
    const buckets = run.xs.flatMap((x, i) => run.min[i] === null ? [] : [{ x,
      drawn: [[map.x(x), map.y(run.max[i])], [map.x(x), map.y(run.min[i])]],
      echarts: [c.convertToPixel({ gridIndex: 0 }, [x, run.max[i]]), c.convertToPixel({ gridIndex: 0 }, [x, run.min[i]])] }]);
    const grid = c.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    const p = painted.find((q) => q.runId === 'r0');
    return { buckets, window: [c.convertFromPixel({ xAxisIndex: 0 }, grid.x), c.convertFromPixel({ xAxisIndex: 0 }, grid.x + grid.width)], first: p.first, last: p.last, xs: run.xs };
  })()`);
}

function assertOnEchartsPixels(band: BandCheck, what: string): void {
  assert.ok(band.buckets.length > 10, `${what}: buckets to check`);
  for (const b of band.buckets) {
    for (const k of [0, 1]) {
      const [[x, y], [ex, ey]] = [b.drawn[k]!, b.echarts[k]!];
      assert.ok(Math.abs(x - ex) < 0.01 && Math.abs(y - ey) < 0.01, `${what}: the bucket at x ${b.x} is drawn at ${b.drawn[k]}, ECharts puts it at ${b.echarts[k]}`);
    }
  }
}

/** The last frame drew every bucket in the window and one beyond each side, no more. */
function assertDrawsWindow(band: BandCheck, what: string): void {
  const [from, to] = band.window;
  const inside = band.xs.flatMap((x, i) => (x >= from && x <= to ? [i] : []));
  assert.equal(band.first, Math.max(0, inside[0]! - 1), `${what}: first bucket drawn`);
  assert.equal(band.last, Math.min(band.xs.length - 1, inside.at(-1)! + 1), `${what}: last bucket drawn`);
}

/** The alpha of the runs layer's pixel at x, y (CSS px in the plot). */
async function layerAlpha(page: Page, [x, y]: Point): Promise<number> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('metric-chart canvas.runs-layer');
    const ratio = canvas.width / canvas.clientWidth;
    return canvas.getContext('2d').getImageData(Math.floor(${x} * ratio), Math.floor(${y} * ratio), 1, 1).data[3];
  })()`);
}

describe('compare webview: min–max bands', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    browser = await launch();
    ({ page, errors } = await openWebview(browser, 'dark'));
    await sendState(page, compareState({ runs: 1, chosenMetrics: ['val/loss'] }));
  });
  after(async () => {
    await browser?.close();
  });

  it('draws every bucket through the chart\'s own axes, on a linear and on a log y axis, and paints its band between its max and min', async () => {
    const linear = await bandOfFirstRun(page);
    assertOnEchartsPixels(linear, 'linear');
    assertDrawsWindow(linear, 'linear');
    // Real pixels: halfway between a bucket's max and min the band (or its line) is painted, far above both nothing is.
    const tall = linear.buckets.filter((b) => b.drawn[1][1] - b.drawn[0][1] > 6).slice(0, 20);
    assert.ok(tall.length > 5, 'buckets with a band several pixels tall');
    for (const b of tall) assert.ok((await layerAlpha(page, [b.drawn[0][0], (b.drawn[0][1] + b.drawn[1][1]) / 2])) > 0, `band painted at x ${b.x}`);
    const last = linear.buckets.at(-1)!;
    assert.ok(last.drawn[0][1] > 60, 'the last bucket lies low on the plot');
    assert.equal(await layerAlpha(page, [last.drawn[0][0] - 1, 18]), 0, 'nothing painted at the top of the plot above it');

    await page.locator('#log-y').click();
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    assert.equal(await page.evaluate(`document.querySelector('metric-chart').echarts.getOption().yAxis[0].type`), 'log');
    assertOnEchartsPixels(await bandOfFirstRun(page), 'log');
  });

  it('zoomed in, draws only the buckets in the plot, at the zoomed axes\' pixels', async () => {
    await page.evaluate(`document.querySelector('metric-chart').echarts.dispatchAction({ type: 'dataZoom', start: 30, end: 45 })`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    const band = await bandOfFirstRun(page);
    assert.ok(band.last - band.first + 1 < band.xs.length / 2, `${band.last - band.first + 1} of ${band.xs.length} buckets drawn`);
    assertOnEchartsPixels(band, 'zoomed, log');
    assertDrawsWindow(band, 'zoomed, log');
    assert.deepEqual(errors, []);
    assert.deepEqual(await violations(page), []);
  });
});
