import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openWebview, sendState, violations } from './page';
import { compareState } from './states';

type Point = [number, number];

/**
 * The vertices of run r0's band as drawn (ECharts' display list: the polygons in the run's colour
 * at a band's opacity), and where ECharts puts each of its buckets' max and min on the chart's
 * axes. The band draws its vertices through its own map from data to pixels (bandSeries.ts), which
 * must land on ECharts' own, on a linear and a log y axis alike.
 */
async function bandOfFirstRun(page: Page): Promise<{ drawn: Point[]; expected: { x: number; upper: Point; lower: Point }[]; window: [number, number] }> {
  return page.evaluate(`(() => {
    const chart = document.querySelector('metric-chart');
    const c = chart.echarts;
    const colour = c.getOption().series.find((s) => s.id === 'line:r0').color;
    const drawn = c.getZr().storage.getDisplayList(true)
      .filter((e) => e.type === 'polygon' && e.style.fill === colour && e.style.opacity > 0.1 && e.style.opacity < 0.2)
      .flatMap((e) => e.shape.points.map(([x, y]) => [x, y]));
    const s = chart.input.chart.series.find((r) => r.runId === 'r0');
    const expected = s.firstX.flatMap((first, i) => s.min[i] === null ? [] : [{ x: (first + s.lastX[i]) / 2,
      upper: c.convertToPixel({ seriesId: 'line:r0' }, [(first + s.lastX[i]) / 2, s.max[i]]),
      lower: c.convertToPixel({ seriesId: 'line:r0' }, [(first + s.lastX[i]) / 2, s.min[i]]) }]);
    const grid = c.getModel().getComponent('grid', 0).coordinateSystem.getRect();
    return { drawn, expected, window: [c.convertFromPixel({ xAxisIndex: 0 }, grid.x), c.convertFromPixel({ xAxisIndex: 0 }, grid.x + grid.width)] };
  })()`);
}

function near(points: readonly Point[], [x, y]: Point): boolean {
  return points.some(([px, py]) => Math.abs(px - x) < 0.01 && Math.abs(py - y) < 0.01);
}

/** Every bucket in the window (and the one just beyond each side) is a vertex of the band at its max and its min; none far outside it is. */
function assertBandOnBuckets(band: Awaited<ReturnType<typeof bandOfFirstRun>>, what: string): void {
  const [from, to] = band.window;
  const inside = band.expected.filter((b) => b.x >= from && b.x <= to);
  assert.ok(inside.length > 10, `${what}: buckets in view`);
  for (const b of inside) {
    assert.ok(near(band.drawn, b.upper), `${what}: the max of the bucket at x ${b.x} is a vertex at ${b.upper}`);
    assert.ok(near(band.drawn, b.lower), `${what}: the min of the bucket at x ${b.x} is a vertex at ${b.lower}`);
  }
  const beyond = band.expected.filter((b) => b.x < from || b.x > to);
  const drawnBeyond = beyond.filter((b) => near(band.drawn, b.upper));
  assert.ok(drawnBeyond.length <= 2, `${what}: ${drawnBeyond.length} buckets outside the plot drawn (only the one past each edge should be)`);
  assert.equal(band.drawn.length, 2 * (inside.length + drawnBeyond.length), `${what}: an upper and a lower vertex per bucket drawn`);
}

describe('compare webview: min–max bands', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    browser = await launch();
    ({ page, errors } = await openWebview(browser, 'dark'));
    await sendState(page, compareState({ chosenMetrics: ['val/loss'] }));
  });
  after(async () => {
    await browser?.close();
  });

  it('draws a band through every bucket\'s max and min, on a linear and on a log y axis', async () => {
    assertBandOnBuckets(await bandOfFirstRun(page), 'linear');
    await page.locator('#log-y').click();
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    assert.equal(await page.evaluate(`document.querySelector('metric-chart').echarts.getOption().yAxis[0].type`), 'log');
    assertBandOnBuckets(await bandOfFirstRun(page), 'log');
  });

  it('zoomed in, draws only the buckets in the plot, at the zoomed axes\' pixels', async () => {
    await page.evaluate(`document.querySelector('metric-chart').echarts.dispatchAction({ type: 'dataZoom', start: 30, end: 45 })`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(r))');
    const band = await bandOfFirstRun(page);
    assert.ok(band.drawn.length < band.expected.length, `${band.drawn.length / 2} of ${band.expected.length} buckets drawn`);
    assertBandOnBuckets(band, 'zoomed, log');
    assert.deepEqual(errors, []);
    assert.deepEqual(await violations(page), []);
  });
});
