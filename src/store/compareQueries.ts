import { buildComparisonTable } from '../core/compare/comparisonTable';
import type { Direction } from '../common/direction';
import { directionOf } from '../core/compare/direction';
import type { PyramidAxis } from '../core/compare/packedBuckets';
import type { RunSort } from '../core/compare/sortRuns';
import type { CompareRunInput, MetricStats } from '../core/compare/tableRows';
import type { XAxis } from '../common/xAxes';
import { toSeriesColumns, type Comparison, type MetricChart, type XRange } from '../core/compare/chart';
import { runLabels } from '../core/runLabels';
import type { Run } from '../core/types';
import { pyramidOf } from './metricPyramid';
import type { Store } from './store';

/** Charts a comparison opens with when nobody chose: the metrics most runs have, in name order. */
const DEFAULT_CHARTS = 4;

/** What the compare panel shows: the runs, and the user's choices (kept by the panel, restored after a reload). */
export interface CompareRequest {
  runIds: readonly string[];
  baselineRunId: string | null;
  /** null: the default charts. */
  chosenMetrics: readonly string[] | null;
  directions: Readonly<Record<string, Direction>>;
  onlyDifferences: boolean;
  sort: RunSort | null;
  xAxis: XAxis;
  zoom: XRange | null;
  /** Chart width in pixels: each series gets at most one bucket per pixel. */
  width: number;
}

/** What the store knows of a comparison: the panel adds the code section (git) and the state it saves. */
export function collectComparison(store: Store, request: CompareRequest): Comparison {
  const runs = request.runIds.map((id) => store.runs.get(id)).filter((r): r is Run => r !== undefined);
  const experiments = new Map(runs.map((r) => [r.experimentId, store.experiments.get(r.experimentId)?.name ?? r.experimentId]));
  const summaries = runs.map((r) => store.metrics.summaries(r.id));
  const metrics = [...new Set(summaries.flatMap((s) => [...s.keys()]))].sort();
  const inputs: CompareRunInput[] = runs.map((run, i) => ({
    facts: {
      id: run.id,
      name: run.name,
      experiment: experiments.get(run.experimentId)!,
      status: run.status,
      startTime: run.startTime,
      endTime: run.endTime,
      commit: run.git?.commit ?? null,
      dirty: run.git?.dirty ?? null,
    },
    params: store.runs.params(run.id),
    tags: store.runs.tags(run.id),
    metrics: new Map([...summaries[i]!].map(([key, s]) => [key, metricStats(store, run.id, key, s, directionOf(key, request.directions))])),
  }));
  const { baselineRunId, directions, onlyDifferences, sort, xAxis, zoom, width } = request;
  const table = buildComparisonTable(inputs, { baselineRunId, directions, onlyDifferences, sort });
  const byId = new Map(runs.map((r) => [r.id, r]));
  const labels = runLabels(inputs.map((input) => ({ id: input.facts.id, name: input.facts.name, params: input.params })));
  const chosenMetrics = request.chosenMetrics?.filter((m) => metrics.includes(m)) ?? defaultCharts(metrics, summaries, request.directions);
  return {
    runs: table.runIds.map((id) => {
      const run = byId.get(id)!;
      return { id, name: run.name, qualifier: labels.get(id)!.qualifier, experiment: experiments.get(run.experimentId)!, status: run.status, colour: request.runIds.indexOf(id), ...(run.owner ? { owner: run.owner } : {}) };
    }),
    missingRunIds: request.runIds.filter((id) => !byId.has(id)),
    table,
    onlyDifferences,
    sort,
    metrics,
    chosenMetrics,
    directions: { ...directions },
    xAxis,
    zoom,
    width,
    charts: chosenMetrics.map((metric) => collectChart(store, { runs: table.runIds.map((id) => byId.get(id)!), metric, directions, xAxis, zoom, width })),
  };
}

export interface ChartRequest {
  /** In the order the chart lists them (the table's). */
  runs: readonly Run[];
  metric: string;
  directions: Readonly<Record<string, Direction>>;
  xAxis: XAxis;
  /** null: every point of every run. */
  zoom: XRange | null;
  width: number;
}

/**
 * One chart: every run's series of the metric cut into the same pixel columns (so the runs'
 * buckets line up), from the pyramid, at most one bucket per pixel each. Also the answer to a zoom.
 * When every run that has the metric logged it once the chart is a dot chart, whose one point per
 * run is not on the x axis, so it is never cut to a zoom.
 */
export function collectChart(store: Store, request: ChartRequest): MetricChart {
  const pyramid = pyramidOf(store.db);
  const counts = request.runs.flatMap((run) => store.metrics.summaries(run.id).get(request.metric)?.count ?? []);
  const kind = counts.length > 0 && counts.every((count) => count === 1) ? 'dots' : 'lines';
  const axis: PyramidAxis = request.xAxis === 'step' ? 'step' : 'time';
  const present = request.runs.flatMap((run) => {
    const extent = pyramid.extent(run.id, request.metric, axis);
    if (!extent) return [];
    // Relative time counts from the run's start, or from its first point when it has no start time.
    const origin = request.xAxis === 'relativeTime' ? (run.startTime ?? extent.xFrom) : 0;
    return [{ run, origin, extent: { xFrom: extent.xFrom - origin, xTo: extent.xTo - origin } }];
  });
  const direction = directionOf(request.metric, request.directions) ?? null;
  if (present.length === 0) return { metric: request.metric, kind, direction, range: null, extent: null, series: [] };
  const extent = { xFrom: Math.min(...present.map((p) => p.extent.xFrom)), xTo: Math.max(...present.map((p) => p.extent.xTo)) };
  const range = kind === 'lines' ? (request.zoom ?? extent) : extent;
  const series = present.map(({ run, origin }) => {
    const window = { axis, xFrom: range.xFrom + origin, xTo: range.xTo + origin, width: request.width };
    return toSeriesColumns(run.id, pyramid.series(run.id, request.metric, window), origin);
  });
  return { metric: request.metric, kind, direction, range, extent, series };
}

function metricStats(store: Store, runId: string, key: string, summary: { count: number; last: number; min: number | null; max: number | null }, direction: Direction | undefined): MetricStats {
  const bestStep = direction ? pyramidOf(store.db).bestStep(runId, key, direction === 'lower' ? 'min' : 'max') : null;
  return { count: summary.count, last: summary.last, min: summary.min, max: summary.max, bestStep };
}

/**
 * The charts a comparison opens with: metrics most runs have, those with a history (more than one
 * point) before final scores, and those whose better direction is known (a loss, an accuracy)
 * before the rest; then by name, shown in name order.
 */
function defaultCharts(metrics: readonly string[], summaries: readonly ReadonlyMap<string, { count: number }>[], directions: Readonly<Record<string, Direction>>): string[] {
  const rank = (key: string) => {
    const runsWith = summaries.filter((s) => s.has(key)).length;
    const withHistory = summaries.filter((s) => (s.get(key)?.count ?? 0) > 1).length;
    return [runsWith, withHistory, directionOf(key, directions) ? 1 : 0];
  };
  const ranks = new Map(metrics.map((m) => [m, rank(m)]));
  const byRank = (a: string, b: string) => {
    const [ra, rb] = [ranks.get(a)!, ranks.get(b)!];
    return rb[0]! - ra[0]! || rb[1]! - ra[1]! || rb[2]! - ra[2]! || (a < b ? -1 : 1);
  };
  return [...metrics].sort(byRank).slice(0, DEFAULT_CHARTS).sort();
}
