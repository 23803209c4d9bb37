import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { cssomStyle } from '../cssomStyle';
import * as l10n from '@vscode/l10n';

type Cell = string | number | boolean | null;

/** Pixels per row: fixed, so the rows on screen follow from the scroll position alone. */
export const ROW_HEIGHT = 24;
/** Rows drawn above and below the visible ones, so a quick scroll does not show blanks. */
const OVERSCAN = 10;
/** The scrolling box's height in pixels. */
const VIEW_HEIGHT = 320;

/**
 * A logged table (MLflow `log_table`, a run log table, a CSV plot's rows), windowed: only the rows
 * in view are in the DOM, so a thousand rows scroll as smoothly as ten. Every cell is text.
 */
export class MediaTableView extends LitElement {
  static override properties = { columns: { attribute: false }, rows: { attribute: false }, totalRows: { attribute: false }, label: {}, first: { state: true } };
  columns: readonly string[] = [];
  rows: readonly (readonly Cell[])[] = [];
  totalRows = 0;
  label = '';
  /** The first row in the DOM. */
  first = 0;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override render(): TemplateResult {
    const visible = Math.ceil(VIEW_HEIGHT / ROW_HEIGHT) + 2 * OVERSCAN;
    const first = Math.max(0, Math.min(this.first, this.rows.length - visible));
    const last = Math.min(this.rows.length, first + visible);
    const spacer = (rows: number) => (rows > 0 ? html`<tr aria-hidden="true" class="spacer" ${cssomStyle({ height: `${rows * ROW_HEIGHT}px` })}></tr>` : nothing);
    return html`
      ${this.totalRows > this.rows.length ? html`<p class="note">${l10n.t('The first {0} of {1} rows.', this.rows.length, this.totalRows)}</p>` : nothing}
      <div class="media-table-scroll" tabindex="0" role="region" aria-label=${this.label} @scroll=${(e: Event) => this.scrolled(e)}>
        <table class="media-table" aria-rowcount=${this.rows.length + 1}>
          <thead><tr aria-rowindex="1">${this.columns.map((c) => html`<th scope="col">${c}</th>`)}</tr></thead>
          <tbody>
            ${spacer(first)}
            ${this.rows.slice(first, last).map((row, i) => html`<tr aria-rowindex=${first + i + 2}>${this.columns.map((_, c) => html`<td>${cellText(row[c])}</td>`)}</tr>`)}
            ${spacer(this.rows.length - last)}
          </tbody>
        </table>
      </div>
    `;
  }

  private scrolled(event: Event): void {
    const first = Math.max(0, Math.floor((event.target as HTMLElement).scrollTop / ROW_HEIGHT) - OVERSCAN);
    if (first !== this.first) this.first = first;
  }
}

function cellText(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

customElements.define('media-table', MediaTableView);
