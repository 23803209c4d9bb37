import type { LineSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { CompareRun, MetricChart, XAxis, XRange } from '../../src/protocol/compare';
import { bandsSeries, nonFiniteSeries, type NonFiniteMark, type RunBand } from './bandSeries';
import { xLabel } from './axisText';
import { DIMMED, focusOf, runStyle, type ChartTheme, type RunFocus, type RunStyle } from './palette';
import { bucketXs, linePoints, smoothed } from './seriesPoints';
import { lineTooltip } from './tooltip';

export interface LineChartView {
  chart: MetricChart;
  runs: ReadonlyMap<string, CompareRun>;
  theme: ChartTheme;
  xAxis: XAxis;
  /** The x axis spans this (all the points, even while zoomed into part of them). */
  extent: XRange | null;
  smoothing: number;
  /** Already checked: only when every value is positive. */
  logY: boolean;
  /** The run under the pointer (in a chart, the legend or the table): drawn on top, the others dimmed. */
  hovered: string | null;
}

/** About this many markers along a line: enough to tell its shape, few enough not to hide it. */
const MARKERS_PER_LINE = 10;

type ChartSeries = MetricChart['series'][number];
interface DrawnPoints {
  smoothing: number;
  xs: number[];
  shown: ReturnType<typeof linePoints>;
  /** The raw line kept faint under a smoothed one; null when not smoothed. */
  raw: ReturnType<typeof linePoints> | null;
}
/**
 * Each snapshot series' points as drawn, for its smoothing: hovering a run builds every chart's
 * option again (for the dimming), which must not smooth and lay out every line again.
 */
const drawn = new WeakMap<ChartSeries, DrawnPoints>();

function pointsOf(s: ChartSeries, smoothing: number): DrawnPoints {
  const known = drawn.get(s);
  if (known && known.smoothing === smoothing) return known;
  const xs = bucketXs(s);
  const points: DrawnPoints = smoothing > 0 ? { smoothing, xs, shown: linePoints(xs, smoothed(s.y, smoothing)), raw: linePoints(xs, s.y) } : { smoothing, xs, shown: linePoints(xs, s.y), raw: null };
  drawn.set(s, points);
  return points;
}

/**
 * The option of one metric's chart, without dataZoom: setting it again updates the data in place
 * and leaves the user's zoom alone. Per run its line (smoothed when asked, the raw line then kept
 * faint), with an id so that a new snapshot replaces each one; every run's bands, markers and
 * non-finite marks in one series of each kind (ECharts redraws each series on every zoom frame).
 */
export function lineChartOption(view: LineChartView) {
  const { theme } = view;
  const styleOf = (run: CompareRun) => runStyle(theme, run.colour);
  const lines: LineSeriesOption[] = [];
  const bands: RunBand[] = [];
  const marks: MarkerItem[] = [];
  const nonFinite: NonFiniteMark[] = [];
  for (const s of view.chart.series) {
    const run = view.runs.get(s.runId);
    if (!run) continue;
    const style = styleOf(run);
    // The run's id, not its label: ECharts' line events carry the series' name but not its id, and the
    // labels the user reads are drawn by our own tooltip, legend and table.
    const name = run.id;
    const focus = focusOf(run.id, view.hovered);
    const { xs, shown, raw } = pointsOf(s, view.smoothing);
    lines.push(line({ id: `line:${s.runId}`, name, style, data: shown, opacity: 1, z: 3, focus }));
    if (raw) lines.push(line({ id: `raw:${s.runId}`, name, style, data: raw, opacity: 0.3, z: 2, focus }));
    if (style.marker) marks.push(...markerItems(style.colour, style.marker, shown, run.colour, focus));
    bands.push({ xs, min: s.min, max: s.max, colour: style.colour, opacity: focus === 'dimmed' ? DIMMED : 1 });
    for (const [i] of s.nonFinite) nonFinite.push({ x: xs[i]!, colour: style.colour });
  }
  const series = [bandsSeries(bands, view.logY), ...lines, markersSeries(marks), nonFiniteSeries(nonFinite)];
  const axisLine = { lineStyle: { color: theme.grid } };
  const tooltip = lineTooltip(view.xAxis, { runs: view.runs, styleOf, direction: view.chart.direction, hovered: view.hovered });
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: theme.foreground, fontFamily: theme.font },
    grid: { left: 56, right: 24, top: 16, bottom: 72 },
    tooltip: { trigger: 'axis' as const, confine: true, appendTo: 'body', className: 'chart-tooltip', formatter: tooltip },
    xAxis: {
      type: view.xAxis === 'wallTime' ? ('time' as const) : ('value' as const),
      min: view.extent?.xFrom,
      max: view.extent?.xTo,
      axisLine,
      axisLabel: { color: theme.muted, hideOverlap: true, formatter: (v: number) => xLabel(v, view.xAxis) },
      splitLine: { show: false },
    },
    yAxis: {
      type: view.logY ? ('log' as const) : ('value' as const),
      scale: true,
      axisLine,
      axisLabel: { color: theme.muted },
      splitLine: { lineStyle: { color: theme.grid, opacity: 0.4 } },
    },
    series,
  };
}

interface LineSpec {
  id: string;
  name: string;
  style: RunStyle;
  data: [number, number | null][];
  opacity: number;
  z: number;
  focus: RunFocus;
}

function line(spec: LineSpec): LineSeriesOption {
  const { style, data, focus } = spec;
  // A line needs two points: a run that logged the metric once (beside runs with a history) is a dot in its shape.
  const single = data.filter(([, y]) => y !== null).length === 1;
  return {
    type: 'line',
    id: spec.id,
    name: spec.name,
    data,
    z: spec.z + (focus === 'hovered' ? 10 : 0),
    showSymbol: single,
    symbol: style.shape,
    symbolSize: 8,
    connectNulls: false,
    // Every bucket is drawn: the host already sent at most one per pixel column.
    sampling: undefined,
    progressive: 0,
    color: style.colour,
    itemStyle: { opacity: spec.opacity * (focus === 'dimmed' ? DIMMED : 1) },
    lineStyle: { width: focus === 'hovered' ? 2.5 : 1.5, type: style.dash, opacity: spec.opacity * (focus === 'dimmed' ? DIMMED : 1) },
    // The pointer over a line says which run it is (the chart highlights it); ECharts' own emphasis would restyle every series.
    triggerLineEvent: true,
    emphasis: { disabled: true },
  };
}

/** One marker of a run's line: its point, in the run's shape and colour. */
interface MarkerItem {
  value: [number, number | null];
  symbol: string;
  itemStyle: { color: string; opacity: number };
}

/**
 * A run's marker shape at about MARKERS_PER_LINE of its points: a symbol per point of every line
 * would cost thousands of elements for a hundred runs. `offset` staggers runs so that their markers
 * do not all stack at the same x.
 */
function markerItems(colour: string, shape: string, points: readonly [number, number | null][], offset: number, focus: RunFocus): MarkerItem[] {
  const every = Math.max(1, Math.round(points.length / MARKERS_PER_LINE));
  const itemStyle = { color: colour, opacity: focus === 'dimmed' ? DIMMED : 1 };
  return points.filter(([, y], i) => y !== null && i % every === offset % every).map((value) => ({ value, symbol: shape, itemStyle }));
}

/** Every run's markers as one scatter, each item in its run's shape and colour. */
function markersSeries(items: MarkerItem[]): ScatterSeriesOption {
  return { type: 'scatter', id: 'markers', data: items, symbolSize: 6, z: 4, silent: true, tooltip: { show: false } };
}
