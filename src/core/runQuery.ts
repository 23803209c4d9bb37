/** How the sidebar sorts and filters an experiment's runs: pure types, their short description, and parsing. */
import { formatNumber } from '../common/format';
import { isRunStatus, RUN_STATUSES, type RunStatus } from './types';

export type RunSortField =
  | { kind: 'startTime' }
  | { kind: 'name' }
  /** The metric's last value. */
  | { kind: 'metric'; key: string }
  /** Numeric-aware: values that are numbers sort as numbers, before every other value, which sort as text. */
  | { kind: 'param'; key: string };

export interface RunSortSpec {
  field: RunSortField;
  descending: boolean;
}

export type MetricComparison = '<' | '<=' | '>' | '>=' | '=';
export const METRIC_COMPARISONS: readonly MetricComparison[] = ['<=', '>=', '<', '>', '='];

export interface MetricFilter {
  key: string;
  op: MetricComparison;
  value: number;
}

export interface ParamFilter {
  key: string;
  value: string;
}

export interface RunFilterSpec {
  /** null: any status. */
  statuses: RunStatus[] | null;
  /** The param has exactly this value. */
  param: ParamFilter | null;
  /** On the metric's last value; a run without the metric never matches. */
  metric: MetricFilter | null;
  /** Case-insensitive substring of the run's (display) name, id or note. */
  text: string | null;
  /**
   * Include deleted runs (deleted at the source or by the user): the Experiments view's Show
   * Deleted toggle. It hides nothing, so it is no filter (isFiltered) and clearing the filter keeps it.
   */
  showDeleted: boolean;
  /**
   * Who logged the run: a teammate's `user@host` (runs pulled from the team store), or null for the
   * runs logged in this workspace. Absent: anyone.
   */
  owner?: string | null;
}

export interface RunQuery {
  sort: RunSortSpec;
  filter: RunFilterSpec;
}

export const DEFAULT_RUN_SORT: RunSortSpec = Object.freeze({ field: Object.freeze({ kind: 'startTime' as const }), descending: true });
export const NO_RUN_FILTER: RunFilterSpec = Object.freeze({ statuses: null, param: null, metric: null, text: null, showDeleted: false });
/** Newest first, no filter, deleted runs hidden. */
export const DEFAULT_RUN_QUERY: RunQuery = Object.freeze({ sort: DEFAULT_RUN_SORT, filter: NO_RUN_FILTER });

export function isDefaultSort(q: RunQuery): boolean {
  return q.sort.field.kind === 'startTime' && q.sort.descending;
}

/** Whether the filter hides runs that are not deleted (deleted runs follow showDeleted, which is not a filter). */
export function isFiltered(q: RunQuery): boolean {
  const f = q.filter;
  return f.statuses !== null || f.param !== null || f.metric !== null || f.text !== null || f.owner !== undefined;
}

const COMPARISON_SIGNS: Record<MetricComparison, string> = { '<': '<', '<=': '≤', '>': '>', '>=': '≥', '=': '=' };

/** The words a query description is made of, from the caller: the extension translates them with vscode.l10n. */
export interface RunQueryWords {
  startTime: string;
  name: string;
  /** A status filter that lets no run through. */
  noStatus: string;
  /** Deleted runs are shown too. */
  withDeleted: string;
  /** The owner filter's value for the runs logged in this workspace. */
  localOwner: string;
  status(status: RunStatus): string;
}

/**
 * The active sort and filter in a few words (the Experiments view's title), e.g. "↓ val_loss · failed,
 * running · lr = 0.01 · acc ≥ 0.9 · “resnet”"; empty for the default query.
 */
export function describeRunQuery(q: RunQuery, words: RunQueryWords): string {
  const parts: string[] = [];
  if (!isDefaultSort(q)) parts.push(`${q.sort.descending ? '↓' : '↑'} ${sortFieldLabel(q.sort.field, words)}`);
  const f = q.filter;
  if (f.statuses) parts.push(f.statuses.length === 0 ? words.noStatus : f.statuses.map((s) => words.status(s)).join(', '));
  if (f.param) parts.push(`${f.param.key} = ${f.param.value}`);
  if (f.metric) parts.push(`${f.metric.key} ${COMPARISON_SIGNS[f.metric.op]} ${formatNumber(f.metric.value)}`);
  if (f.text !== null) parts.push(`“${f.text}”`);
  if (f.owner !== undefined) parts.push(f.owner ?? words.localOwner);
  if (f.showDeleted) parts.push(words.withDeleted);
  return parts.join(' · ');
}

function sortFieldLabel(field: RunSortField, words: RunQueryWords): string {
  switch (field.kind) {
    case 'startTime':
      return words.startTime;
    case 'name':
      return words.name;
    case 'metric':
    case 'param':
      return field.key;
  }
}

/** A key (not ending in a comparison sign, so "acc => 1" is refused, not read as key "acc ="), a comparison, a number. */
const METRIC_FILTER = /^(.*?[^<>=≤≥\s])\s*(<=|>=|≤|≥|<|>|==|=)\s*(\S+)$/;
const SIGN_TO_COMPARISON: Record<string, MetricComparison> = { '<': '<', '<=': '<=', '≤': '<=', '>': '>', '>=': '>=', '≥': '>=', '=': '=', '==': '=' };

/** "acc >= 0.9", "loss<0.2", "acc ≥ 0.9" → metric filter; undefined if not parseable (no key, no comparison, or not a finite number). */
export function parseMetricFilter(text: string): MetricFilter | undefined {
  const match = METRIC_FILTER.exec(text.trim());
  if (!match) return undefined;
  const value = parseFiniteNumber(match[3]!);
  return value === undefined ? undefined : { key: match[1]!, op: SIGN_TO_COMPARISON[match[2]!]!, value };
}

/** "lr=0.01" → param filter: the key is what comes before the first '=', both sides trimmed; undefined without a key. */
export function parseParamFilter(text: string): ParamFilter | undefined {
  const at = text.indexOf('=');
  if (at < 0) return undefined;
  const key = text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  return key === '' ? undefined : { key, value };
}

function parseFiniteNumber(text: string): number | undefined {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** For persisting the query (workspaceState): each unknown or malformed part falls back to DEFAULT_RUN_QUERY's. */
export function parseRunQuery(value: unknown): RunQuery {
  const input = asRecord(value);
  return { sort: parseSort(input.sort), filter: parseFilter(asRecord(input.filter)) };
}

function parseSort(value: unknown): RunSortSpec {
  const input = asRecord(value);
  const field = parseSortField(input.field);
  return field && typeof input.descending === 'boolean' ? { field, descending: input.descending } : DEFAULT_RUN_SORT;
}

function parseSortField(value: unknown): RunSortField | undefined {
  const input = asRecord(value);
  if (input.kind === 'startTime' || input.kind === 'name') return { kind: input.kind };
  if ((input.kind === 'metric' || input.kind === 'param') && isKey(input.key)) return { kind: input.kind, key: input.key };
  return undefined;
}

function parseFilter(input: Record<string, unknown>): RunFilterSpec {
  return {
    statuses: parseStatuses(input.statuses),
    param: parseParam(input.param),
    metric: parseMetric(input.metric),
    text: typeof input.text === 'string' && input.text !== '' ? input.text : null,
    showDeleted: input.showDeleted === true,
    ...(input.owner === null || isKey(input.owner) ? { owner: input.owner } : {}),
  };
}

function parseStatuses(value: unknown): RunStatus[] | null {
  if (!Array.isArray(value) || !value.every(isRunStatus)) return null;
  // In the canonical order, once each, so equal filters describe and compare equal.
  return RUN_STATUSES.filter((status) => value.includes(status));
}

function parseParam(value: unknown): ParamFilter | null {
  const input = asRecord(value);
  return isKey(input.key) && typeof input.value === 'string' ? { key: input.key, value: input.value } : null;
}

function parseMetric(value: unknown): MetricFilter | null {
  const input = asRecord(value);
  const op = METRIC_COMPARISONS.find((c) => c === input.op);
  if (!isKey(input.key) || !op || typeof input.value !== 'number' || !Number.isFinite(input.value)) return null;
  return { key: input.key, op, value: input.value };
}

function isKey(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
