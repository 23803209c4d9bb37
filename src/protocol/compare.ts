import { isRecord } from '../common/records';
import { LIMITS } from './limits';
import { hasExactly, isText, keysAre } from './validate';
import { isDirection, type Direction } from '../common/direction';
import { X_AXES, type XAxis } from '../common/xAxes';
import type { ChangedFile } from '../core/changedFiles';
import type { Comparison, MetricChart, XRange } from '../core/compare/chart';
import type { RunSort } from '../core/compare/sortRuns';
import type { TableFormat } from '../core/compare/tableExport';
import type { CompareMedia } from './media';

export { LIMITS } from './limits';
export { X_AXES, type XAxis } from '../common/xAxes';
export type { ChangedFile, ChangedFileStatus } from '../core/changedFiles';
export type { CompareRun, MetricChart, SeriesColumns, XRange } from '../core/compare/chart';
export type { CompareMedia, MediaImage, MediaPlot, MediaView } from './media';

/**
 * Messages between the extension and the compare runs webview. The webview sends `ready` first
 * (with its chart width); the host answers with a full `state` snapshot and sends a new one on
 * every change, never a delta. A zoom carries an id and is answered by a `series` with that id.
 */

/** A comparison as the panel shows it: the store's part, the code section (git) and the state a reload restores. */
export interface CompareState extends Comparison {
  /** The files that differ between two runs' commits; null with fewer than two runs. */
  code: CodeSection | null;
  /** What the webview saves with setState (every state carries it), so a reload reopens this comparison. */
  saved: ComparePanelState;
  /** The runs' plots and images for the Media section (images as URIs, never bytes). */
  media: CompareMedia;
}

/**
 * The code of two runs: the older commit against the newer. The host fills it after the git
 * work finishes (`loading` until then); `problems` say in words why there is no diff (a run
 * without a commit, a commit not in this repository, no git).
 */
export interface CodeSection {
  /** The baseline, and the run compared with it (the second column unless the user chose another). */
  baseRunId: string;
  otherRunId: string;
  /** The commits in diff order (older first) with the run each belongs to; null where unknown. */
  from: { runId: string; commit: string | null };
  to: { runId: string; commit: string | null };
  status: 'loading' | 'ready' | 'unavailable';
  files: ChangedFile[];
  problems: string[];
  /** Runs whose working tree had uncommitted changes when they ran: their code is not exactly their commit. */
  dirtyRunIds: string[];
}

export type ToCompareWebview = { type: 'state'; state: CompareState } | { type: 'series'; id: number; chart: MetricChart };

export type FromCompareWebview =
  | { type: 'ready'; width: number }
  | { type: 'resize'; width: number }
  | { type: 'chooseMetrics'; metrics: string[] }
  | { type: 'setXAxis'; axis: XAxis }
  | { type: 'zoom'; id: number; metric: string; xFrom: number; xTo: number; width: number }
  | { type: 'resetZoom' }
  | { type: 'setBaseline'; runId: string }
  /** A value, not a toggle: a message repeated or crossing a snapshot cannot flip it the wrong way. */
  | { type: 'setOnlyDifferences'; on: boolean }
  /** null: back to the direction guessed from the name. */
  | { type: 'setDirection'; metric: string; direction: Direction | null }
  | { type: 'sortRuns'; sort: RunSort | null }
  | { type: 'exportTable'; format: TableFormat; target: 'clipboard' | 'file' }
  /** Which run the code section compares with the baseline. */
  | { type: 'setCodeRun'; runId: string }
  /** Opens VS Code's diff editor on one of the code section's files (the host checks it is one). */
  | { type: 'openDiff'; path: string };

/** The webview is input like any other: anything that is not exactly a known message is dropped. */
export function parseFromCompareWebview(message: unknown): FromCompareWebview | undefined {
  if (!isRecord(message)) return undefined;
  const m = message;
  switch (m.type) {
    case 'ready':
    case 'resize':
      return keysAre(m, 'width') && isWidth(m.width) ? { type: m.type, width: m.width } : undefined;
    case 'chooseMetrics':
      return keysAre(m, 'metrics') && isTextList(m.metrics, LIMITS.chosenMetrics) ? { type: 'chooseMetrics', metrics: [...m.metrics] } : undefined;
    case 'setXAxis':
      return keysAre(m, 'axis') && isXAxis(m.axis) ? { type: 'setXAxis', axis: m.axis } : undefined;
    case 'zoom':
      return keysAre(m, 'id', 'metric', 'xFrom', 'xTo', 'width') && isId(m.id) && isText(m.metric) && isRange(m) && isWidth(m.width)
        ? { type: 'zoom', id: m.id, metric: m.metric, xFrom: m.xFrom, xTo: m.xTo, width: m.width }
        : undefined;
    case 'resetZoom':
      return keysAre(m) ? { type: 'resetZoom' } : undefined;
    case 'setBaseline':
      return keysAre(m, 'runId') && isText(m.runId) ? { type: 'setBaseline', runId: m.runId } : undefined;
    case 'setOnlyDifferences':
      return keysAre(m, 'on') && typeof m.on === 'boolean' ? { type: 'setOnlyDifferences', on: m.on } : undefined;
    case 'setDirection':
      return keysAre(m, 'metric', 'direction') && isText(m.metric) && (m.direction === null || isDirection(m.direction))
        ? { type: 'setDirection', metric: m.metric, direction: m.direction }
        : undefined;
    case 'sortRuns': {
      const sort = m.sort === null ? null : parseSort(m.sort);
      return keysAre(m, 'sort') && sort !== undefined ? { type: 'sortRuns', sort } : undefined;
    }
    case 'exportTable':
      return keysAre(m, 'format', 'target') && (m.format === 'csv' || m.format === 'markdown') && (m.target === 'clipboard' || m.target === 'file')
        ? { type: 'exportTable', format: m.format, target: m.target }
        : undefined;
    case 'setCodeRun':
      return keysAre(m, 'runId') && isText(m.runId) ? { type: 'setCodeRun', runId: m.runId } : undefined;
    case 'openDiff':
      return keysAre(m, 'path') && isText(m.path) ? { type: 'openDiff', path: m.path } : undefined;
    default:
      return undefined;
  }
}

/** What the webview keeps across reloads (getState/setState), so the serializer can reopen the same comparison. */
export interface ComparePanelState {
  folder: string;
  runIds: string[];
  baselineRunId: string | null;
  chosenMetrics: string[] | null;
  directions: Record<string, Direction>;
  onlyDifferences: boolean;
  sort: RunSort | null;
  xAxis: XAxis;
  zoom: XRange | null;
  /** The run the code section compares with the baseline; null: the second column. */
  codeRunId: string | null;
}

/**
 * The saved state, or undefined when it does not say which runs of which folder to compare. A
 * setting that does not read back (a state from another version) falls back to its default
 * rather than losing the comparison.
 */
export function parseComparePanelState(state: unknown): ComparePanelState | undefined {
  if (!isRecord(state) || typeof state.folder !== 'string' || !isTextList(state.runIds, LIMITS.runs) || state.runIds.length === 0) return undefined;
  const directions = isRecord(state.directions) ? Object.entries(state.directions).filter((e): e is [string, Direction] => isText(e[0]) && isDirection(e[1])) : [];
  return {
    folder: state.folder,
    runIds: [...state.runIds],
    baselineRunId: isText(state.baselineRunId) ? state.baselineRunId : null,
    chosenMetrics: isTextList(state.chosenMetrics, LIMITS.chosenMetrics) ? [...state.chosenMetrics] : null,
    directions: Object.fromEntries(directions),
    onlyDifferences: typeof state.onlyDifferences === 'boolean' ? state.onlyDifferences : true,
    sort: parseSort(state.sort) ?? null,
    xAxis: isXAxis(state.xAxis) ? state.xAxis : 'step',
    zoom: isRecord(state.zoom) && hasExactly(state.zoom, 'xFrom', 'xTo') && isRange(state.zoom) ? { xFrom: state.zoom.xFrom, xTo: state.zoom.xTo } : null,
    codeRunId: isText(state.codeRunId) ? state.codeRunId : null,
  };
}

function parseSort(value: unknown): RunSort | undefined {
  return isRecord(value) && hasExactly(value, 'rowId', 'descending') && isText(value.rowId) && typeof value.descending === 'boolean'
    ? { rowId: value.rowId, descending: value.descending }
    : undefined;
}

function isTextList(value: unknown, max: number): value is string[] {
  return Array.isArray(value) && value.length <= max && value.every((item) => isText(item)) && new Set(value).size === value.length;
}

function isWidth(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= LIMITS.width;
}

function isId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isXAxis(value: unknown): value is XAxis {
  return (X_AXES as readonly unknown[]).includes(value);
}

function isRange(record: Record<string, unknown>): record is Record<string, unknown> & XRange {
  const { xFrom, xTo } = record;
  return typeof xFrom === 'number' && typeof xTo === 'number' && Number.isFinite(xFrom) && Number.isFinite(xTo) && xFrom <= xTo;
}
