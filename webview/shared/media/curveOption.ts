import type { PlotData } from '../../../src/protocol/media';
import type { ChartTheme, RunDash } from '../../compare/palette';
import { tipLines } from '../tipText';
import * as l10n from '@vscode/l10n';

export type CurveKind = Exclude<PlotData['kind'], 'confusion' | 'table'>;

/** One line as drawn: its points, colour and dash. */
export interface CurveLine {
  id: string;
  name: string;
  x: readonly number[];
  y: readonly number[];
  colour: string;
  dash: RunDash;
}

export interface CurveInput {
  kind: CurveKind;
  xLabel: string;
  yLabel: string;
  lines: readonly CurveLine[];
  theme: ChartTheme;
}

/** Kinds whose axes are rates or probabilities, drawn on [0, 1]. */
const UNIT_SQUARE: ReadonlySet<CurveKind> = new Set(['roc', 'precision_recall', 'calibration']);

/**
 * ROC, precision-recall, calibration and custom x/y lines on value axes. ROC and calibration get
 * the diagonal a chance classifier / a perfectly calibrated one would draw, dashed and muted.
 */
export function curveOption(input: CurveInput) {
  const { theme, kind } = input;
  const unit = UNIT_SQUARE.has(kind);
  const axis = (name: string) => ({
    type: 'value' as const,
    name,
    nameLocation: 'middle' as const,
    nameGap: 30,
    nameTextStyle: { color: theme.muted },
    scale: !unit,
    ...(unit ? { min: 0, max: 1 } : {}),
    axisLabel: { color: theme.foreground },
    axisLine: { lineStyle: { color: theme.grid } },
    splitLine: { lineStyle: { color: theme.grid, opacity: 0.4 } },
  });
  const lines = input.lines.map((line) => ({
    type: 'line' as const,
    id: line.id,
    name: line.name,
    data: line.x.map((x, i) => [x, line.y[i] ?? null]),
    showSymbol: line.x.length <= 30,
    symbolSize: 5,
    color: line.colour,
    lineStyle: { color: line.colour, type: line.dash, width: 2 },
    emphasis: { disabled: true },
    animation: false,
  }));
  const diagonal =
    kind === 'roc' || kind === 'calibration'
      ? [{ type: 'line' as const, id: 'diagonal', name: '', data: [[0, 0], [1, 1]], showSymbol: false, silent: true, lineStyle: { color: theme.muted, type: [4, 4], width: 1 }, tooltip: { show: false }, emphasis: { disabled: true }, animation: false }]
      : [];
  return {
    animation: false,
    textStyle: { fontFamily: theme.font, color: theme.foreground },
    grid: { left: 64, right: 24, top: lines.length > 1 ? 40 : 16, bottom: 52 },
    legend: { show: lines.length > 1, type: 'scroll' as const, top: 0, data: lines.map((l) => l.name), textStyle: { color: theme.foreground }, pageTextStyle: { color: theme.foreground } },
    xAxis: axis(input.xLabel),
    yAxis: { ...axis(input.yLabel), nameGap: 44 },
    tooltip: {
      trigger: 'item' as const,
      confine: true,
      className: 'chart-tooltip',
      formatter: (raw: unknown) => {
        const p = raw as { seriesName?: string; value?: [number, number | null] };
        const [x, y] = p.value ?? [NaN, null];
        return tipLines([
          [p.seriesName ?? '', ''],
          [input.xLabel || l10n.t('x'), String(x)],
          [input.yLabel || l10n.t('y'), y === null ? '—' : String(y)],
        ]);
      },
    },
    series: [...diagonal, ...lines],
  };
}
