import type { LineSeriesOption } from 'echarts/charts';
import type { CompareRun, MetricChart, XAxis, XRange } from '../../src/protocol/compare';
import { bandSeries, nonFiniteSeries } from './bandSeries';
import { xLabel } from './axisText';
import { runColour, type ChartTheme } from './palette';
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
}

/**
 * The option of one metric's chart, without dataZoom: setting it again updates the data in place
 * and leaves the user's zoom alone. Per run: its band, its line (smoothed when asked, the raw line
 * then kept faint) and its non-finite marks, with ids so that a new snapshot replaces each one.
 */
export function lineChartOption(view: LineChartView) {
  const { theme } = view;
  const series = view.chart.series.flatMap((s) => {
    const run = view.runs.get(s.runId);
    if (!run) return [];
    const colour = runColour(theme, run.colour);
    const xs = bucketXs(s);
    const smoothing = view.smoothing > 0;
    const lines: LineSeriesOption[] = [
      line(`line:${s.runId}`, run.name, colour, linePoints(xs, smoothing ? smoothed(s.y, view.smoothing) : s.y), 1, 3),
    ];
    if (smoothing) lines.push(line(`raw:${s.runId}`, run.name, colour, linePoints(xs, s.y), 0.3, 2));
    const marks = s.nonFinite.map(([i]) => xs[i]!);
    return [bandSeries(`band:${s.runId}`, run.name, colour, xs, s.min, s.max), ...lines, nonFiniteSeries(`bad:${s.runId}`, run.name, colour, marks)];
  });
  const axisLine = { lineStyle: { color: theme.grid } };
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: theme.foreground, fontFamily: theme.font },
    grid: { left: 56, right: 24, top: 16, bottom: 72 },
    tooltip: { trigger: 'axis' as const, confine: true, appendTo: 'body', className: 'chart-tooltip', formatter: lineTooltip(view.xAxis) },
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

function line(id: string, name: string, colour: string, data: [number, number | null][], opacity: number, z: number): LineSeriesOption {
  return {
    type: 'line',
    id,
    name,
    data,
    z,
    // A line needs two points: a metric logged once (a final score) is drawn as a dot.
    showSymbol: data.filter(([, y]) => y !== null).length === 1,
    symbolSize: 7,
    connectNulls: false,
    // Every bucket is drawn: the host already sent at most one per pixel column.
    sampling: undefined,
    progressive: 0,
    color: colour,
    lineStyle: { width: 1.5, opacity },
    emphasis: { disabled: true },
  };
}
