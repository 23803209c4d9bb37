import type { ChartTheme } from '../../compare/palette';
import { tipLines } from '../tipText';
import * as l10n from '@vscode/l10n';

export interface ConfusionInput {
  labels: readonly string[];
  /** counts[actual][predicted] */
  counts: readonly (readonly number[])[];
  theme: ChartTheme;
  /** The top of the colour scale: the largest count of this matrix, or of every matrix shown beside it (compare). */
  max: number;
}

/** The largest count of a matrix (0 for an empty one). */
export function largestCount(counts: readonly (readonly number[])[]): number {
  return counts.reduce((most, row) => row.reduce((m, c) => (Number.isFinite(c) ? Math.max(m, c) : m), most), 0);
}

/** A matrix's height in pixels: room for every class without squeezing its row labels. */
export function confusionHeight(classes: number): number {
  return Math.min(720, Math.max(240, 90 + classes * 30));
}

/**
 * A confusion matrix as a heatmap: predicted classes across, actual classes down (the first class at
 * the top), each cell its count, shaded from the editor's background to the theme's first chart
 * colour on a scale that ends at `max`.
 */
export function confusionOption(input: ConfusionInput) {
  const { labels, counts, theme } = input;
  const data = counts.flatMap((row, actual) => row.map((count, predicted) => [predicted, actual, count]));
  const slanted = labels.length > 6;
  const axis = (name: string, rotate: number) => ({
    type: 'category' as const,
    data: [...labels],
    name,
    nameLocation: 'middle' as const,
    nameTextStyle: { color: theme.muted },
    // Every class named (interval 0); long rows of them slanted so they do not collide.
    axisLabel: { color: theme.foreground, overflow: 'truncate' as const, width: 90, interval: 0, rotate },
    axisLine: { lineStyle: { color: theme.grid } },
    splitArea: { show: false },
  });
  return {
    animation: false,
    textStyle: { fontFamily: theme.font, color: theme.foreground },
    grid: { left: 110, right: 80, top: 16, bottom: slanted ? 96 : 64 },
    xAxis: { ...axis(l10n.t('Predicted'), slanted ? 30 : 0), nameGap: slanted ? 72 : 40 },
    yAxis: { ...axis(l10n.t('Actual'), 0), nameGap: 96, inverse: true },
    visualMap: {
      type: 'continuous' as const,
      min: 0,
      max: Math.max(1, input.max),
      calculable: false,
      orient: 'vertical' as const,
      right: 8,
      top: 'middle',
      itemHeight: 160,
      textStyle: { color: theme.foreground },
      inRange: { color: [theme.background || '#00000000', theme.runColours[0]!] },
    },
    tooltip: {
      trigger: 'item' as const,
      confine: true,
      className: 'chart-tooltip',
      formatter: (raw: unknown) => {
        const [predicted, actual, count] = (raw as { value: [number, number, number] }).value;
        return tipLines([
          [l10n.t('Actual'), labels[actual] ?? ''],
          [l10n.t('Predicted'), labels[predicted] ?? ''],
          [l10n.t('Count'), String(count)],
        ]);
      },
    },
    series: [
      {
        type: 'heatmap' as const,
        data,
        label: { show: labels.length <= 20, color: theme.foreground, textBorderColor: theme.background, textBorderWidth: 2 },
        itemStyle: { borderColor: theme.grid, borderWidth: 1 },
        emphasis: { disabled: true },
      },
    ],
  };
}
