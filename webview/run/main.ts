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
import type { FromRunWebview, RunDetails, RunPanelState, ToRunWebview } from '../../src/protocol/run';

interface VsCodeApi {
  postMessage(message: FromRunWebview): void;
  setState(state: RunPanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

/** The run details page. Lit renders every string as text, so hostile names stay inert. */
class RunDetailsView extends LitElement {
  static override properties = { run: { state: true }, missing: { state: true } };
  run: RunDetails | undefined;
  missing: string | undefined;

  // Light DOM: the page's theme CSS (media/webview.css) applies inside.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent<ToRunWebview>) => this.receive(event.data));
    vscode.postMessage({ type: 'ready' });
  }

  private receive(message: ToRunWebview): void {
    if (message.type === 'state') {
      this.run = message.run;
      this.missing = undefined;
      vscode.setState({ folder: message.folder, runId: message.run.id });
    } else if (message.type === 'missing') {
      this.missing = message.runId;
    }
    document.getElementById('app')?.removeAttribute('aria-busy');
  }

  override render(): TemplateResult {
    if (this.missing) return html`<p class="empty">Run ${this.missing} is no longer in the store.</p>`;
    const run = this.run;
    if (!run) return html`<p class="empty">Loading…</p>`;
    return html`
      <header>
        <h1>${run.name}</h1>
        <vscode-badge variant="counter" class="status status-${run.status}">${run.status}</vscode-badge>
        <vscode-button secondary @click=${() => vscode.postMessage({ type: 'copy', text: run.id })}>Copy Run ID</vscode-button>
      </header>
      <dl class="facts">
        ${fact('Experiment', run.experiment)} ${fact('Run ID', run.id)} ${fact('Source', run.source)}
        ${fact('Started', time(run.startTime))} ${fact('Ended', time(run.endTime))}
        ${fact('Commit', run.commit ? `${run.commit.slice(0, 12)}${run.branch ? ` (${run.branch})` : ''}${run.dirty ? ', dirty tree' : ''}` : '—')}
        ${run.command ? fact('Command', run.command) : nothing}
      </dl>
      ${section('Metrics', ['Key', 'Last', 'Min', 'Max', 'Points'], run.metrics.map((m) => [m.key, m.last, m.min, m.max, String(m.count)]))}
      ${section('Params', ['Key', 'Value'], run.params)}
      ${section('Tags', ['Key', 'Value'], run.tags)}
      ${section('Artifacts', ['Path', 'Size', 'SHA-256'], run.artifacts.map((a) => [a.path, a.size === null ? '—' : String(a.size), a.sha256 ?? '—']))}
    `;
  }
}

function fact(label: string, value: string): TemplateResult {
  return html`<dt>${label}</dt><dd>${value}</dd>`;
}

function time(ms: number | null): string {
  return ms === null ? '—' : new Date(ms).toLocaleString();
}

function section(title: string, columns: string[], rows: string[][]): TemplateResult {
  return html`
    <vscode-collapsible title="${title} (${rows.length})" ?open=${rows.length > 0}>
      ${rows.length === 0
        ? html`<p class="empty">None.</p>`
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
