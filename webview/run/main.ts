import '../shared/l10n';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import type { MediaView } from '../../src/protocol/media';
import type { FromRunWebview, RunDetails, RunPanelState, ToRunWebview } from '../../src/protocol/run';
import * as l10n from '@vscode/l10n';
import type { ChartTheme } from '../compare/palette';
import { onThemeChange, readChartTheme } from '../compare/themeReader';
import { statusText } from '../shared/statusText';
import type { ArtifactTreeView } from '../../src/protocol/runArtifacts';
import { ArtifactBrowser } from './artifactBrowser';
import { imagesSection } from './imagesSection';
import { plotsSection } from './plotsSection';
import { savedSteps } from '../shared/media/steps';
import { vscode } from './vscodeApi';

/** The run details page. Lit renders every string as text, so hostile names stay inert. */
class RunDetailsView extends LitElement {
  static override properties = { run: { state: true }, missing: { state: true }, preview: { state: true }, artifacts: { state: true }, media: { state: true }, theme: { state: true }, imageSteps: { state: true } };
  run: RunDetails | undefined;
  artifacts: ArtifactTreeView | null = null;
  media: MediaView | undefined;
  theme: ChartTheme = readChartTheme();
  /** Each image key's slider position (a step), kept across reloads. */
  imageSteps: Record<string, number> = savedSteps((vscode.getState() as { imageSteps?: unknown } | null)?.imageSteps);
  private target: RunPanelState | undefined;
  /** One browser for the page's life: what is open in it survives each new snapshot. */
  private readonly browser = Object.assign(new ArtifactBrowser(), { post: (message: FromRunWebview) => vscode.postMessage(message) });
  missing: string | undefined;
  /** The tab is the preview, which the next run shown replaces. */
  preview = false;

  // Light DOM: the page's theme CSS (media/webview.css) applies inside.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent<ToRunWebview>) => this.receive(event.data));
    onThemeChange(() => (this.theme = readChartTheme()));
    vscode.postMessage({ type: 'ready' });
  }

  /** Saves what a reload restores: the host's panel state and the sliders' steps. */
  private save(target: RunPanelState): void {
    this.target = target;
    vscode.setState({ ...target, imageSteps: this.imageSteps });
  }

  private chooseStep(key: string, step: number): void {
    this.imageSteps = { ...this.imageSteps, [key]: step };
    if (this.target) this.save(this.target);
  }

  private receive(message: ToRunWebview): void {
    // Kept for the serializer, so a reload brings the tab back as it was: the same run, preview or kept.
    if (message.type === 'artifactPreview') {
      this.browser.receivePreview(message.id, message.preview);
      return;
    }
    if (message.type === 'state') {
      this.run = message.run;
      this.artifacts = message.artifacts;
      this.media = message.media;
      this.missing = undefined;
      this.save({ folder: message.folder, runId: message.run.id, preview: message.preview });
    } else if (message.type === 'missing') {
      this.missing = message.runId;
      this.save({ folder: message.folder, runId: message.runId, preview: message.preview });
    }
    this.preview = message.preview;
    document.getElementById('app')?.removeAttribute('aria-busy');
  }

  override render(): TemplateResult {
    return html`${this.preview ? previewBar() : nothing}${this.details()}`;
  }

  private artifactsSection(): TemplateResult {
    this.browser.tree = this.artifacts;
    const files = this.artifacts?.roots.reduce((n, r) => n + r.files, 0) ?? 0;
    return html`<vscode-collapsible class="artifacts-section" title="${l10n.t('{0} ({1})', l10n.t('Artifacts'), files)}" open>${this.browser}</vscode-collapsible>`;
  }

  private details(): TemplateResult {
    if (this.missing) return html`<p class="empty">${l10n.t('Run {0} is no longer in the store.', this.missing)}</p>`;
    const run = this.run;
    if (!run) return html`<p class="empty">${l10n.t('Loading…')}</p>`;
    const state = run.stale ? 'stale' : run.status;
    return html`
      <header>
        <h1>${run.name}${run.qualifier ? html` <span class="qualifier">${run.qualifier}</span>` : nothing}</h1>
        <vscode-badge variant="counter" class="status status-${state}">${run.stale ? l10n.t('stale') : statusText(run.status)}</vscode-badge>
        <vscode-button secondary @click=${() => vscode.postMessage({ type: 'copy', text: run.id })}>${l10n.t('Copy Run ID')}</vscode-button>
      </header>
      ${run.stale && run.lastUpdate !== null
        ? html`<p class="stale-note" role="note">
            ${l10n.t('Still marked running, but nothing new was recorded since {0}: its process has most likely stopped, and it is no longer followed live.', time(run.lastUpdate))}
          </p>`
        : nothing}
      <dl class="facts">
        ${fact(l10n.t('Experiment'), run.experiment)} ${fact(l10n.t('Run ID'), run.id)} ${fact(l10n.t('Source'), run.source)}
        ${fact(l10n.t('Started'), time(run.startTime))} ${fact(l10n.t('Ended'), time(run.endTime))}
        ${run.lastUpdate !== null ? fact(l10n.t('Last update'), time(run.lastUpdate)) : nothing}
        ${fact(l10n.t('Commit'), run.commit ? commitText(run.commit, run.branch, run.dirty) : '—')}
        ${run.command ? fact(l10n.t('Command'), run.command) : nothing}
      </dl>
      ${section(l10n.t('Metrics'), [l10n.t('Key'), l10n.t('Last'), l10n.t('Min'), l10n.t('Max'), l10n.t('Points')], run.metrics.map((m) => [m.key, m.last, m.min, m.max, String(m.count)]))}
      ${section(l10n.t('Params'), [l10n.t('Key'), l10n.t('Value')], run.params)}
      ${section(l10n.t('Tags'), [l10n.t('Key'), l10n.t('Value')], run.tags)}
      ${this.artifactsSection()}
      ${this.media ? html`${plotsSection(this.media, this.theme)}${imagesSection(this.media, this.imageSteps, (key, step) => this.chooseStep(key, step))}` : nothing}
    `;
  }
}

/** Said while the tab is the preview, as VS Code says it with an italic title: the next run replaces it, unless kept. */
function previewBar(): TemplateResult {
  return html`<div class="preview-bar" role="status">
    <span>${l10n.t('Preview: the next run you select replaces it.')}</span>
    <vscode-button secondary @click=${() => vscode.postMessage({ type: 'keepOpen' })}>${l10n.t('Keep Open')}</vscode-button>
  </div>`;
}

function fact(label: string, value: string): TemplateResult {
  return html`<dt>${label}</dt><dd>${value}</dd>`;
}

function commitText(commit: string, branch: string | null, dirty: boolean): string {
  const short = branch ? l10n.t('{0} ({1})', commit.slice(0, 12), branch) : commit.slice(0, 12);
  return dirty ? l10n.t('{0}, dirty tree', short) : short;
}

function time(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toLocaleString();
}

function section(title: string, columns: string[], rows: string[][]): TemplateResult {
  return html`
    <vscode-collapsible title="${l10n.t('{0} ({1})', title, rows.length)}" ?open=${rows.length > 0}>
      ${rows.length === 0
        ? html`<p class="empty">${l10n.t('None.')}</p>`
        : html`<vscode-table zebra bordered-columns resizable aria-label=${title}>
            <vscode-table-header slot="header">
              ${columns.map((c) => html`<vscode-table-header-cell>${c}</vscode-table-header-cell>`)}
            </vscode-table-header>
            <vscode-table-body slot="body">
              ${rows.map((row) => html`<vscode-table-row>${row.map((cell) => html`<vscode-table-cell>${cell}</vscode-table-cell>`)}</vscode-table-row>`)}
            </vscode-table-body>
          </vscode-table>`}
    </vscode-collapsible>
  `;
}

customElements.define('run-details', RunDetailsView);
document.getElementById('app')?.append(document.createElement('run-details'));
