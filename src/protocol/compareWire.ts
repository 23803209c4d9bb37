import { isRecord } from '../common/records';
import { listOf } from './validate';
import type { MetricChart, SeriesColumns } from '../core/compare/chart';
import type { CompareState, ToCompareWebview } from './compare';

/**
 * The compare panel's messages as they travel: charts packed without loss, so that a comparison
 * of a hundred runs of a million points each stays well under 5 MB. The host packs at the one
 * place it posts (extension/panels/comparePanel.ts), the webview unpacks at the one place it
 * receives (webview/compare/compareApp.ts); everything else on both sides sees plain charts.
 */
export type CompareWireMessage = { type: 'state'; state: PackedCompareState } | { type: 'series'; id: number; chart: PackedChart };

export interface PackedCompareState extends Omit<CompareState, 'charts'> {
  charts: PackedChart[];
}

export interface PackedChart extends Omit<MetricChart, 'series'> {
  series: PackedSeries[];
}

export interface PackedSeries extends Omit<SeriesColumns, 'firstX' | 'lastX' | 'count'> {
  /** The bucket bounds, or the index of an earlier series of the chart with the very same ones: the runs of a sweep share their buckets. */
  x: { firstX: number[]; lastX: number[] } | { sameAs: number };
  /** Points per bucket, or as runs of one value, `[value, times, value, times, …]`: every bucket holds as many as the next but at the ends and by a NaN. */
  count: number[] | { runs: number[] };
}

export function packCompareMessage(message: ToCompareWebview): CompareWireMessage {
  return message.type === 'state' ? { ...message, state: { ...message.state, charts: message.state.charts.map(packChart) } } : { ...message, chart: packChart(message.chart) };
}

/** The host's message as it was before packing, or undefined when it is not one: the page keeps what it shows rather than crash on it. */
export function unpackCompareMessage(data: unknown): ToCompareWebview | undefined {
  if (!isRecord(data)) return undefined;
  if (data.type === 'state') {
    const { state } = data;
    if (!isRecord(state)) return undefined;
    // No bound on the count: the host is trusted, and every chart's lengths are checked.
    const charts = listOf(state.charts, Number.POSITIVE_INFINITY, unpackChart);
    return charts && { type: 'state', state: { ...(state as unknown as PackedCompareState), charts } };
  }
  if (data.type === 'series' && Number.isSafeInteger(data.id)) {
    const chart = unpackChart(data.chart);
    return chart && { type: 'series', id: data.id as number, chart };
  }
  return undefined;
}

export function packChart(chart: MetricChart): PackedChart {
  // The series that carry their own bounds; a later series with the same ones refers to the first of them.
  const owners: number[] = [];
  const series = chart.series.map(({ firstX, lastX, count, ...rest }, i): PackedSeries => {
    const sameAs = owners.find((j) => sameValues(chart.series[j]!.firstX, firstX) && sameValues(chart.series[j]!.lastX, lastX));
    if (sameAs === undefined) owners.push(i);
    return { ...rest, x: sameAs === undefined ? { firstX, lastX } : { sameAs }, count: packRuns(count) };
  });
  return { ...chart, series };
}

function unpackChart(value: unknown): MetricChart | undefined {
  if (!isRecord(value) || !Array.isArray(value.series)) return undefined;
  const series: SeriesColumns[] = [];
  for (const packed of value.series as unknown[]) {
    const unpacked = unpackSeries(packed, series);
    if (!unpacked) return undefined;
    series.push(unpacked);
  }
  return { ...(value as unknown as PackedChart), series };
}

/** One series; `earlier`, the chart's series before it, lend it their bounds. Checks the shape and lengths only: the host is trusted, a slip must not crash the page. */
function unpackSeries(value: unknown, earlier: readonly SeriesColumns[]): SeriesColumns | undefined {
  if (!isRecord(value) || !isRecord(value.x) || !Array.isArray(value.y) || !Array.isArray(value.min) || !Array.isArray(value.max) || !Array.isArray(value.nonFinite)) return undefined;
  const { x, count, ...rest } = value as unknown as PackedSeries;
  const length = rest.y.length;
  const bounds = 'sameAs' in x ? (Number.isInteger(x.sameAs) ? earlier[x.sameAs] : undefined) : x;
  const counts = unpackRuns(count, length);
  if (!bounds || !counts || !Array.isArray(bounds.firstX) || !Array.isArray(bounds.lastX)) return undefined;
  if ([bounds.firstX, bounds.lastX, rest.min, rest.max].some((column) => column.length !== length)) return undefined;
  return { ...rest, firstX: bounds.firstX, lastX: bounds.lastX, count: counts };
}

/** As runs when that is shorter, else as it is. */
function packRuns(values: readonly number[]): number[] | { runs: number[] } {
  const runs: number[] = [];
  for (const value of values) {
    if (runs.length > 0 && runs[runs.length - 2] === value) runs[runs.length - 1]! += 1;
    else runs.push(value, 1);
  }
  return runs.length < values.length ? { runs } : [...values];
}

function unpackRuns(value: unknown, length: number): number[] | undefined {
  if (Array.isArray(value)) return value.length === length ? (value as number[]) : undefined;
  if (!isRecord(value) || !Array.isArray(value.runs) || value.runs.length % 2 !== 0) return undefined;
  const runs = value.runs as unknown[];
  const values: number[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    const [item, times] = [runs[i], runs[i + 1]];
    // Bounded by the series' length, so a wrong count cannot make the page allocate without end.
    if (typeof item !== 'number' || !Number.isSafeInteger(times) || (times as number) < 1 || values.length + (times as number) > length) return undefined;
    for (let t = 0; t < (times as number); t++) values.push(item);
  }
  return values.length === length ? values : undefined;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a === b || (a.length === b.length && a.every((v, i) => v === b[i]));
}
