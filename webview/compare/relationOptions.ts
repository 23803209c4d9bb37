import type { ParallelSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { CompareRun } from '../../src/protocol/compare';
import type { ComparisonTable } from '../../src/core/compare/comparisonTable';
import { formatNumber } from '../../src/common/format';
import { runColour, type ChartTheme } from './palette';
import { axisValues, type AxisValues, type RelationAxis } from './relationData';
import { tipRow } from './tooltip';

/** A param against a metric's last value: one point per run, in the run's colour. */
export function scatterOption(table: ComparisonTable, runs: readonly CompareRun[], x: RelationAxis, y: RelationAxis, theme: ChartTheme) {
  const xs = axisValues(table, x.rowId);
  const ys = axisValues(table, y.rowId);
  const series: ScatterSeriesOption[] = runs.flatMap((run, i) => {
    const [px, py] = [xs.values[i], ys.values[i]];
    if (px === null || px === undefined || py === null || py === undefined) return [];
    return [{ type: 'scatter', id: run.id, name: run.name, data: [[px, py]], color: runColour(theme, run.colour), symbolSize: 10 }];
  });
  return {
    ...base(theme),
    grid: { left: 64, right: 24, top: 24, bottom: 48 },
    tooltip: { trigger: 'item' as const, confine: true, appendTo: 'body', className: 'chart-tooltip', formatter: pointTooltip(x.name, y.name) },
    xAxis: { ...axis(xs, theme), name: x.name, nameLocation: 'middle' as const, nameGap: 28 },
    yAxis: { ...axis(ys, theme), name: y.name },
    series,
  };
}

/** Every run as one line through the chosen params and metrics. */
export function parallelOption(table: ComparisonTable, runs: readonly CompareRun[], axes: readonly RelationAxis[], theme: ChartTheme) {
  const columns = axes.map((a) => axisValues(table, a.rowId));
  const series: ParallelSeriesOption[] = runs.map((run, i) => ({
    type: 'parallel',
    id: run.id,
    name: run.name,
    data: [columns.map((c) => c.values[i] ?? null)] as ParallelSeriesOption['data'],
    lineStyle: { color: runColour(theme, run.colour), width: 2, opacity: 0.8 },
  }));
  return {
    ...base(theme),
    tooltip: { show: false },
    parallel: { left: 48, right: 96, top: 48, bottom: 32 },
    parallelAxis: axes.map((a, dim) => ({ dim, name: a.name, ...axis(columns[dim]!, theme), nameTextStyle: { color: theme.foreground } })),
    series,
  };
}

function base(theme: ChartTheme) {
  return { animation: false, backgroundColor: 'transparent', textStyle: { color: theme.foreground, fontFamily: theme.font } };
}

function axis(values: AxisValues, theme: ChartTheme) {
  const line = { lineStyle: { color: theme.grid } };
  return values.numeric
    ? { type: 'value' as const, scale: true, axisLine: line, axisLabel: { color: theme.muted }, splitLine: { lineStyle: { color: theme.grid, opacity: 0.4 } } }
    : { type: 'category' as const, data: values.categories, axisLine: line, axisLabel: { color: theme.muted } };
}

function pointTooltip(xName: string, yName: string) {
  return (raw: unknown): HTMLElement => {
    const p = raw as { seriesName?: string; color?: unknown; value?: unknown[] };
    const [x, y] = p.value ?? [];
    const box = document.createElement('div');
    box.append(tipRow(String(p.seriesName ?? ''), '', typeof p.color === 'string' ? p.color : ''));
    box.append(tipRow(xName, typeof x === 'number' ? formatNumber(x) : String(x), ''), tipRow(yName, typeof y === 'number' ? formatNumber(y) : String(y), ''));
    return box;
  };
}
