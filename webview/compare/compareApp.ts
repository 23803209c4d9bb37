import { html, LitElement, nothing, type TemplateResult } from 'lit';
import type { CompareState, ToCompareWebview } from '../../src/protocol/compare';
import { unpackCompareMessage } from '../../src/protocol/compareWire';
import { LIMITS } from '../../src/protocol/limits';
import { chartsSection } from './chartsSection';
import { codeSection } from './codeSection';
import { mediaSection } from './mediaSection';
import type { MetricChartInput, MetricChartView } from './metricChart';
import { runStyle, type ChartTheme, type RunStyle } from './palette';
import { onThemeChange, readChartTheme } from './themeReader';
import { pageSection } from './pageSection';
import { relationsSection } from './relationsSection';
import { tableSection } from './tableSection';
import type { TableActions } from './tableView';
import { readUiState, type UiState } from './uiState';
import { vscode } from './vscodeApi';
import { ZoomLink } from './zoomLink';
import * as l10n from '@vscode/l10n';

const RESIZE_SETTLE_MS = 200;

/** The compare runs page: it draws each snapshot the host sends and tells the host what the user does. */
export class CompareApp extends LitElement {
  static override properties = { state: { state: true }, ui: { state: true }, theme: { state: true }, hovered: { state: true } };
  state: CompareState | undefined;
  /** The run under the pointer (a line, a dot, a legend entry, a column header): highlighted everywhere, the others dimmed. */
  hovered: string | null = null;
  ui: UiState = readUiState(vscode.getState());
  theme: ChartTheme = readChartTheme();
  private readonly link = new ZoomLink((message) => vscode.postMessage(message));
  /** Kept while nothing it holds changes, so a chart is redrawn only when its own data or settings do. */
  private chartInputs = new Map<string, MetricChartInput>();
  private width = 0;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly tableActions: TableActions = {
    post: (message) => vscode.postMessage(message),
    toggleSection: (section) => this.toggle(section),
    styleOf: (run) => runStyle(this.theme, run.colour),
    hover: (runId) => this.hover(runId),
  };
  private readonly hoverRun = (runId: string | null) => this.hover(runId);

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = unpackCompareMessage(event.data);
      if (message) this.receive(message);
    });
    window.addEventListener('resize', () => {
      clearTimeout(this.resizeTimer);
      this.resizeTimer = setTimeout(() => this.postWidth('resize'), RESIZE_SETTLE_MS);
    });
    onThemeChange(() => (this.theme = readChartTheme()));
  }

  protected override firstUpdated(): void {
    this.postWidth('ready');
  }

  /** The width the host cuts buckets for: a chart spans the page's width. */
  private postWidth(type: 'ready' | 'resize'): void {
    const width = Math.min(LIMITS.width, Math.max(1, Math.round(this.clientWidth)));
    if (type === 'resize' && width === this.width) return;
    this.width = width;
    vscode.postMessage({ type, width });
  }

  private receive(message: ToCompareWebview): void {
    switch (message.type) {
      case 'state':
        this.state = message.state;
        this.save();
        document.getElementById('app')?.removeAttribute('aria-busy');
        break;
      case 'series': {
        if (!this.link.isLatest(message.id, message.chart.metric)) break;
        const charts = this.querySelectorAll<MetricChartView>('metric-chart');
        [...charts].find((c) => c.input?.chart.metric === message.chart.metric)?.applySeries(message.chart);
        break;
      }
      default:
        message satisfies never;
    }
  }

  private save(): void {
    if (this.state) vscode.setState({ ...this.state.saved, ui: this.ui });
  }

  private hover(runId: string | null): void {
    const known = runId !== null && this.state?.runs.some((r) => r.id === runId) ? runId : null;
    if (known !== this.hovered) this.hovered = known;
  }

  private styleOf(runId: string): RunStyle {
    return runStyle(this.theme, this.state?.runs.find((r) => r.id === runId)?.colour ?? 0);
  }

  private setUi(patch: Partial<UiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.save();
  }

  private toggle(section: string): void {
    const collapsed = this.ui.collapsed.includes(section) ? this.ui.collapsed.filter((s) => s !== section) : [...this.ui.collapsed, section];
    this.setUi({ collapsed });
  }

  private inputFor(metric: string): MetricChartInput | undefined {
    const state = this.state!;
    const chart = state.charts.find((c) => c.metric === metric);
    if (!chart) return undefined;
    const old = this.chartInputs.get(metric);
    const { theme, ui, hovered } = this;
    if (old && old.chart === chart && old.theme === theme && old.smoothing === ui.smoothing && old.logY === ui.logY && old.xAxis === state.xAxis && old.zoom === state.zoom && old.hovered === hovered) return old;
    const runs = new Map(state.runs.map((r) => [r.id, r]));
    const input: MetricChartInput = { chart, runs, theme, xAxis: state.xAxis, zoom: state.zoom, smoothing: ui.smoothing, logY: ui.logY, link: this.link, hovered, hover: this.hoverRun };
    this.chartInputs.set(metric, input);
    return input;
  }

  override render(): TemplateResult {
    const state = this.state;
    if (!state) return html`<p class="empty">${l10n.t('Loading…')}</p>`;
    const open = (id: string) => !this.ui.collapsed.includes(id);
    return html`
      <header><h1>${l10n.t('Compare runs ({0})', state.runs.length)}</h1></header>
      ${state.missingRunIds.length > 0
        ? html`<p class="warning" role="note">${state.missingRunIds.length === 1 ? l10n.t('1 run is no longer in the store: {0}', state.missingRunIds.join(', ')) : l10n.t('{0} runs are no longer in the store: {1}', state.missingRunIds.length, state.missingRunIds.join(', '))}</p>`
        : nothing}
      ${pageSection('table', l10n.t('Table'), open('table'), () => this.toggle('table'), () => tableSection(state, this.ui.collapsed, this.hovered, this.tableActions))}
      ${pageSection('charts', l10n.t('Charts'), open('charts'), () => this.toggle('charts'), () =>
        chartsSection({
          state,
          ui: this.ui,
          post: (message) => vscode.postMessage(message),
          setUi: (patch) => this.setUi(patch),
          resetZoom: () => this.link.zoomed(undefined, null),
          styleOf: (runId) => this.styleOf(runId),
          hovered: this.hovered,
          hover: this.hoverRun,
          inputFor: (metric) => this.inputFor(metric),
          dotInputFor: (metric) => {
            const chart = state.charts.find((c) => c.metric === metric);
            return chart && { chart, runs: state.runs, theme: this.theme, hovered: this.hovered, hover: this.hoverRun };
          },
        }),
      )}
      ${pageSection('relations', l10n.t('Params against metrics'), open('relations'), () => this.toggle('relations'), () => relationsSection({ state, ui: this.ui, theme: this.theme, hovered: this.hovered, hover: this.hoverRun, setUi: (patch) => this.setUi(patch) }))}
      ${pageSection('media', l10n.t('Media'), open('media'), () => this.toggle('media'), () =>
        mediaSection({ state, theme: this.theme, steps: this.ui.mediaSteps, chooseStep: (key, step) => this.setUi({ mediaSteps: { ...this.ui.mediaSteps, [key]: step } }) }),
      )}
      ${pageSection('code', l10n.t('Code'), open('code'), () => this.toggle('code'), () => codeSection(state.code, state.runs, (message) => vscode.postMessage(message)))}
    `;
  }
}

customElements.define('compare-app', CompareApp);
