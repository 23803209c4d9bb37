import type { ParallelSeriesOption, ScatterSeriesOption } from 'echarts/charts';
import type { CompareRun } from '../../src/protocol/compare';
import type { ComparisonTable } from '../../src/core/compare/comparisonTable';
import { formatNumber } from '../../src/common/format';
import { focusOpacity, runStyle, type ChartTheme } from './palette';
import { axisValues, type AxisValues, type RelationAxis } from './relationData';
import { runLabelElement, runSwatch, runText } from './runLabel';
import { tipRow } from '../shared/tipText';

/** A param against a metric's last value: one point per run, in the run's colour and shape. */
export function scatterOption(table: ComparisonTable, runs: readonly CompareRun[], x: RelationAxis, y: RelationAxis, theme: ChartTheme, hovered: string | null) {
  const xs = axisValues(table, x.rowId);
  const ys = axisValues(table, y.rowId);
  const series: ScatterSeriesOption[] = runs.flatMap((run, i) => {
    const [px, py] = [xs.values[i], ys.values[i]];
    if (px === null || px === undefined || py === null || py === undefined) return [];
    const style = runStyle(theme, run.colour);
    return [{
      type: 'scatter', id: run.id, name: runText(run), data: [[px, py]], color: style.colour, symbol: style.shape, symbolSize: hovered === run.id ? 13 : 10,
      itemStyle: { opacity: focusOpacity(run.id, hovered) }, z: hovered === run.id ? 3 : 2, emphasis: { disabled: true },
    }];
  });
  const byId = new Map(runs.map((r) => [r.id, r]));
  return {
    ...base(theme),
    grid: { left: 64, right: 24, top: 24, bottom: 48 },
    tooltip: { trigger: 'item' as const, confine: true, appendTo: 'body', className: 'chart-tooltip', formatter: pointTooltip(byId, theme, x.name, y.name) },
    xAxis: { ...axis(xs, theme), name: x.name, nameLocation: 'middle' as const, nameGap: 28 },
    yAxis: { ...axis(ys, theme), name: y.name },
    series,
  };
}

/** Every run as one line through the chosen params and metrics. */
export function parallelOption(table: ComparisonTable, runs: readonly CompareRun[], axes: readonly RelationAxis[], theme: ChartTheme, hovered: string | null) {
  const columns = axes.map((a) => axisValues(table, a.rowId));
  const series: ParallelSeriesOption[] = runs.map((run, i) => {
    const style = runStyle(theme, run.colour);
    return {
      type: 'parallel',
      id: run.id,
      name: runText(run),
      data: [columns.map((c) => c.values[i] ?? null)] as ParallelSeriesOption['data'],
      lineStyle: { color: style.colour, type: style.dash, width: hovered === run.id ? 3 : 2, opacity: 0.8 * focusOpacity(run.id, hovered) },
      z: hovered === run.id ? 3 : 2,
      emphasis: { disabled: true },
    };
  });
  const byId = new Map(runs.map((r) => [r.id, r]));
  return {
    ...base(theme),
    // Which run a line is: its label, and its values on the axes.
    tooltip: {
      trigger: 'item' as const, confine: true, appendTo: 'body', className: 'chart-tooltip',
      formatter: (raw: unknown) => {
        const p = raw as { seriesId?: string; value?: unknown[] };
        const run = byId.get(String(p.seriesId));
        const box = document.createElement('div');
        if (run) box.append(tipRow(runLabelElement(run), '', runSwatch(runStyle(theme, run.colour))));
        axes.forEach((a, dim) => box.append(tipRow(a.name, valueText(p.value?.[dim]), null)));
        return box;
      },
    },
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

function pointTooltip(runs: ReadonlyMap<string, CompareRun>, theme: ChartTheme, xName: string, yName: string) {
  return (raw: unknown): HTMLElement => {
    const p = raw as { seriesId?: string; value?: unknown[] };
    const [x, y] = p.value ?? [];
    const run = runs.get(String(p.seriesId));
    const box = document.createElement('div');
    if (run) box.append(tipRow(runLabelElement(run), '', runSwatch(runStyle(theme, run.colour), 'point')));
    box.append(tipRow(xName, valueText(x), null), tipRow(yName, valueText(y), null));
    return box;
  };
}

function valueText(value: unknown): string {
  return typeof value === 'number' ? formatNumber(value) : value === null || value === undefined ? '—' : String(value);
}
