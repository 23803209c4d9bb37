import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseFromCompareWebview } from '../../src/protocol/compare';
import { clearPosted, launch, openWebview, posted, sendState, violations, waitForPosted, waitUntil } from './page';
import { compareState, HOSTILE_NAME } from './states';

/** Every message the webview posted is one the host accepts as it is (no extra or missing keys). */
async function assertProtocolValid(page: Page): Promise<void> {
  for (const message of await posted(page)) assert.deepEqual(parseFromCompareWebview(message), message, JSON.stringify(message));
}

describe('compare webview: table', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  before(async () => {
    browser = await launch();
    ({ page, errors } = await openWebview(browser));
  });
  after(async () => {
    await browser?.close();
  });

  it('posts ready with the chart width first', async () => {
    const all = await posted(page);
    assert.equal(all[0]!.type, 'ready');
    assert.ok(Number.isInteger(all[0]!.width) && (all[0]!.width as number) > 500, JSON.stringify(all[0]));
    await assertProtocolValid(page);
  });

  it('shows runs as columns, the baseline first, and a hostile name as text', async () => {
    await sendState(page, compareState());
    const heads = await page.locator('.compare-table thead .run-head .run-name').allTextContents();
    assert.deepEqual(heads.map((h) => h.trim()), ['baseline', HOSTILE_NAME, 'run-2', 'run-3']);
    assert.equal(await page.locator('compare-app img').count(), 0);
    assert.ok((await page.locator('.compare-table thead .baseline').count()) === 1);
    // The hostile text is shown in the param row too, and in the code section's file list, always as text.
    assert.ok((await page.locator('td', { hasText: HOSTILE_NAME }).count()) >= 1);
    assert.ok((await page.locator('.changed-files', { hasText: HOSTILE_NAME }).count()) === 1);
  });

  it('marks the best value with a star and words, and shows deltas from the baseline', async () => {
    const row = page.locator('tr', { has: page.locator('th.row-head', { hasText: 'val/loss · min' }) });
    const best = row.locator('.best');
    assert.ok((await best.count()) >= 1);
    assert.equal(await best.first().getAttribute('aria-label'), 'best');
    assert.equal(await best.first().textContent(), '★');
    const lr = page.locator('tr', { has: page.locator('th.row-head', { hasText: /^lr/ }) });
    assert.equal(await lr.locator('.delta').count(), 0, 'text params have no delta');
    const deltas = await row.locator('.delta').allTextContents();
    assert.ok(deltas.length >= 2 && deltas.every((d) => /^[+−]/.test(d)), deltas.join());
  });

  it('hides identical rows and says how many, and the toggle posts the value it sets', async () => {
    const state = compareState();
    assert.ok(state.table.hiddenRows > 0);
    assert.match((await page.locator('.hidden-rows').textContent()) ?? '', new RegExp(`^${state.table.hiddenRows} identical rows? hidden$`));
    await clearPosted(page);
    await page.locator('#only-differences').click();
    const [message] = await waitForPosted(page, 'setOnlyDifferences');
    assert.deepEqual(message, { type: 'setOnlyDifferences', on: false });
  });

  it('sorts by a row header, sets a baseline, picks a direction and exports, with protocol-valid messages', async () => {
    await clearPosted(page);
    const sortButton = page.locator('th.row-head', { hasText: 'val/loss · last' }).locator('button.sort');
    await sortButton.click();
    assert.deepEqual((await waitForPosted(page, 'sortRuns'))[0], { type: 'sortRuns', sort: { rowId: 'metric:last:val/loss', descending: false } });
    const sorted = compareState();
    sorted.sort = { rowId: 'metric:last:val/loss', descending: false };
    await sendState(page, sorted);
    await page.locator('th.row-head', { hasText: 'val/loss · last' }).locator('button.sort').click();
    assert.deepEqual((await waitForPosted(page, 'sortRuns', 2))[1], { type: 'sortRuns', sort: { rowId: 'metric:last:val/loss', descending: true } });

    await page.locator('.run-head vscode-button').nth(1).click();
    assert.deepEqual((await waitForPosted(page, 'setBaseline'))[0], { type: 'setBaseline', runId: 'r2' });

    await page.locator('th.row-head', { hasText: 'accuracy · last' }).locator('select.direction').selectOption('lower');
    await page.locator('th.row-head', { hasText: 'accuracy · last' }).locator('select.direction').selectOption('');
    const directions = await waitForPosted(page, 'setDirection', 2);
    assert.deepEqual(directions, [
      { type: 'setDirection', metric: 'accuracy', direction: 'lower' },
      { type: 'setDirection', metric: 'accuracy', direction: null },
    ]);

    for (const which of ['csv-clipboard', 'markdown-clipboard', 'csv-file', 'markdown-file']) await page.locator(`[data-export="${which}"]`).click();
    assert.deepEqual(await waitForPosted(page, 'exportTable', 4), [
      { type: 'exportTable', format: 'csv', target: 'clipboard' },
      { type: 'exportTable', format: 'markdown', target: 'clipboard' },
      { type: 'exportTable', format: 'csv', target: 'file' },
      { type: 'exportTable', format: 'markdown', target: 'file' },
    ]);
    await assertProtocolValid(page);
  });

  it('folds a section of rows', async () => {
    const before = await page.locator('th.row-head').count();
    await page.locator('.section-line button', { hasText: 'Metrics' }).click();
    assert.equal(await page.locator('.section-line button', { hasText: 'Metrics' }).getAttribute('aria-expanded'), 'false');
    assert.ok((await page.locator('th.row-head').count()) < before);
    await page.locator('.section-line button', { hasText: 'Metrics' }).click();
  });

  it('keeps only the rows and columns in view in the DOM for 100 runs by 1000 rows, and scrolling shows later ones', async () => {
    const big = compareState({ runs: 100, extraParams: 1000, chosenMetrics: [], points: 50 });
    assert.ok(big.table.rows.length >= 1000);
    await sendState(page, big);
    const cells = await page.locator('.compare-table td:not(.spacer)').count();
    assert.ok(cells > 0 && cells < 3000, `${cells} cells in the DOM`);
    assert.equal(await page.locator('th.row-head', { hasText: 'p900' }).count(), 0);
    assert.equal(await page.locator('.run-head', { hasText: 'run-90' }).count(), 0);
    await page.evaluate('{ const el = document.querySelector(".table-scroll"); el.scrollTop = el.scrollHeight * 0.9; el.scrollLeft = el.scrollWidth * 0.9; }');
    await waitUntil(page, '[...document.querySelectorAll(".run-head .run-name")].some((h) => h.textContent.trim() === "run-90")');
    assert.ok((await page.locator('th.row-head', { hasText: /\bp9\d\d\b/ }).count()) > 0);
    const after = await page.locator('.compare-table td:not(.spacer)').count();
    assert.ok(after < 3000, `${after} cells after scrolling`);
    // The baseline stays pinned first whatever the scroll.
    assert.equal((await page.locator('.run-head').first().locator('.run-name').textContent())?.trim(), 'baseline');
  });

  it('breaks no CSP rule and logs no error', async () => {
    assert.deepEqual(await violations(page), []);
    assert.deepEqual(errors, []);
  });
});
