import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { LIMITS, X_AXES, type CompareState, type FromCompareWebview, type XAxis } from '../../src/protocol/compare';
import { xAxisLabel } from './axisText';
import { dotChart, type DotChartInput } from './dotChart';
import type { MetricChartInput } from './metricChart';
import { focusClass, type RunStyle } from './palette';
import { runLabel, runSwatch } from './runLabel';
import type { UiState } from './uiState';
import * as l10n from '@vscode/l10n';

export interface ChartsContext {
  state: CompareState;
  ui: UiState;
  post(message: FromCompareWebview): void;
  setUi(patch: Partial<UiState>): void;
  resetZoom(): void;
  styleOf(runId: string): RunStyle;
  hovered: string | null;
  hover(runId: string | null): void;
  inputFor(metric: string): MetricChartInput | undefined;
  dotInputFor(metric: string): DotChartInput | undefined;
}

/** The metric charts: which metrics, the x axis, smoothing and log y, a legend, then one chart per metric. */
export function chartsSection(c: ChartsContext): TemplateResult {
  const { state, ui } = c;
  return html`
    <div class="controls">
      <label for="metric-chooser">${l10n.t('Metrics')}</label>
      <vscode-multi-select id="metric-chooser" .value=${state.chosenMetrics}
        @change=${(e: Event) => c.post({ type: 'chooseMetrics', metrics: ((e.target as HTMLSelectElement & { value: string[] }).value as unknown as string[]).slice(0, LIMITS.chosenMetrics) })}>
        ${state.metrics.map((m) => html`<vscode-option value=${m} ?selected=${state.chosenMetrics.includes(m)}>${m}</vscode-option>`)}
      </vscode-multi-select>
      <label for="x-axis">${l10n.t('X axis')}</label>
      <vscode-single-select id="x-axis" .value=${state.xAxis} @change=${(e: Event) => c.post({ type: 'setXAxis', axis: (e.target as HTMLSelectElement).value as XAxis })}>
        ${X_AXES.map((a) => html`<vscode-option value=${a} ?selected=${a === state.xAxis}>${xAxisLabel(a)}</vscode-option>`)}
      </vscode-single-select>
      <label for="smoothing">${l10n.t('Smoothing')}</label>
      <input id="smoothing" type="range" min="0" max="0.99" step="0.01" .value=${String(ui.smoothing)}
        @input=${(e: Event) => c.setUi({ smoothing: Number((e.target as HTMLInputElement).value) })} />
      <output for="smoothing">${ui.smoothing.toFixed(2)}</output>
      <vscode-checkbox id="log-y" ?checked=${ui.logY} @change=${(e: Event) => c.setUi({ logY: (e.target as HTMLInputElement).checked })}>${l10n.t('Log y')}</vscode-checkbox>
      <vscode-button secondary ?disabled=${state.zoom === null} @click=${c.resetZoom}>${l10n.t('Reset zoom')}</vscode-button>
    </div>
    <ul class="legend" aria-label=${l10n.t('Runs')} @mouseleave=${() => c.hover(null)}>
      ${state.runs.map((r) => html`<li class=${focusClass(r.id, c.hovered)} data-run=${r.id} @mouseenter=${() => c.hover(r.id)}>${runSwatch(c.styleOf(r.id))}${runLabel(r)}</li>`)}
    </ul>
    ${state.charts.length === 0 ? html`<p class="empty">${l10n.t('Choose metrics to chart.')}</p>` : nothing}
    <div class="charts">
      ${repeat(
        state.charts,
        // A chart that changes kind (a second point logged) is a new element: dots and lines share no axes.
        (chart) => `${chart.kind}:${chart.metric}`,
        (chart) => (chart.kind === 'dots' ? dotChart(c.dotInputFor(chart.metric)!) : html`<metric-chart .input=${c.inputFor(chart.metric)}></metric-chart>`),
      )}
    </div>
  `;
}
