import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseFromMonitorWebview, type MonitorState } from '../../src/protocol/monitor';
import { HOSTILE_NAME } from './states';
import { clearPosted, launch, openWebview, posted, violations, waitForPosted, waitUntil } from './page';
import { weatherMonitorState } from './monitorStates';

async function sendMonitorState(page: Page, state: MonitorState): Promise<void> {
  await page.evaluate(`window.postMessage(${JSON.stringify({ type: 'state', state })}, '*')`);
  await waitUntil(page, 'document.getElementById("app").getAttribute("aria-busy") === null');
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
}

/** A chart's option as ECharts holds it. */
function chartOption(page: Page, selector: string): Promise<{ series: { name: string; data: { name: string; value: [number, number | null]; itemStyle?: { color: string } }[]; markLine?: { data: { yAxis: number }[] } }[] }> {
  return page.evaluate(`(() => { const o = document.querySelector(${JSON.stringify(selector)}).echarts.getOption(); return { series: o.series.map((s) => ({ name: s.name, data: s.data, markLine: s.markLine && { data: s.markLine.data } })) }; })()`);
}

describe('Monitoring webview', () => {
  let browser: Browser;
  let state: MonitorState;

  before(async () => {
    browser = await launch();
    state = await weatherMonitorState([
      { metric: 'val/auc', at: Date.UTC(2014, 3, 1), value: 0.91, version: 'v1.0.0', batchPath: 'data/incoming/2014-03.csv' },
      { metric: 'val/auc', at: Date.UTC(2014, 7, 1), value: 0.84, version: 'v1.0.0', batchPath: null },
      { metric: 'val/auc', at: Date.UTC(2014, 8, 1), value: 0.9, version: 'v1.1.0', batchPath: null },
    ]);
  });
  after(async () => {
    await browser?.close();
  });

  it('draws the drift share per batch against its threshold, the drifted columns\' scores, and the batches', async () => {
    const { page, errors } = await openWebview(browser, 'dark', undefined, 'monitor');
    assert.deepEqual(await posted(page), [{ type: 'ready' }], 'ready, and nothing before the state');
    await sendMonitorState(page, state);
    const prod = state.stages[0]!;
    assert.ok(prod.batches.some((b) => b.datasetDrift) && prod.batches.some((b) => !b.datasetDrift), 'the weather data has months with and without drift');

    assert.equal(await page.locator('h1').textContent(), 'Monitoring: weather');
    assert.deepEqual(await page.locator('section.stage h2').allTextContents(), ['Stage prod', 'Stage staging']);
    const last = prod.batches.at(-1)!;
    assert.match((await page.locator('section.stage .verdict').first().textContent())!.replace(/\s+/g, ' '), new RegExp(`Latest batch data/incoming/2014-12\\.csv: ${last.datasetDrift ? 'dataset drift' : 'no dataset drift'} \\(${Math.round(last.driftShare * 100)}% of columns drifted, threshold 50%\\)`));
    assert.equal(await page.locator('section.stage').nth(1).locator('.empty').textContent(), 'No batch checked yet.');

    const share = await chartOption(page, 'time-chart.share-chart');
    assert.deepEqual(share.series[0]!.data.map((d) => d.value), prod.batches.map((b) => [b.checkedAt, b.driftShare]));
    assert.deepEqual(share.series[0]!.markLine!.data.map((d) => d.yAxis), [0.5]);
    const colours = new Set(share.series[0]!.data.map((d, i) => `${prod.batches[i]!.datasetDrift}:${d.itemStyle!.color}`));
    assert.deepEqual([...colours].sort(), ['false:#3794ff', 'true:#f14c4c'], 'drifted batches in the theme\'s red, the others in its blue');

    const features = await chartOption(page, 'time-chart.feature-chart');
    assert.deepEqual(features.series.map((s) => s.name), prod.features.map((f) => f.column));
    const tempMax = features.series.find((s) => s.name === 'temp_max')!;
    assert.deepEqual(tempMax.data.map((d) => d.value[1]), prod.features.find((f) => f.column === 'temp_max')!.scores);
    // A p-value test's score is 1 - p, so its line is at 1 - threshold.
    const feature = (column: string) => prod.features.find((f) => f.column === column)!;
    const scoreLine = (column: string, threshold: number) => (['ks', 'chisquare', 'z'].includes(feature(column).test) ? 1 - threshold : threshold);
    assert.deepEqual(tempMax.markLine!.data.map((d) => d.yAxis), [scoreLine('temp_max', feature('temp_max').test === 'ks' ? 0.05 : 0.1)], 'its default threshold');
    assert.deepEqual(features.series.find((s) => s.name === 'wind')!.markLine!.data.map((d) => d.yAxis), [scoreLine('wind', 0.3)], 'the threshold monitor.yaml gave it');

    const rows = page.locator('table.batches tbody tr');
    assert.equal(await rows.count(), 12);
    assert.equal(await rows.first().locator('button.batch').textContent(), 'data/incoming/2014-12.csv', 'newest first');
    assert.equal(await page.locator('table.batches tbody tr.drift').count(), prod.batches.filter((b) => b.datasetDrift).length);

    await clearPosted(page);
    await rows.nth(3).locator('button.report').click();
    await rows.nth(3).locator('button.batch').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await waitForPosted(page, 'openReport'))[0], { type: 'openReport', checkId: 9 });
    assert.deepEqual((await waitForPosted(page, 'openBatch'))[0], { type: 'openBatch', path: 'data/incoming/2014-09.csv' });
    // A click on a point of the share chart opens that batch's report.
    await clearPosted(page);
    await page.evaluate(`document.querySelector('time-chart.share-chart').echarts.trigger('click', { name: '4' })`);
    assert.deepEqual((await waitForPosted(page, 'openReport'))[0], { type: 'openReport', checkId: 4 });

    const evaluation = await chartOption(page, 'time-chart.evaluation-chart');
    assert.deepEqual(evaluation.series.map((s) => [s.name, s.data.map((d) => d.value[1])]), [['v1.0.0', [0.91, 0.84]], ['v1.1.0', [0.9]]]);

    for (const message of await posted(page)) assert.deepEqual(parseFromMonitorWebview(message), message);
    assert.deepEqual(await page.evaluate('window.__saved.at(-1)'), state.saved, 'the panel state is saved for the serializer');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('recolours with the theme, and keeps the host\'s text as text', async () => {
    const { page, errors } = await openWebview(browser, 'light', undefined, 'monitor');
    const hostile: MonitorState = {
      ...state,
      model: HOSTILE_NAME,
      problems: [`.modelledger/monitor.yaml:3:5: ${HOSTILE_NAME}`],
      stages: state.stages.map((s) => ({ ...s, batches: s.batches.map((b) => ({ ...b, batchPath: `${HOSTILE_NAME}/${b.batchPath}` })) })),
    };
    await sendMonitorState(page, hostile);
    assert.equal(await page.locator('h1').textContent(), `Monitoring: ${HOSTILE_NAME}`);
    assert.equal(await page.locator('img').count(), 0, 'no element made from a name');
    assert.match((await page.locator('.problems').textContent())!, /monitor\.yaml:3:5/);
    const drifted = async () => (await chartOption(page, 'time-chart.share-chart')).series[0]!.data.find((_, i) => state.stages[0]!.batches[i]!.datasetDrift)!.itemStyle!.color;
    assert.equal(await drifted(), '#e51400', 'the light theme\'s red');
    await page.evaluate(`document.body.className = 'vscode-high-contrast'`);
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.equal(await drifted(), '#f48771', 'the high-contrast theme\'s red');
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('a model monitor.yaml does not watch says so and offers to open the file; no evaluations say so', async () => {
    const { page, errors } = await openWebview(browser, 'dark', undefined, 'monitor');
    await sendMonitorState(page, { ...state, stages: [], evaluations: [], watched: false });
    assert.match((await page.locator('.note').first().textContent())!, /does not watch this model/);
    assert.equal(await page.locator('.evaluations .empty').textContent(), 'No evaluation of this model yet.');
    await clearPosted(page);
    await page.locator('#open-config').click();
    assert.deepEqual((await waitForPosted(page, 'openConfig'))[0], { type: 'openConfig' });
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
