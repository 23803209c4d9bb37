import type { CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { XAxis, XRange } from '../../src/protocol/compare';
import { bandExtent } from './bandShape';
import { xLabel } from './axisText';
import type { EChartsType } from './echartsSetup';
import type { ChartTheme } from './palette';
import type { PlotRect } from './runPaint';
import type { RunDrawing } from './runDrawing';
import { linePoints } from './seriesPoints';

export interface LineChartView {
  theme: ChartTheme;
  xAxis: XAxis;
  /** The x axis spans this (all the points, even while zoomed into part of them). */
  extent: XRange | null;
  /** Already checked: only when every value is positive. */
  logY: boolean;
}

/** The plot's margins in the chart: room for the y labels, the x labels and the zoom slider. */
const GRID = { left: 56, right: 24, top: 16, bottom: 72 };

/**
 * Where the plot lies in the chart (CSS px): within the margins set, less what ECharts takes back
 * for labels that would overflow the chart (a long y label, a date at the x axis' end). ECharts has
 * no getter for it, but tells whether a pixel is in the plot: each edge is found by halving.
 */
export function plotRect(chart: EChartsType): PlotRect {
  const [width, height] = [chart.getWidth(), chart.getHeight()];
  const outer = { left: GRID.left, top: GRID.top, right: width - GRID.right, bottom: height - GRID.bottom };
  if (outer.right <= outer.left || outer.bottom <= outer.top) return { x: outer.left, y: outer.top, width: 0, height: 0 };
  const middle = [(outer.left + outer.right) / 2, (outer.top + outer.bottom) / 2] as const;
  const inside = (x: number, y: number) => chart.containPixel({ gridIndex: 0 }, [x, y]);
  const left = edge(outer.left, middle[0], (x) => inside(x, middle[1]));
  const right = edge(outer.right, middle[0], (x) => inside(x, middle[1]));
  const top = edge(outer.top, middle[1], (y) => inside(middle[0], y));
  const bottom = edge(outer.bottom, middle[1], (y) => inside(middle[0], y));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/** The pixel nearest `from`, towards `middle` (inside), where `inside` turns true; to half a pixel. */
function edge(from: number, middle: number, inside: (at: number) => boolean): number {
  if (inside(from)) return from;
  let [out, within] = [from, middle];
  while (Math.abs(within - out) > 0.5) {
    const half = (out + within) / 2;
    if (inside(half)) within = half;
    else out = half;
  }
  return within;
}

/**
 * The ECharts option of one metric's chart, without dataZoom (setting it again updates in place and
 * leaves the user's zoom alone): the axes and grid only. The runs are drawn by the runs layer
 * (runsLayer.ts); here each run's extent sizes the y axis, and the first run's line, not drawn,
 * gives the zoom slider its shadow.
 */
export function lineChartOption(view: LineChartView, drawings: readonly RunDrawing[]) {
  const { theme } = view;
  const axisLine = { lineStyle: { color: theme.grid } };
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: theme.foreground, fontFamily: theme.font },
    grid: GRID,
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
    series: [extentsSeries(drawings), ...shadowSeries(drawings[0])],
  };
}

/**
 * Each run's extent (its buckets' x and their min and max: every value it draws lies inside), so
 * that ECharts fits its axes to the runs; it draws nothing itself.
 */
function extentsSeries(drawings: readonly RunDrawing[]): CustomSeriesOption {
  const extents = drawings.flatMap((d) => {
    const extent = bandExtent(d.xs, d.min, d.max);
    return extent ? [[extent.xFrom, extent.xTo, extent.yFrom, extent.yTo]] : [];
  });
  return { type: 'custom', id: 'extents', renderItem: () => null, data: extents, encode: { x: [0, 1], y: [2, 3] }, silent: true, tooltip: { show: false } };
}

/** Points of the zoom slider's shadow: a thumbnail, and ECharts lays out this line on every frame. */
const SHADOW_POINTS = 200;

/**
 * The zoom slider draws its shadow from a chart's first line series: this one is the first run's
 * line at every few buckets, never drawn itself (opacity 0).
 */
function shadowSeries(first: RunDrawing | undefined): LineSeriesOption[] {
  if (!first) return [];
  const every = Math.ceil(first.xs.length / SHADOW_POINTS);
  return [{
    type: 'line', id: 'shadow', data: linePoints(first.xs, first.y).filter((_, i) => i % every === 0), showSymbol: false, silent: true,
    lineStyle: { opacity: 0 }, tooltip: { show: false }, emphasis: { disabled: true },
  }];
}
