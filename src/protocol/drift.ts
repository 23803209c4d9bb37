import { isRecord } from '../common/records';
import { hasExactly, isText, keysAre, listOf } from './validate';
import type { ColumnKind } from '../core/profile/types';
import type { ColumnDrift, Distribution, DriftFinding, DriftReport, FindingKind, StatTestName } from '../core/drift/types';

export type { ColumnDrift, Distribution, DriftFinding, DriftReport, FindingKind, StatTestName } from '../core/drift/types';
export type { ColumnKind } from '../core/profile/types';

/**
 * Messages between the extension and the drift report webview. The webview sends `ready` first;
 * the host answers with the whole report (never a delta), and again whenever the panel is given a
 * newer check of the same data. Both sides parse what they receive: the host every message, the
 * webview every report, and the serializer the state a reload brings back (the webview wrote it).
 */

export type ToDriftWebview = { type: 'report'; report: DriftReport };

export type ExportFormat = 'json' | 'markdown' | 'html';

export type FromDriftWebview = { type: 'ready' } | { type: 'export'; format: ExportFormat };

/** Bounds of a report a webview may be given or restore: anything bigger is not one of ours. */
export const DRIFT_LIMITS = {
  columns: 10_000,
  findings: 100_000,
  /** Bins of a histogram, categories of a category chart. */
  bars: 10_001,
  /** A side's label: a path, a profile hash, `churn@v3.1.0`. */
  label: 4_096,
  /** A column name or a category. */
  name: 1_000,
  message: 10_000,
} as const;

/** What the webview keeps across reloads: the report (so the serializer can redraw it) and its own choices. */
export interface DriftPanelState {
  report: DriftReport;
  ui: DriftUiState;
}

export interface DriftUiState {
  /** Only the columns that drifted are listed. */
  onlyDrifted: boolean;
  /** The page's vertical scroll, in pixels. */
  scrollY: number;
}

export const DEFAULT_DRIFT_UI: DriftUiState = { onlyDrifted: false, scrollY: 0 };

const EXPORT_FORMATS: Record<ExportFormat, true> = { json: true, markdown: true, html: true };
const COLUMN_KINDS: Record<ColumnKind, true> = { numerical: true, categorical: true, boolean: true, datetime: true, text: true };
const TESTS: Record<StatTestName, true> = { ks: true, chisquare: true, z: true, wasserstein: true, jensenshannon: true, psi: true };
const FINDING_KINDS: Record<FindingKind, true> = {
  'missing-in-current': true, 'missing-in-reference': true, 'type-change': true, 'new-categories': true, 'datetime-range': true, 'empty-column': true, 'not-tested': true,
};

/** The webview is input like any other: anything that is not exactly a known message is dropped. */
export function parseFromDriftWebview(message: unknown): FromDriftWebview | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return keysAre(message) ? { type: 'ready' } : undefined;
    case 'export':
      return keysAre(message, 'format') && isOneOf(message.format, EXPORT_FORMATS) ? { type: 'export', format: message.format } : undefined;
    default:
      return undefined;
  }
}

/** What the host posts, as the webview checks it before drawing. */
export function parseToDriftWebview(message: unknown): ToDriftWebview | undefined {
  if (!isRecord(message) || message.type !== 'report' || !keysAre(message, 'report')) return undefined;
  const report = parseDriftReport(message.report);
  return report && { type: 'report', report };
}

/** A saved state with a report that reads back; its ui falls back to defaults field by field. */
export function parseDriftPanelState(state: unknown): DriftPanelState | undefined {
  if (!isRecord(state)) return undefined;
  const report = parseDriftReport(state.report);
  return report && { report, ui: parseDriftUiState(state.ui) };
}

export function parseDriftUiState(value: unknown): DriftUiState {
  const ui = isRecord(value) ? value : {};
  return {
    onlyDrifted: typeof ui.onlyDrifted === 'boolean' ? ui.onlyDrifted : DEFAULT_DRIFT_UI.onlyDrifted,
    scrollY: typeof ui.scrollY === 'number' && Number.isFinite(ui.scrollY) && ui.scrollY >= 0 ? ui.scrollY : DEFAULT_DRIFT_UI.scrollY,
  };
}

/**
 * A drift report with exactly the fields of `DriftReport`, each of its type and within bounds
 * (finite numbers, p-values and shares in [0, 1], histogram edges ascending with one more edge
 * than bars), or undefined. A copy: nothing of the input is kept.
 */
export function parseDriftReport(value: unknown): DriftReport | undefined {
  const r = value;
  if (!isRecord(r) || !hasExactly(r, 'format', 'version', 'reference', 'current', 'rows', 'columns', 'driftShare', 'shareThreshold', 'datasetDrift', 'findings', 'checkedAt')) return undefined;
  if (r.format !== 'model-ledger-drift' || r.version !== 1) return undefined;
  const reference = parseSide(r.reference);
  const current = parseSide(r.current);
  const rows = isRecord(r.rows) && hasExactly(r.rows, 'reference', 'current') && isCount(r.rows.reference) && isCount(r.rows.current) ? { reference: r.rows.reference, current: r.rows.current } : undefined;
  const columns = listOf(r.columns, DRIFT_LIMITS.columns, parseColumn);
  const findings = listOf(r.findings, DRIFT_LIMITS.findings, parseFinding);
  if (!reference || !current || !rows || !columns || !findings) return undefined;
  if (!isShare(r.driftShare) || !isShare(r.shareThreshold) || typeof r.datasetDrift !== 'boolean' || !isCount(r.checkedAt)) return undefined;
  return { format: 'model-ledger-drift', version: 1, reference, current, rows, columns, driftShare: r.driftShare, shareThreshold: r.shareThreshold, datasetDrift: r.datasetDrift, findings, checkedAt: r.checkedAt };
}

function parseSide(value: unknown): DriftReport['reference'] | undefined {
  return isRecord(value) && hasExactly(value, 'label', 'sha256') && isText(value.label, DRIFT_LIMITS.label) && (value.sha256 === null || isSha256(value.sha256))
    ? { label: value.label, sha256: value.sha256 }
    : undefined;
}

function parseColumn(value: unknown): ColumnDrift | undefined {
  const c = value;
  if (!isRecord(c) || !hasExactly(c, 'name', 'kind', 'test', 'statistic', 'pValue', 'threshold', 'drift', 'score', 'estimated', 'distribution')) return undefined;
  if (!isText(c.name, DRIFT_LIMITS.name) || !isOneOf(c.kind, COLUMN_KINDS) || !isOneOf(c.test, TESTS)) return undefined;
  const statistic = statisticOf(c.statistic);
  if (statistic === undefined || !(c.pValue === null || isShare(c.pValue)) || !isFinite(c.threshold) || !isFinite(c.score)) return undefined;
  if (typeof c.drift !== 'boolean' || typeof c.estimated !== 'boolean') return undefined;
  const distribution = parseDistribution(c.distribution);
  return distribution && { name: c.name, kind: c.kind, test: c.test, statistic, pValue: c.pValue, threshold: c.threshold, drift: c.drift, score: c.score, estimated: c.estimated, distribution };
}

/**
 * A statistic may be infinite (SciPy's chi-squared when the current data has a category the
 * reference never had). JSON, which keeps the panel's state and the stored checks, writes
 * Infinity as null: read back as Infinity.
 */
function statisticOf(value: unknown): number | undefined {
  if (value === null || value === Infinity) return Infinity;
  return isFinite(value) ? value : undefined;
}

function parseDistribution(value: unknown): Distribution | undefined {
  if (!isRecord(value)) return undefined;
  const reference = listOf(value.reference, DRIFT_LIMITS.bars, weight);
  const current = listOf(value.current, DRIFT_LIMITS.bars, weight);
  if (!reference || !current || reference.length !== current.length) return undefined;
  if (value.kind === 'histogram' && hasExactly(value, 'kind', 'edges', 'reference', 'current')) {
    const edges = listOf(value.edges, DRIFT_LIMITS.bars + 1, (v) => (isFinite(v) ? v : undefined));
    const ascending = edges?.every((edge, i) => i === 0 || edge >= edges[i - 1]!);
    return edges && ascending && (reference.length === 0 ? edges.length === 0 : edges.length === reference.length + 1) ? { kind: 'histogram', edges, reference, current } : undefined;
  }
  if (value.kind === 'categories' && hasExactly(value, 'kind', 'categories', 'reference', 'current')) {
    const categories = listOf(value.categories, DRIFT_LIMITS.bars, (v) => (typeof v === 'string' && v.length <= DRIFT_LIMITS.name ? v : undefined));
    return categories && categories.length === reference.length ? { kind: 'categories', categories, reference, current } : undefined;
  }
  return undefined;
}

function parseFinding(value: unknown): DriftFinding | undefined {
  return isRecord(value) && hasExactly(value, 'kind', 'column', 'message') && isOneOf(value.kind, FINDING_KINDS) && isText(value.column, DRIFT_LIMITS.name) && isText(value.message, DRIFT_LIMITS.message)
    ? { kind: value.kind, column: value.column, message: value.message }
    : undefined;
}

/** A bar's count (or weight): finite, not negative. */
function weight(value: unknown): number | undefined {
  return isFinite(value) && value >= 0 ? value : undefined;
}

function isOneOf<T extends string>(value: unknown, known: Record<T, true>): value is T {
  return typeof value === 'string' && Object.hasOwn(known, value);
}

function isFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isShare(value: unknown): value is number {
  return isFinite(value) && value >= 0 && value <= 1;
}

function isSha256(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}
