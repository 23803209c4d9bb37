import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseFromDriftWebview, type DriftReport } from '../../src/protocol/drift';
import { seattleDriftReport } from '../../testkit/driftReports';
import { openDriftWebview, postMessage, sendReport } from './driftPage';
import { clearPosted, launch, posted, violations, waitForPosted, waitUntil } from './page';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

function rowNames(page: Page): Promise<string[]> {
  return page.locator('.column-table tbody .column-link').allTextContents();
}

describe('drift report webview: verdict, columns, filter, hostile names, exports', () => {
  let browser: Browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows the verdict, the sides, the findings and the columns by drift score, highest first', async () => {
    const report = seattleDriftReport({ dropFromCurrent: ['wind'] });
    const { page, errors } = await openDriftWebview(browser);
    await sendReport(page, report);
    const drifted = report.columns.filter((c) => c.drift).length;
    assert.ok(drifted > 0 && drifted < report.columns.length, `the seattle split has drifted and steady columns (${drifted} of ${report.columns.length})`);
    assert.equal(await page.locator('.verdict h1').textContent(), report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift');
    assert.match((await page.locator('.verdict .share').textContent()) ?? '', new RegExp(`${drifted} of ${report.columns.length} columns drifted \\(\\d+(\\.\\d)?%\\); dataset drift from 50%`));
    assert.match((await page.locator('.side-reference').textContent()) ?? '', /seattle-weather\.csv 2012–2013 .* · 731 rows/);
    assert.match((await page.locator('.side-current').textContent()) ?? '', /seattle-weather\.csv 2014–2015 .* · 730 rows/);
    assert.equal(await page.locator('.note.estimated').count(), 0, 'every figure is exact: no sample note');

    const names = await rowNames(page);
    assert.deepEqual([...names].sort(), report.columns.map((c) => c.name).sort(), 'every tested column is listed, the dropped one is not');
    const scores = names.map((n) => report.columns.find((c) => c.name === n)!.score);
    assert.ok(scores.every((s, i) => i === 0 || s <= scores[i - 1]!), `highest score first: ${scores.join(', ')}`);
    const weather = page.locator('.column-table tbody tr', { has: page.locator('.column-link', { hasText: /^weather$/ }) });
    assert.deepEqual((await weather.locator('td').allTextContents()).map((t) => t.trim()).slice(1), ['Jensen–Shannon', String(Number(report.columns.find((c) => c.name === 'weather')!.statistic.toPrecision(4))), '—', '0.1', report.columns.find((c) => c.name === 'weather')!.drift ? 'Drift' : 'No drift']);
    assert.equal(await page.locator('.column-table tbody tr.drift').count(), drifted);

    const findings = await page.locator('.finding').allTextContents();
    assert.ok(findings.some((f) => /^Missing in the current data wind: Column wind is in the reference/.test(f)), findings.join('\n'));
    assert.ok(findings.some((f) => /^Date range date: Reference 2012-01-01 … 2013-12-31; current 2014-01-01 … 2015-12-31\./.test(f)), findings.join('\n'));

    // The charts overlay shares, not counts: each side of a histogram sums to 1 over its bins.
    const option: { series: { id: string; data: [number, number][] }[]; xAxis: { min: number; max: number }[] } = await page.evaluate(
      `document.querySelector('.column-card[data-column="temp_max"] distribution-chart').echarts.getOption()`,
    );
    const tempMax = report.columns.find((c) => c.name === 'temp_max')!.distribution as Extract<DriftReport['columns'][number]['distribution'], { kind: 'histogram' }>;
    assert.deepEqual([option.xAxis[0]!.min, option.xAxis[0]!.max], [tempMax.edges[0], tempMax.edges.at(-1)]);
    for (const series of option.series) {
      const total = series.data.slice(0, -1).reduce((s, [, share]) => s + share, 0);
      assert.ok(Math.abs(total - 1) < 1e-9, `${series.id} shares sum to ${total}`);
    }
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('filters to drifted columns by mouse and keyboard, and a column name jumps to its chart', async () => {
    const report = seattleDriftReport({ lags: 9 });
    const drifted = report.columns.filter((c) => c.drift);
    const { page, errors } = await openDriftWebview(browser);
    await sendReport(page, report);
    assert.equal((await rowNames(page)).length, 50);
    await page.locator('#only-drifted').click();
    await waitUntil(page, `document.querySelectorAll('.column-table tbody tr').length === ${drifted.length}`);
    assert.deepEqual([...(await rowNames(page))].sort(), drifted.map((c) => c.name).sort());
    assert.equal(await page.locator('.cards .column-card').count(), drifted.length);
    assert.equal((await page.locator('.shown').textContent())?.trim(), `${drifted.length} of 50 columns shown`);
    const saved: { ui: { onlyDrifted: boolean } }[] = await page.evaluate('window.__saved');
    assert.equal(saved.at(-1)!.ui.onlyDrifted, true, 'the filter is saved for a reload');

    await page.locator('#only-drifted').focus();
    await page.keyboard.press('Space');
    await waitUntil(page, `document.querySelectorAll('.column-table tbody tr').length === 50`);

    // Keyboard: Tab reaches a column's name; Enter brings its card into view with the focus.
    const last = (await rowNames(page)).at(-1)!;
    await page.locator('.column-link').last().focus();
    await page.keyboard.press('Enter');
    await waitUntil(page, `document.activeElement?.dataset?.column === ${JSON.stringify(last)}`);
    await waitUntil(page, `document.activeElement.querySelector('distribution-chart[data-drawn]') !== null`);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('draws charts only as they near the viewport, so fifty columns do not paint fifty charts at once', async () => {
    const { page, errors } = await openDriftWebview(browser);
    await sendReport(page, seattleDriftReport({ lags: 9 }));
    const drawn = () => page.evaluate(`document.querySelectorAll('distribution-chart[data-drawn]').length`) as Promise<number>;
    const first = await drawn();
    assert.ok(first > 0 && first < 50, `${first} charts drawn before any scroll`);
    await page.evaluate('window.scrollTo(0, document.body.scrollHeight)');
    await waitUntil(page, `document.querySelector('.column-card:last-child distribution-chart[data-drawn]') !== null`);
    assert.ok((await drawn()) > first);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('keeps hostile column names, categories and messages as text: in the table, the cards, the findings and the tooltips', async () => {
    const report = seattleDriftReport({ rename: { wind: HOSTILE, date: HOSTILE + ' date' } });
    const weather = report.columns.find((c) => c.name === 'weather')!;
    if (weather.distribution.kind !== 'categories') throw new Error('weather is categorical');
    weather.distribution.categories[0] = '<script>window.__pwned=2</script>';
    const { page, errors } = await openDriftWebview(browser, 'high-contrast');
    await sendReport(page, report);
    assert.ok((await rowNames(page)).includes(HOSTILE));
    assert.equal(await page.locator('.column-card', { has: page.locator('.column-name', { hasText: HOSTILE }) }).count(), 1);
    assert.ok((await page.locator('.finding').allTextContents()).some((f) => f.includes(`${HOSTILE} date`)));
    await page.evaluate(`document.querySelector('.column-card[data-column="weather"]').scrollIntoView()`);
    await waitUntil(page, `document.querySelector('.column-card[data-column="weather"] distribution-chart[data-drawn]') !== null`);
    await page.evaluate(`document.querySelector('.column-card[data-column="weather"] distribution-chart').echarts.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 })`);
    await waitUntil(page, `[...document.querySelectorAll('.chart-tooltip .tip-head')].some((e) => e.textContent === '<script>window.__pwned=2</script>')`);
    assert.equal(await page.evaluate(`document.querySelectorAll('drift-app img, drift-app script').length`), 0, 'no element was made from data');
    assert.equal(await page.evaluate('window.__pwned'), undefined);
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
    await page.context().close();
  });

  it('asks the host to export, by click and keyboard, and draws nothing from a message that is not a report', async () => {
    const report = seattleDriftReport();
    const { page, errors } = await openDriftWebview(browser);
    await postMessage(page, { type: 'report', report: { ...report, columns: [{ ...report.columns[0], statistic: 'NaN' }] } });
    await postMessage(page, { type: 'report', report, extra: true });
    await postMessage(page, { type: 'state', state: {} });
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
    assert.equal(await page.locator('#app').getAttribute('aria-busy'), 'true', 'still waiting: none of those is a report');
    assert.equal(await page.locator('.verdict').count(), 0);

    await sendReport(page, report);
    await clearPosted(page);
    await page.locator('#export-json').click();
    await page.locator('#export-markdown').focus();
    await page.keyboard.press('Enter');
    await page.locator('#export-html').click();
    const exports = await waitForPosted(page, 'export', 3);
    assert.deepEqual(exports.map((m) => m.format), ['json', 'markdown', 'html']);
    for (const message of await posted(page)) assert.deepEqual(parseFromDriftWebview(message), message, 'every message the webview sends passes the host parser');
    assert.deepEqual(errors, []);
    await page.context().close();
  });
});
