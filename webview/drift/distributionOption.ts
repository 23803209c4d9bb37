import { formatShare, sharesOf } from '../../src/common/driftColumns';
import { formatNumber } from '../../src/common/format';
import type { Distribution } from '../../src/protocol/drift';
import type { ChartTheme } from '../compare/palette';
import type { EChartsType } from './echartsSetup';
import * as l10n from '@vscode/l10n';

type Option = Parameters<EChartsType['setOption']>[0];

/** Categories drawn as bars; the rest, least frequent on both sides, are summed into one "other" bar. */
export const CATEGORY_BARS = 30;

/** The sides' colours: the first two of the theme's chart colours (blue, orange in VS Code's themes). */
export function sideColours(theme: ChartTheme): { reference: string; current: string } {
  return { reference: theme.runColours[0]!, current: theme.runColours[1] ?? theme.foreground };
}

/**
 * A column's two distributions overlaid as shares of each side (the sides differ in size): a
 * histogram as step lines on its shared edges, the reference filled; categories as grouped bars.
 * No animation: fifty charts paint at once. Tooltips are DOM built from text (a category is data).
 */
export function distributionOption(distribution: Distribution, theme: ChartTheme): Option {
  const colours = sideColours(theme);
  const axisLine = { lineStyle: { color: theme.grid } };
  const common = {
    animation: false,
    textStyle: { fontFamily: theme.font, color: theme.foreground },
    grid: { left: 48, right: 16, top: 12, bottom: 28 },
    yAxis: { type: 'value', axisLabel: { color: theme.muted, formatter: (v: number) => formatShare(v) }, splitLine: { lineStyle: { color: theme.grid, opacity: 0.5 } } },
    tooltip: { trigger: 'axis', backgroundColor: theme.background, borderColor: theme.grid, textStyle: { color: theme.foreground, fontFamily: theme.font } },
  };
  if (distribution.kind === 'histogram') {
    const { edges } = distribution;
    const steps = (shares: number[]) => [...shares.map((s, i) => [edges[i]!, s]), [edges.at(-1)!, shares.at(-1) ?? 0]];
    const reference = sharesOf(distribution.reference);
    const current = sharesOf(distribution.current);
    const bin = (index: number) => Math.min(Math.max(index, 0), reference.length - 1);
    return {
      ...common,
      xAxis: { type: 'value', min: edges[0], max: edges.at(-1), axisLine, axisLabel: { color: theme.muted, formatter: (v: number) => formatNumber(v) }, splitLine: { show: false } },
      tooltip: { ...common.tooltip, formatter: tooltip((index) => [`${formatNumber(edges[bin(index)])} – ${formatNumber(edges[bin(index) + 1])}`, reference[bin(index)]!, current[bin(index)]!]) },
      series: [
        { id: 'reference', name: l10n.t('Reference'), type: 'line', step: 'end', data: steps(reference), symbol: 'none', lineStyle: { color: colours.reference, width: 1 }, areaStyle: { color: colours.reference, opacity: 0.3 }, itemStyle: { color: colours.reference } },
        { id: 'current', name: l10n.t('Current'), type: 'line', step: 'end', data: steps(current), symbol: 'none', lineStyle: { color: colours.current, width: 2 }, itemStyle: { color: colours.current } },
      ],
    };
  }
  const bars = categoryBars(distribution);
  return {
    ...common,
    xAxis: { type: 'category', data: bars.categories, axisLine, axisLabel: { color: theme.muted, hideOverlap: true, width: 96, overflow: 'truncate' } },
    tooltip: { ...common.tooltip, formatter: tooltip((index) => [bars.categories[index] ?? '', bars.reference[index] ?? 0, bars.current[index] ?? 0]) },
    series: [
      { id: 'reference', name: l10n.t('Reference'), type: 'bar', data: bars.reference, itemStyle: { color: colours.reference, opacity: 0.6 } },
      { id: 'current', name: l10n.t('Current'), type: 'bar', data: bars.current, itemStyle: { color: colours.current } },
    ],
  };
}

/** Shares of each category, the CATEGORY_BARS that weigh most on either side first and the rest summed. */
export function categoryBars(distribution: Extract<Distribution, { kind: 'categories' }>): { categories: string[]; reference: number[]; current: number[] } {
  const reference = sharesOf(distribution.reference);
  const current = sharesOf(distribution.current);
  if (reference.length <= CATEGORY_BARS) return { categories: distribution.categories, reference, current };
  const order = reference.map((_, i) => i).sort((a, b) => Math.max(reference[b]!, current[b]!) - Math.max(reference[a]!, current[a]!));
  const kept = order.slice(0, CATEGORY_BARS - 1);
  const rest = order.slice(CATEGORY_BARS - 1);
  const sum = (shares: number[]) => rest.reduce((s, i) => s + shares[i]!, 0);
  return {
    categories: [...kept.map((i) => distribution.categories[i]!), l10n.t('{0} others', rest.length)],
    reference: [...kept.map((i) => reference[i]!), sum(reference)],
    current: [...kept.map((i) => current[i]!), sum(current)],
  };
}

/** The axis tooltip: the bar under the pointer and each side's share of it, as text nodes. */
function tooltip(bar: (index: number) => [label: string, reference: number, current: number]) {
  return (raw: unknown): HTMLElement => {
    const first = (Array.isArray(raw) ? raw[0] : raw) as { dataIndex?: number } | undefined;
    const [label, reference, current] = bar(first?.dataIndex ?? 0);
    const box = document.createElement('div');
    box.className = 'chart-tooltip';
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = label;
    box.append(head, tipRow(l10n.t('Reference'), reference), tipRow(l10n.t('Current'), current));
    return box;
  };
}

function tipRow(side: string, share: number): HTMLElement {
  const row = document.createElement('div');
  row.className = 'tip-row';
  row.textContent = `${side}: ${formatShare(share)}`;
  return row;
}
