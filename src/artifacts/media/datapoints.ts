import type { PlotData } from '../../core/artifacts/types';
import { PlotFormatError } from './plotFormatError';
import { isRecord } from '../../common/records';

/** One row of a plot file: a JSON object, or a CSV/TSV line keyed by its header. */
export type Datapoint = Record<string, unknown>;

export type SeriesKind = 'roc' | 'precision_recall' | 'calibration' | 'xy';

/** The PlotData of lines. */
export type SeriesPlot = Extract<PlotData, { series: unknown }>;

/** The rows of a DVC plot file's JSON: a list of objects, or an object holding one (`{"roc": [...]}`). */
export function datapointsOf(json: unknown): Datapoint[] {
  const rows = Array.isArray(json) ? json : onlyListIn(json);
  rows.forEach((row, i) => {
    if (!isRecord(row)) throw new PlotFormatError(`row ${i + 1} is not an object`);
  });
  return rows as Datapoint[];
}

function onlyListIn(json: unknown): unknown[] {
  if (json !== null && typeof json === 'object') {
    const lists = Object.values(json).filter(Array.isArray);
    if (lists.length === 1) return lists[0]!;
  }
  throw new PlotFormatError('is neither a list of data points nor an object holding one list of them');
}

/**
 * A confusion matrix from rows of (actual, predicted) class names, DVCLive's layout. Classes are
 * ordered numerically when all are numbers, else alphabetically, so two runs line up.
 */
export function confusionFrom(rows: readonly Datapoint[], actualField: string, predictedField: string): PlotData {
  const pairs = rows.map((row, i): [string, string] => [className(row, actualField, i), className(row, predictedField, i)]);
  const labels = sortedClasses(new Set(pairs.flat()));
  const index = new Map(labels.map((label, i) => [label, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const [actual, predicted] of pairs) counts[index.get(actual)!]![index.get(predicted)!]! += 1;
  return { kind: 'confusion', labels, counts };
}

function className(row: Datapoint, field: string, i: number): string {
  const value = row[field];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new PlotFormatError(`row ${i + 1} has no "${field}" class (${value === undefined ? 'missing' : JSON.stringify(value)})`);
}

function sortedClasses(classes: Set<string>): string[] {
  const all = [...classes];
  const numeric = all.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return numeric ? all.sort((a, b) => Number(a) - Number(b)) : all.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Lines of `x` against each of `ys` (numbers, or numeric text as CSV gives). */
export function seriesFrom(
  rows: readonly Datapoint[],
  kind: SeriesKind,
  axes: { x: string; ys: readonly string[]; xLabel: string; yLabel: string },
): SeriesPlot {
  if (rows.length === 0) throw new PlotFormatError('has no data points');
  const x = rows.map((row, i) => numberAt(row, axes.x, i));
  const series = axes.ys.map((field) => ({ name: field, x, y: rows.map((row, i) => numberAt(row, field, i)) }));
  return { kind, xLabel: axes.xLabel, yLabel: axes.yLabel, series };
}

function numberAt(row: Datapoint, field: string, i: number): number {
  const value = row[field];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (Number.isNaN(n) && !(typeof value === 'string' && value.trim() === 'NaN')) {
    throw new PlotFormatError(`row ${i + 1} has no number in "${field}" (${value === undefined ? 'missing' : JSON.stringify(value)})`);
  }
  return n;
}

/** The kind DVCLive's sklearn plots (and most hand-written ones) imply by their axes. */
export function kindOfAxes(x: string, ys: readonly string[]): SeriesKind {
  const y = ys.length === 1 ? ys[0] : undefined;
  if (x === 'fpr' && y === 'tpr') return 'roc';
  if (x === 'recall' && y === 'precision') return 'precision_recall';
  if (x === 'prob_pred' && y === 'prob_true') return 'calibration';
  return 'xy';
}
