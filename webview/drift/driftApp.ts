import { html, LitElement, type TemplateResult } from 'lit';
import { byDriftScore } from '../../src/common/driftColumns';
import { isRecord } from '../../src/common/records';
import { parseDriftUiState, parseToDriftWebview, type DriftReport, type DriftUiState, type ExportFormat } from '../../src/protocol/drift';
import type { ChartTheme } from '../compare/palette';
import { onThemeChange, readChartTheme } from '../compare/themeReader';
import { columnsSection } from './columnsSection';
import { findingsSection } from './findingsSection';
import { verdictSection } from './verdictSection';
import { vscode } from './vscodeApi';
import * as l10n from '@vscode/l10n';

/** How long the page's scroll settles before it is saved. */
const SCROLL_SAVE_MS = 150;
/** Column cards in a report's first paint (more than a tall window shows); the rest come in the next frame. */
const FIRST_CARDS = 12;

/**
 * The drift report page. It draws the report the host sends (checked first: a message is input)
 * and saves it with the page's own choices, so VS Code's serializer reopens the same report after
 * a reload and the page comes back filtered and scrolled as it was.
 */
export class DriftApp extends LitElement {
  // The ui redraws only when the filter changes: the scroll it also keeps is the page's own.
  static override properties = { report: { state: true }, cards: { state: true }, ui: { state: true, hasChanged: (a: DriftUiState, b?: DriftUiState) => a.onlyDrifted !== b?.onlyDrifted }, theme: { state: true } };
  report: DriftReport | undefined;
  cards = FIRST_CARDS;
  ui: DriftUiState = savedUi();
  theme: ChartTheme = readChartTheme();
  /** The saved scroll is applied once, to the first report drawn after the page loads. */
  private scrollRestored = false;
  private scrollTimer: ReturnType<typeof setTimeout> | undefined;
  private sorted: { from: DriftReport; columns: DriftReport['columns'] } | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    window.addEventListener('scroll', () => {
      clearTimeout(this.scrollTimer);
      this.scrollTimer = setTimeout(() => {
        this.ui = { ...this.ui, scrollY: Math.round(window.scrollY) };
        this.save();
      }, SCROLL_SAVE_MS);
    });
    onThemeChange(() => (this.theme = readChartTheme()));
    vscode.postMessage({ type: 'ready' });
  }

  private receive(data: unknown): void {
    const message = parseToDriftWebview(data);
    if (!message) return;
    this.report = message.report;
    this.save();
    document.getElementById('app')?.removeAttribute('aria-busy');
    void this.renderAllCards();
  }

  /**
   * Renders every card once the first ones have painted: fifty columns cost the first paint
   * only what a window shows. The saved scroll is applied then, when the page has its height.
   */
  private async renderAllCards(): Promise<void> {
    await this.updateComplete;
    await new Promise((resolve) => requestAnimationFrame(resolve));
    this.cards = Number.POSITIVE_INFINITY;
    await this.updateComplete;
    if (this.scrollRestored) return;
    this.scrollRestored = true;
    if (this.ui.scrollY > 0) window.scrollTo(0, this.ui.scrollY);
  }

  private setUi(patch: Partial<DriftUiState>): void {
    this.ui = { ...this.ui, ...patch };
    this.save();
  }

  private save(): void {
    if (this.report) vscode.setState({ report: this.report, ui: this.ui });
  }

  private post(format: ExportFormat): void {
    vscode.postMessage({ type: 'export', format });
  }

  /** Sorted once per report, not on every render (a filter or theme change). */
  private columnsByScore(report: DriftReport): DriftReport['columns'] {
    if (this.sorted?.from !== report) this.sorted = { from: report, columns: byDriftScore(report.columns) };
    return this.sorted.columns;
  }

  override render(): TemplateResult {
    const report = this.report;
    if (!report) return html`<p class="empty">${l10n.t('Loading…')}</p>`;
    const all = this.columnsByScore(report);
    const columns = this.ui.onlyDrifted ? all.filter((c) => c.drift) : all;
    return html`
      <div class="toolbar" role="toolbar" aria-label=${l10n.t('Export')}>
        <span>${l10n.t('Export:')}</span>
        <vscode-button secondary id="export-json" @click=${() => this.post('json')}>${l10n.t('JSON')}</vscode-button>
        <vscode-button secondary id="export-markdown" @click=${() => this.post('markdown')}>${l10n.t('Markdown')}</vscode-button>
        <vscode-button secondary id="export-html" @click=${() => this.post('html')}>${l10n.t('HTML')}</vscode-button>
      </div>
      ${verdictSection(report)}
      ${findingsSection(report.findings)}
      ${columnsSection({ columns, total: all.length, onlyDrifted: this.ui.onlyDrifted, theme: this.theme, cards: this.cards, setOnlyDrifted: (on) => this.setUi({ onlyDrifted: on }) })}
    `;
  }
}

/** The page's choices as saved before a reload (the report comes back from the host). */
function savedUi(): DriftUiState {
  const saved = vscode.getState();
  return parseDriftUiState(isRecord(saved) ? saved.ui : undefined);
}

customElements.define('drift-app', DriftApp);
