import type { Direction } from '../../common/direction';
import type { XAxis } from '../../common/xAxes';
import type { RunStatus } from '../types';
import type { Bucket } from './buckets';
import type { ComparisonTable } from './comparisonTable';
import type { RunSort } from './sortRuns';

/**
 * What a comparison of runs holds: its runs as table columns and its metric charts, each run's
 * series cut into pixel columns. The compare panel sends it (with the code section and the saved
 * choices) to its webview as it is.
 */
export interface XRange {
  xFrom: number;
  xTo: number;
}

/**
 * One run's line in a chart: buckets (core/compare/buckets.ts) as columns, so a thousand of them
 * cost tens of kB rather than objects with repeated keys. Bucket i is firstX[i]…lastX[i], y[i],
 * min[i]…max[i], count[i].
 */
export interface SeriesColumns {
  runId: string;
  firstX: number[];
  lastX: number[];
  /** null where the bucket has no finite value (JSON has no NaN). */
  y: (number | null)[];
  min: (number | null)[];
  max: (number | null)[];
  count: number[];
  /** Buckets holding NaN or ±Infinity points, so the chart can mark them: [bucket index, NaN, +∞, −∞ counts]. */
  nonFinite: [number, number, number, number][];
  /** 0 when every bucket is made of raw points (full resolution), else the pyramid level it comes from. */
  level: number;
  /** A teammate's run pulled with coarse levels only, cut finer than they hold: the team store has the full resolution. */
  finerOnTeamStore?: true;
}

/**
 * How a chart draws its runs: `lines` over the x axis, or `dots` (one per run, runs on a category
 * axis) when every run that has the metric logged it once, as a final score: one point at x = 0 says
 * nothing about steps or time, and a column of dots there cannot be told apart.
 */
export type ChartKind = 'lines' | 'dots';

export interface MetricChart {
  metric: string;
  kind: ChartKind;
  direction: Direction | null;
  /** The x range the series were cut for (the zoom, or all the runs' points; a dot chart ignores the zoom); null when no run has a point. */
  range: XRange | null;
  /** Where all the runs' points lie, zoomed or not: the axis and its zoom slider span this. */
  extent: XRange | null;
  series: SeriesColumns[];
}

export interface CompareRun {
  id: string;
  name: string;
  /** What tells the run from others of the comparison with its name (core/runLabels.ts); null when its name is unique. */
  qualifier: string | null;
  experiment: string;
  status: RunStatus;
  /** Index into the chart palette: the run's place in the comparison as opened, so sorting never recolours a run. */
  colour: number;
  /** Who logged a teammate's run (`user@host`, pulled from the team store); absent for a run logged here. */
  owner?: string;
}

/** A comparison as the store answers it. */
export interface Comparison {
  /** In the table's column order: the baseline first. */
  runs: CompareRun[];
  /** Runs asked for that the store no longer has. */
  missingRunIds: string[];
  table: ComparisonTable;
  onlyDifferences: boolean;
  sort: RunSort | null;
  /** Every metric key of the runs, sorted; `chosenMetrics` have charts, in this order. */
  metrics: string[];
  chosenMetrics: string[];
  /** The user's directions; the table's rows carry the one in effect. */
  directions: Record<string, Direction>;
  xAxis: XAxis;
  zoom: XRange | null;
  width: number;
  charts: MetricChart[];
}

/** A series answer (store/metricPyramid.ts) as columns; `shift` moves x (relative time). */
export function toSeriesColumns(runId: string, answer: { buckets: readonly Bucket[]; level: number; finerOnTeamStore?: true }, shift = 0): SeriesColumns {
  const finiteOrNull = (v: number) => (Number.isNaN(v) ? null : v);
  const { buckets } = answer;
  return {
    runId,
    firstX: buckets.map((b) => b.firstX - shift),
    lastX: buckets.map((b) => b.lastX - shift),
    y: buckets.map((b) => finiteOrNull(b.y)),
    min: buckets.map((b) => finiteOrNull(b.min)),
    max: buckets.map((b) => finiteOrNull(b.max)),
    count: buckets.map((b) => b.count),
    nonFinite: buckets.flatMap((b, i): [number, number, number, number][] => (b.nan + b.posInf + b.negInf > 0 ? [[i, b.nan, b.posInf, b.negInf]] : [])),
    level: answer.level,
    ...(answer.finerOnTeamStore ? { finerOnTeamStore: true as const } : {}),
  };
}
