import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { CompareState } from '../../src/protocol/compare';
import { launch, openWebview, sendState, violations } from './page';
import { compareState } from './states';

interface LineStyle {
  id: string;
  colour: string;
  dash: string;
  marker: string | null;
}

/** Each run's line in the first chart as its runs layer drew it: colour, dash and the marker drawn along it. */
async function lineStyles(page: Page): Promise<Map<string, LineStyle>> {
  const styles: LineStyle[] = await page.evaluate(`document.querySelector('metric-chart').layer.painted.map((p) => {
    if (p.marker !== null && p.markers < 5) throw new Error('too few markers along ' + p.runId);
    return { id: p.runId, colour: p.colour, dash: JSON.stringify(p.dash), marker: p.markers > 0 ? p.marker : null };
  })`);
  return new Map(styles.map((s) => [s.id, s]));
}

/** The runs the table shows in another order (as after a sort), each keeping its palette index. */
function sortedOthers(state: CompareState): CompareState {
  return { ...state, runs: [state.runs[0]!, ...state.runs.slice(1).reverse()] };
}

async function lineOpacities(page: Page): Promise<Record<string, number>> {
  return page.evaluate(`Object.fromEntries(document.querySelector('metric-chart').layer.painted.map((p) => [p.runId, p.lineAlpha]))`);
}

/** The opacity each run's band was drawn with (null: not drawn). */
async function bandOpacities(page: Page): Promise<Record<string, number | null>> {
  return page.evaluate(`Object.fromEntries(document.querySelector('metric-chart').layer.painted.map((p) => [p.runId, p.bandAlpha === null ? null : Math.round(p.bandAlpha * 1000) / 1000]))`);
}

const headClasses = (page: Page) => page.evaluate(`Object.fromEntries([...document.querySelectorAll('.run-head')].map((th) => [th.dataset.run, th.className]))`) as Promise<Record<string, string>>;

describe('compare webview: many runs', () => {
  let browser: Browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('draws 36 runs in 36 different styles, colour with dash or marker, and keeps each run’s style when the columns are sorted', async () => {
    const { page, errors } = await openWebview(browser, 'dark');
    const state = compareState({ runs: 36, points: 120 });
    await sendState(page, state);
    const styles = await lineStyles(page);
    assert.equal(styles.size, 36);
    const pairs = new Set([...styles.values()].map((s) => `${s.colour} ${s.dash} ${s.marker}`));
    assert.equal(pairs.size, 36, 'no two runs look alike');
    const colours = new Set([...styles.values()].map((s) => s.colour));
    assert.ok(colours.size >= 8 && colours.size < 36, `theme colours repeat (${colours.size}), so dashes and markers tell runs apart`);
    assert.equal(styles.get('r0')!.dash, '"solid"');
    assert.equal(styles.get('r0')!.marker, null, 'the first round of colours is plain solid lines');
    // The legend draws the same style as the chart.
    const legend: { run: string; stroke: string; dash: string | null; marker: boolean }[] = await page.evaluate(`[...document.querySelectorAll('.legend li')].map((li) => {
      const line = li.querySelector('svg line');
      return { run: li.dataset.run, stroke: line.getAttribute('stroke'), dash: line.getAttribute('stroke-dasharray'), marker: li.querySelector('svg').children.length > 1 };
    })`);
    for (const entry of legend) {
      const style = styles.get(entry.run)!;
      assert.equal(entry.stroke, style.colour, entry.run);
      assert.equal(entry.dash === null, style.dash === '"solid"', entry.run);
      assert.equal(entry.marker, style.marker !== null, entry.run);
    }

    await sendState(page, sortedOthers(state));
    assert.deepEqual(await lineStyles(page), styles, 'sorting the columns recolours no run');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('lists a tooltip’s runs by value, best first, twelve of them and "+N more", inside the panel', async () => {
    const { page, errors } = await openWebview(browser, 'dark');
    const state = compareState({ runs: 36, points: 120, chosenMetrics: ['val/loss'] });
    state.charts[0]!.direction = 'lower';
    await sendState(page, state);
    await page.locator('metric-chart .plot').first().scrollIntoViewIfNeeded();
    const box = (await page.locator('metric-chart .plot').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    const tooltip = page.locator('.pointer-tip');
    await tooltip.waitFor({ state: 'visible' });
    const values = (await tooltip.locator('.tip-row .tip-value').allTextContents()).map(Number);
    assert.equal(values.length, 12);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), `lower is better: the lowest first (${values.join(', ')})`);
    assert.equal(await tooltip.locator('.tip-more').textContent(), '+24 more');
    const tip = (await tooltip.boundingBox())!;
    const viewport = page.viewportSize()!;
    assert.ok(tip.y >= 0 && tip.y + tip.height <= viewport.height && tip.x + tip.width <= viewport.width, `the tooltip fits: ${JSON.stringify(tip)}`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('highlights the run under the pointer and dims the others: from its line, its column header and its legend entry', async () => {
    const { page, errors } = await openWebview(browser, 'dark');
    const state = compareState({ chosenMetrics: ['shift'], points: 100 });
    await sendState(page, state);
    assert.deepEqual(Object.values(await lineOpacities(page)), [1, 1, 1, 1], 'nothing dimmed at first');

    // The pointer on run r2's line, at one of its points.
    await page.locator('metric-chart .plot').first().scrollIntoViewIfNeeded();
    const plot = (await page.locator('metric-chart .plot').first().boundingBox())!;
    const [x, y]: [number, number] = await page.evaluate(`(() => {
      const layer = document.querySelector('metric-chart').layer;
      const run = layer.runs.find((r) => r.runId === 'r2');
      return [layer.map.x(run.xs[15]), layer.map.y(run.y[15])];
    })()`);
    await page.mouse.move(plot.x + x, plot.y + y);
    await page.waitForTimeout(300);
    assert.deepEqual(await lineOpacities(page), { r0: 0.15, r1: 0.15, r2: 1, r3: 0.15 });
    assert.deepEqual(await bandOpacities(page), { r0: 0.027, r1: 0.027, r2: 0.18, r3: 0.027 }, 'the bands fade with their lines');
    const heads = await headClasses(page);
    assert.match(heads.r2!, /\bhovered\b/);
    assert.match(heads.r0!, /\bdimmed\b/);
    assert.match((await page.locator('.legend li[data-run="r2"]').getAttribute('class')) ?? '', /hovered/);
    assert.match((await page.locator('.pointer-tip .tip-row.hovered').textContent()) ?? '', /run-2/, 'the tooltip marks it');

    await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height + 200);
    await page.waitForTimeout(200);
    assert.deepEqual(Object.values(await lineOpacities(page)), [1, 1, 1, 1], 'the pointer left the chart: nothing dimmed');

    await page.locator('.run-head[data-run="r3"]').hover();
    await page.waitForTimeout(200);
    assert.deepEqual(await lineOpacities(page), { r0: 0.15, r1: 0.15, r2: 0.15, r3: 1 }, 'a column header highlights its run in the charts');
    await page.locator('.legend li[data-run="r1"]').hover();
    await page.waitForTimeout(200);
    assert.deepEqual(await lineOpacities(page), { r0: 0.15, r1: 1, r2: 0.15, r3: 0.15 }, 'so does a legend entry');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('draws a hundred runs\' bands once a moving zoom rests, not on every frame of it', async () => {
    const { page, errors } = await openWebview(browser, 'dark');
    await sendState(page, compareState({ runs: 100, points: 1000, width: 1000, chosenMetrics: ['val/loss'] }));
    const bandsDrawn = () => page.evaluate(`document.querySelector('metric-chart').layer.painted.filter((p) => p.bandAlpha !== null).length`) as Promise<number>;
    assert.equal(await bandsDrawn(), 100, 'at rest, every band');
    // Zoom steps a frame apart, as a wheel or a drag makes them: every frame after the first is a moving window.
    const bandsPerFrame: number[] = await page.evaluate(`new Promise((resolve) => {
      const chart = document.querySelector('metric-chart');
      const counts = [];
      const step = (i) => {
        counts.push(chart.layer.painted.filter((p) => p.bandAlpha !== null).length);
        if (i === 6) return resolve(counts);
        chart.echarts.dispatchAction({ type: 'dataZoom', dataZoomIndex: [0, 1], start: 10 + i, end: 60 + i });
        requestAnimationFrame(() => step(i + 1));
      };
      requestAnimationFrame(() => step(0));
    })`);
    const moving = Math.min(...bandsPerFrame.slice(2));
    assert.equal(moving, 0, `while the window moves, the bands wait (bands drawn by frame: ${bandsPerFrame.join(', ')})`);
    await page.waitForTimeout(400);
    assert.equal(await bandsDrawn(), 100, 'once it rests, every band again');
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('names runs that share a name by their qualifiers, dimmed after the name: columns, legend, tooltips, code section', async () => {
    const { page, errors } = await openWebview(browser, 'light');
    const state = compareState({ runs: 5, sameName: 'Random Forest Classifier', chosenMetrics: ['val/loss'] });
    assert.deepEqual(state.runs.map((r) => r.qualifier), ['lr=0.001', 'lr=0.002', 'lr=0.003', 'lr=0.004', 'lr=0.005']);
    await sendState(page, state);
    const heads = page.locator('.compare-table .run-head');
    assert.deepEqual(await heads.locator('.run-label-name').allTextContents(), Array(5).fill('Random Forest Classifier'));
    assert.deepEqual(await heads.locator('.qualifier').allTextContents(), state.runs.map((r) => r.qualifier));
    assert.equal(await heads.first().getAttribute('title'), 'Random Forest Classifier (lr=0.001)');
    // The column is narrower than name and qualifier: the name has its own line, the qualifier leads the next and stays whole.
    const fits: boolean[] = await page.evaluate(`[...document.querySelectorAll('.run-head')].map((th) => {
      const q = th.querySelector('.qualifier');
      return q.scrollWidth <= q.clientWidth + 1 && q.getBoundingClientRect().right <= th.getBoundingClientRect().right;
    })`);
    assert.deepEqual(fits, Array(5).fill(true), 'every qualifier shows whole');
    const nameRoom: boolean[] = await page.evaluate(`[...document.querySelectorAll('.run-head')].map((th) => th.querySelector('.run-label-name').clientWidth >= th.clientWidth * 0.6)`);
    assert.deepEqual(nameRoom, Array(5).fill(true), 'the name keeps most of its column, not a few letters');
    const muted = await page.evaluate(`(() => { const q = document.querySelector('.run-head .qualifier'), n = document.querySelector('.run-head .run-label-name'); return getComputedStyle(q).color !== getComputedStyle(n).color; })()`);
    assert.ok(muted, 'the qualifier is dimmed');
    assert.deepEqual(await page.locator('.legend .qualifier').allTextContents(), state.runs.map((r) => r.qualifier));
    const options = await page.locator('#code-run vscode-option').allTextContents();
    assert.deepEqual(options.map((o) => o.trim()), state.runs.slice(1).map((r) => `Random Forest Classifier (${r.qualifier})`));

    await page.locator('metric-chart .plot').first().scrollIntoViewIfNeeded();
    const box = (await page.locator('metric-chart .plot').first().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 100);
    const tooltip = page.locator('.pointer-tip');
    await tooltip.waitFor({ state: 'visible' });
    assert.deepEqual((await tooltip.locator('.qualifier').allTextContents()).sort(), state.runs.map((r) => r.qualifier).sort());
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
