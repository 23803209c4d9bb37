import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DRIFT_LIMITS, parseDriftPanelState, parseDriftReport, parseFromDriftWebview, parseToDriftWebview, type DriftReport } from '../../src/protocol/drift';
import { seattleDriftReport } from '../../testkit/driftReports';

/** The report with its first column changed. */
function withColumn(report: DriftReport, patch: Record<string, unknown>): unknown {
  return { ...report, columns: [{ ...report.columns[0], ...patch }, ...report.columns.slice(1)] };
}

describe('protocol: drift report panel messages', () => {
  it('accepts exactly the known messages from the webview', () => {
    assert.deepEqual(parseFromDriftWebview({ type: 'ready' }), { type: 'ready' });
    for (const format of ['json', 'markdown', 'html']) assert.deepEqual(parseFromDriftWebview({ type: 'export', format }), { type: 'export', format });
    for (const bad of [null, 'ready', [], {}, { type: 'ready', extra: 1 }, { type: 'export' }, { type: 'export', format: 'pdf' }, { type: 'export', format: 'toString' },
      { type: 'export', format: 'json', path: '/etc/passwd' }, { type: 'report', report: seattleDriftReport() }]) {
      assert.equal(parseFromDriftWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('a real report reads back whole, as a copy, in a message or a saved state', () => {
    const report = seattleDriftReport({ lags: 2, dropFromCurrent: ['wind_lag1'], referenceEvery: 3 });
    const parsed = parseDriftReport(structuredClone(report));
    assert.deepEqual(parsed, report);
    assert.notEqual(parsed!.columns, report.columns);
    assert.deepEqual(parseToDriftWebview({ type: 'report', report }), { type: 'report', report });
    assert.equal(parseToDriftWebview({ type: 'report', report, extra: 1 }), undefined);
  });

  it('drops a report with a field missing, extra, of the wrong type or out of bounds', () => {
    const report = seattleDriftReport();
    const histogram = report.columns.find((c) => c.distribution.kind === 'histogram')!.distribution as Extract<DriftReport['columns'][number]['distribution'], { kind: 'histogram' }>;
    const bad: [string, unknown][] = [
      ['extra key', { ...report, extra: true }],
      ['missing key', { ...report, findings: undefined }],
      ['other format', { ...report, format: 'evidently' }],
      ['version 2', { ...report, version: 2 }],
      ['share above 1', { ...report, driftShare: 1.5 }],
      ['rows negative', { ...report, rows: { reference: -1, current: 3 } }],
      ['sha not hex', { ...report, reference: { label: 'a.csv', sha256: 'xyz' } }],
      ['empty label', { ...report, current: { label: '', sha256: null } }],
      ['unknown kind', withColumn(report, { kind: 'image' })],
      ['unknown test', withColumn(report, { test: 'anderson' })],
      ['statistic NaN', withColumn(report, { statistic: Number.NaN })],
      ['statistic as text', withColumn(report, { statistic: '0.3' })],
      ['statistic -Infinity', withColumn(report, { statistic: -Infinity })],
      ['p-value above 1', withColumn(report, { pValue: 1.2 })],
      ['empty name', withColumn(report, { name: '' })],
      ['edges descending', withColumn(report, { distribution: { ...histogram, edges: [...histogram.edges].reverse() } })],
      ['one edge short', withColumn(report, { distribution: { ...histogram, edges: histogram.edges.slice(1) } })],
      ['negative count', withColumn(report, { distribution: { ...histogram, reference: histogram.reference.map((c) => -c - 1) } })],
      ['sides of different lengths', withColumn(report, { distribution: { ...histogram, current: histogram.current.slice(1) } })],
      ['categories short', withColumn(report, { distribution: { kind: 'categories', categories: ['a'], reference: [1, 2], current: [1, 2] } })],
      ['unknown finding', { ...report, findings: [{ kind: 'hunch', column: 'a', message: 'b' }] }],
      ['too many columns', { ...report, columns: new Array(DRIFT_LIMITS.columns + 1).fill(report.columns[0]) }],
    ];
    for (const [why, value] of bad) assert.equal(parseDriftReport(value), undefined, why);
  });

  it("keeps an infinite statistic (chi-squared against a category the reference never had), also through JSON's null", () => {
    const report = withColumn(seattleDriftReport(), { statistic: Infinity }) as DriftReport;
    assert.equal(parseDriftReport(report)?.columns[0]!.statistic, Infinity);
    const throughJson = JSON.parse(JSON.stringify(report)) as unknown;
    assert.equal(parseDriftReport(throughJson)?.columns[0]!.statistic, Infinity);
  });

  it('restores a saved state with a report; its ui falls back field by field', () => {
    const report = seattleDriftReport();
    assert.deepEqual(parseDriftPanelState({ report, ui: { onlyDrifted: true, scrollY: 420 } }), { report, ui: { onlyDrifted: true, scrollY: 420 } });
    assert.deepEqual(parseDriftPanelState({ report, ui: { onlyDrifted: 'yes', scrollY: -5 } }), { report, ui: { onlyDrifted: false, scrollY: 0 } });
    assert.deepEqual(parseDriftPanelState({ report }), { report, ui: { onlyDrifted: false, scrollY: 0 } });
    assert.equal(parseDriftPanelState({ ui: { onlyDrifted: true } }), undefined);
    assert.equal(parseDriftPanelState({ report: { ...report, columns: 'all' } }), undefined);
    assert.equal(parseDriftPanelState(null), undefined);
  });
});
