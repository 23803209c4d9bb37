import { html, type TemplateResult } from 'lit';
import type { CompareState } from '../../src/protocol/compare';
import type { ChartTheme } from './palette';
import { relationAxes, type RelationAxis } from './relationData';
import { parallelOption, scatterOption } from './relationOptions';
import type { UiState } from './uiState';
import * as l10n from '@vscode/l10n';

export interface RelationsContext {
  state: CompareState;
  ui: UiState;
  theme: ChartTheme;
  hovered: string | null;
  hover(runId: string | null): void;
  setUi(patch: Partial<UiState>): void;
}

/** How params relate to metrics across the runs: a scatter of one against one, and parallel coordinates over several. */
export function relationsSection({ state, ui, theme, hovered, hover, setUi }: RelationsContext): TemplateResult {
  const { params, metrics } = relationAxes(state.table);
  const all = [...params, ...metrics];
  if (params.length === 0 || metrics.length === 0) return html`<p class="empty">${l10n.t('Scatter and parallel plots need a param and a metric that the table shows.')}</p>`;
  const x = params.find((p) => p.id === ui.scatterParam) ?? params[0]!;
  const y = metrics.find((m) => m.id === ui.scatterMetric) ?? metrics[0]!;
  const chosen = ui.parallelAxes.flatMap((id) => all.filter((a) => a.id === id));
  const axes = chosen.length > 0 ? chosen : [...params.slice(0, 4), ...metrics.slice(0, 2)];
  return html`
    <h3>${l10n.t('Scatter')}</h3>
    <div class="controls">
      <label for="scatter-param">${l10n.t('Param')}</label>
      ${select('scatter-param', params, x, (id) => setUi({ scatterParam: id }))}
      <label for="scatter-metric">${l10n.t('Metric (last value)')}</label>
      ${select('scatter-metric', metrics, y, (id) => setUi({ scatterMetric: id }))}
    </div>
    <plot-chart class="scatter" label=${l10n.t('Scatter of {0} against {1}, one point per run', y.name, x.name)} .hover=${hover} .option=${scatterOption(state.table, state.runs, x, y, theme, hovered)}></plot-chart>
    <h3>${l10n.t('Parallel coordinates')}</h3>
    <div class="controls">
      <label for="parallel-axes">${l10n.t('Axes')}</label>
      <vscode-multi-select id="parallel-axes" .value=${axes.map((a) => a.id)}
        @change=${(e: Event) => setUi({ parallelAxes: [...((e.target as unknown as { value: string[] }).value)] })}>
        ${all.map((a) => html`<vscode-option value=${a.id} ?selected=${axes.includes(a)}>${a.id.startsWith('param:') ? l10n.t('param: {0}', a.name) : l10n.t('metric: {0}', a.name)}</vscode-option>`)}
      </vscode-multi-select>
    </div>
    <plot-chart class="parallel" label=${l10n.t('Parallel coordinates of {0}, one line per run', axes.map((a) => a.name).join(', '))} .hover=${hover} .option=${parallelOption(state.table, state.runs, axes, theme, hovered)}></plot-chart>
  `;
}

function select(id: string, axes: readonly RelationAxis[], chosen: RelationAxis, choose: (id: string) => void): TemplateResult {
  return html`<vscode-single-select id=${id} .value=${chosen.id} @change=${(e: Event) => choose((e.target as HTMLSelectElement).value)}>
    ${axes.map((a) => html`<vscode-option value=${a.id} ?selected=${a === chosen}>${a.name}</vscode-option>`)}
  </vscode-single-select>`;
}
