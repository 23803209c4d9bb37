import type { DriftReport } from './types';

/**
 * The report as `model-ledger drift --json` prints it: the fields of its documented format
 * (docs/monitoring.md) with findings and labels, without the chart data. JSON has no Infinity
 * or NaN, so non-finite figures are spelled as strings ("Infinity"), as exports spell them.
 */
export function driftReportJson(report: DriftReport): unknown {
  return {
    format: report.format,
    version: report.version,
    reference: report.reference,
    current: report.current,
    rows: report.rows,
    columns: report.columns.map((c) => ({
      name: c.name,
      kind: c.kind,
      test: c.test,
      statistic: finite(c.statistic),
      pValue: c.pValue === null ? null : finite(c.pValue),
      threshold: c.threshold,
      drift: c.drift,
      estimated: c.estimated,
    })),
    driftShare: report.driftShare,
    shareThreshold: report.shareThreshold,
    datasetDrift: report.datasetDrift,
    findings: report.findings,
    checkedAt: new Date(report.checkedAt).toISOString(),
  };
}

function finite(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}
