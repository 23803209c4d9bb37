import type { ScatterSeriesOption } from 'echarts/charts';
import { formatNumber } from '../../src/common/format';
import type { CompareRun, MetricChart } from '../../src/protocol/compare';
import { focusOpacity, runStyle, type ChartTheme } from './palette';
import { runLabelElement, runSwatch, runText } from './runLabel';
import { tipRow } from '../shared/tipText';

/** Pixels per run on the category axis, and what the plot needs besides them. */
export const DOT_ROW = 22;
const DOT_FRAME = 64;
/** A run's label on the axis is cut to this many characters, its qualifier kept whole where it fits. */
const LABEL_CHARS = 40;

/** The dot chart's height: a row per run, never less than a line chart's. */
export function dotChartHeight(runs: number): number {
  return Math.max(320, DOT_FRAME + runs * DOT_ROW);
}

/**
 * A metric every run logged once (a final score): one dot per run, the runs down a category axis
 * in the table's order, labelled with their names and qualifiers, the values along the other axis
 * (scaled to the values, so close scores stay apart). Each run is its own series, so it keeps its
 * colour and shape and the pointer can single it out.
 */
export function dotChartOption(chart: MetricChart, runs: readonly CompareRun[], theme: ChartTheme, hovered: string | null) {
  const values = new Map(chart.series.map((s) => [s.runId, s.y.find((y) => y !== null) ?? null]));
  const byId = new Map(runs.map((r) => [r.id, r]));
  const series: ScatterSeriesOption[] = runs.flatMap((run) => {
    const value = values.get(run.id);
    if (value === undefined || value === null) return [];
    const style = runStyle(theme, run.colour);
    const opacity = focusOpacity(run.id, hovered);
    return [{
      type: 'scatter', id: run.id, name: runText(run), data: [[value, run.id]], symbol: style.shape, symbolSize: hovered === run.id ? 13 : 10,
      color: style.colour, itemStyle: { opacity }, z: hovered === run.id ? 3 : 2, emphasis: { disabled: true },
    }];
  });
  const line = { lineStyle: { color: theme.grid } };
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: theme.foreground, fontFamily: theme.font },
    grid: { left: 8, right: 32, top: 16, bottom: 32, containLabel: true },
    tooltip: {
      trigger: 'item' as const, confine: true, appendTo: 'body', className: 'chart-tooltip',
      formatter: (raw: unknown) => {
        const run = byId.get(String((raw as { seriesId?: string }).seriesId));
        const box = document.createElement('div');
        if (run) box.append(tipRow(runLabelElement(run), formatNumber(values.get(run.id) ?? Number.NaN), runSwatch(runStyle(theme, run.colour), 'point')));
        return box;
      },
    },
    xAxis: { type: 'value' as const, scale: true, axisLine: line, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.grid, opacity: 0.4 } } },
    yAxis: {
      type: 'category' as const,
      data: runs.map((r) => r.id),
      // The first column at the top, as in the table.
      inverse: true,
      axisLine: line,
      axisTick: { show: false },
      splitLine: { show: true, lineStyle: { color: theme.grid, opacity: 0.25 } },
      axisLabel: { formatter: (id: string) => axisLabel(byId.get(id)), rich: { name: { color: theme.foreground }, qualifier: { color: theme.muted } } },
    },
    series,
  };
}

/**
 * A run's label as ECharts rich text: the name, then the qualifier dimmed, the name cut first when
 * too long (the qualifier is what tells same-named runs apart). Rich text has no escape, so a name
 * holding braces or a bar is shown plain.
 */
export function axisLabel(run: CompareRun | undefined): string {
  if (!run) return '';
  const room = Math.max(8, LABEL_CHARS - (run.qualifier?.length ?? 0) - 1);
  const name = run.name.length > room ? `${run.name.slice(0, room - 1)}…` : run.name;
  const text = run.qualifier === null ? name : `${name} ${run.qualifier}`;
  if (/[{}|]/.test(text)) return text;
  return run.qualifier === null ? `{name|${name}}` : `{name|${name}} {qualifier|${run.qualifier}}`;
}
