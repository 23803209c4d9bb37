import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { driftReportHtml, type DriftReportText } from '../../src/core/drift/reportExport';
import { seattleDriftReport } from '../../testkit/driftReports';
import { launch } from './page';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

const TEXT: DriftReportText = {
  title: 'Drift report', datasetDrift: 'Dataset drift detected', noDatasetDrift: 'No dataset drift',
  driftedColumns: (drifted, total, share, threshold) => `${drifted} of ${total} columns drifted (${share}); dataset drift from ${threshold}`,
  reference: 'Reference', current: 'Current', rows: (count) => `${count} rows`, checkedAt: 'Checked', estimated: 'Estimated.', findings: 'Findings',
  columns: 'Columns by drift score', distributions: 'Distributions', column: 'Column', kind: 'Kind', test: 'Test', statistic: 'Statistic', pValue: 'p-value',
  threshold: 'Threshold', verdict: 'Verdict', drift: 'Drift', noDrift: 'No drift',
  kinds: { numerical: 'numerical', categorical: 'categorical', boolean: 'boolean', datetime: 'datetime', text: 'text' }, noColumns: 'No column was tested.',
};

describe('drift report HTML export, as a browser reads it', () => {
  let browser: Browser;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('reads without scripts, with hostile names as text, and loads nothing', async () => {
    const report = seattleDriftReport({ rename: { wind: HOSTILE, date: HOSTILE } });
    const weather = report.columns.find((c) => c.name === 'weather')!;
    if (weather.distribution.kind === 'categories') weather.distribution.categories[0] = '</title><script>window.__pwned=2</script>';
    for (const javaScriptEnabled of [false, true]) {
      const context = await browser.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.setContent(driftReportHtml(report, TEXT));
      assert.equal(await page.locator('h1').textContent(), 'Drift report');
      assert.equal(await page.locator('table tbody tr').count(), report.columns.length);
      assert.equal(await page.locator('table tbody th', { hasText: HOSTILE }).count(), 1, 'the hostile name is a row header, as text');
      assert.equal(await page.locator('li', { hasText: HOSTILE }).count(), 1, 'and the finding about it');
      assert.equal(await page.locator('img, script').count(), 0, 'no element made from data');
      assert.equal(await page.locator('svg').count(), report.columns.length);
      const titles = await page.locator('svg title').allTextContents();
      assert.ok(titles.some((t) => t.startsWith('</title><script>window.__pwned=2</script>: ')), 'a category stays text inside the chart');
      if (javaScriptEnabled) assert.equal(await page.evaluate('window.__pwned'), undefined);
      assert.deepEqual(requests, [], 'nothing is fetched');
      await context.close();
    }
  });
});
