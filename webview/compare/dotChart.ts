import { html, type TemplateResult } from 'lit';
import type { CompareRun, MetricChart } from '../../src/protocol/compare';
import { dotChartHeight, dotChartOption } from './dotOption';
import { nonFiniteList } from './nonFiniteList';
import type { ChartTheme } from './palette';
import * as l10n from '@vscode/l10n';

export interface DotChartInput {
  chart: MetricChart;
  /** In the table's order. */
  runs: readonly CompareRun[];
  theme: ChartTheme;
  hovered: string | null;
  hover(runId: string | null): void;
}

/** A metric every run logged once: its title, a dot per run, and the runs whose value is not finite. */
export function dotChart(input: DotChartInput): TemplateResult {
  const { chart, runs } = input;
  return html`<div class="dot-chart">
    <h3 id="chart-${chart.metric}">${chart.metric} <span class="chart-note">${l10n.t('logged once per run')}</span></h3>
    <plot-chart .height=${dotChartHeight(runs.length)} .hover=${input.hover}
      label=${l10n.t('{0}: one value per run, {1} runs', chart.metric, chart.series.length)}
      .option=${dotChartOption(chart, runs, input.theme, input.hovered)}></plot-chart>
    ${nonFiniteList(chart.series, new Map(runs.map((r) => [r.id, r])))}
  </div>`;
}
