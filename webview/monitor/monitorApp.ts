import { html, LitElement, nothing, type TemplateResult } from 'lit';
import * as l10n from '@vscode/l10n';
import type { MonitorStage, MonitorState, ToMonitorWebview } from '../../src/protocol/monitor';
import type { ChartTheme } from '../compare/palette';
import { onThemeChange, readChartTheme } from '../compare/themeReader';
import { driftShareOption, evaluationOption, featureScoresOption, readVerdictColours, type VerdictColours } from './chartOptions';
import { vscode } from './vscodeApi';

/** The Monitoring panel of one model: per stage, the drift share and the drifted columns' scores per batch; evaluation metrics over time. */
export class MonitorApp extends LitElement {
  static override properties = { state: { state: true }, theme: { state: true } };
  state: MonitorState | undefined;
  theme: ChartTheme = readChartTheme();
  private verdicts: VerdictColours = readVerdictColours(this.theme);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent<ToMonitorWebview>) => this.receive(event.data));
    onThemeChange(() => {
      this.theme = readChartTheme();
      this.verdicts = readVerdictColours(this.theme);
    });
  }

  protected override firstUpdated(): void {
    vscode.postMessage({ type: 'ready' });
  }

  private receive(message: ToMonitorWebview): void {
    switch (message.type) {
      case 'state':
        this.state = message.state;
        vscode.setState(message.state.saved);
        document.getElementById('app')?.removeAttribute('aria-busy');
        break;
      default:
        message.type satisfies never;
    }
  }

  private openReport = (checkId: string | number): void => {
    const id = Number(checkId);
    if (Number.isSafeInteger(id) && id > 0) vscode.postMessage({ type: 'openReport', checkId: id });
  };

  override render(): TemplateResult {
    const state = this.state;
    if (!state) return html`<p class="empty">${l10n.t('Loading…')}</p>`;
    return html`
      <header><h1>${l10n.t('Monitoring: {0}', state.model)}</h1></header>
      ${state.problems.length > 0 ? html`<ul class="problems" role="note">${state.problems.map((p) => html`<li class="warning">${p}</li>`)}</ul>` : nothing}
      ${state.watched
        ? nothing
        : html`<p class="note">${l10n.t('.modelledger/monitor.yaml does not watch this model: name its stages and where new data lands there.')}
            <vscode-button id="open-config" secondary @click=${() => vscode.postMessage({ type: 'openConfig' })}>${l10n.t('Open monitor.yaml')}</vscode-button></p>`}
      ${state.stages.map((stage) => this.stageSection(stage))}
      ${this.evaluationsSection(state)}
    `;
  }

  private stageSection(stage: MonitorStage): TemplateResult {
    const latest = stage.batches.at(-1);
    return html`<section class="stage" aria-labelledby="stage-${stage.stage}">
      <h2 id="stage-${stage.stage}">${l10n.t('Stage {0}', stage.stage)}</h2>
      ${latest
        ? html`<p class="verdict ${latest.datasetDrift ? 'drift' : 'ok'}">
            ${latest.datasetDrift
              ? l10n.t('Latest batch {0}: dataset drift ({1}% of columns drifted, threshold {2}%)', latest.batchPath, Math.round(latest.driftShare * 100), Math.round(stage.shareThreshold * 100))
              : l10n.t('Latest batch {0}: no dataset drift ({1}% of columns drifted, threshold {2}%)', latest.batchPath, Math.round(latest.driftShare * 100), Math.round(stage.shareThreshold * 100))}
          </p>`
        : html`<p class="empty">${l10n.t('No batch checked yet.')}</p>`}
      ${stage.batches.length > 0
        ? html`
            <h3>${l10n.t('Drift share per batch')}</h3>
            <time-chart class="share-chart" .option=${driftShareOption(stage, this.theme, this.verdicts)} .pick=${this.openReport} label=${l10n.t('Drift share of stage {0} per batch', stage.stage)}></time-chart>
            ${stage.features.length > 0
              ? html`<h3>${l10n.t('Drifted columns')}</h3>
                  <time-chart class="feature-chart" .option=${featureScoresOption(stage, this.theme)} .pick=${this.openReport} label=${l10n.t('Drift score of each drifted column of stage {0} per batch', stage.stage)}></time-chart>`
              : html`<p class="note">${l10n.t('No column has drifted.')}</p>`}
            ${this.batchTable(stage)}
          `
        : nothing}
    </section>`;
  }

  /** The batches, newest first: what the charts show, readable without them. */
  private batchTable(stage: MonitorStage): TemplateResult {
    return html`<table class="batches">
      <caption>${l10n.t('Batches of stage {0}', stage.stage)}</caption>
      <thead><tr><th>${l10n.t('Checked')}</th><th>${l10n.t('Batch')}</th><th>${l10n.t('Version')}</th><th>${l10n.t('Rows')}</th><th>${l10n.t('Drift share')}</th><th>${l10n.t('Drifted columns')}</th><th></th></tr></thead>
      <tbody>
        ${[...stage.batches].reverse().map(
          (b) => html`<tr class=${b.datasetDrift ? 'drift' : ''}>
            <td>${new Date(b.checkedAt).toLocaleString()}</td>
            <td><button class="link batch" @click=${() => vscode.postMessage({ type: 'openBatch', path: b.batchPath })}>${b.batchPath}</button></td>
            <td>${b.version ?? '—'}</td>
            <td>${b.rows}</td>
            <td>${Math.round(b.driftShare * 100)}% ${b.datasetDrift ? html`<span class="badge drift">${l10n.t('drift')}</span>` : nothing}</td>
            <td class="columns">${b.drifted.join(', ')}</td>
            <td><button class="link report" @click=${() => this.openReport(b.checkId)}>${l10n.t('Report')}</button></td>
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private evaluationsSection(state: MonitorState): TemplateResult {
    const metrics = [...new Set(state.evaluations.map((e) => e.metric))].sort();
    return html`<section class="evaluations" aria-labelledby="evaluations">
      <h2 id="evaluations">${l10n.t('Evaluations')}</h2>
      ${metrics.length === 0
        ? html`<p class="empty">${l10n.t('No evaluation of this model yet.')}</p>`
        : metrics.map(
            (metric) => html`<h3>${metric}</h3>
              <time-chart class="evaluation-chart" data-metric=${metric} .option=${evaluationOption(metric, state.evaluations.filter((e) => e.metric === metric), this.theme)} label=${l10n.t('{0} of each evaluation over time', metric)}></time-chart>`,
          )}
    </section>`;
  }
}

customElements.define('monitor-app', MonitorApp);
