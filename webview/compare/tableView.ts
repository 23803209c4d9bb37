import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { TableRow } from '../../src/core/compare/comparisonTable';
import type { Direction } from '../../src/common/direction';
import type { RowSection } from '../../src/core/compare/tableRows';
import type { CompareRun, CompareState, FromCompareWebview } from '../../src/protocol/compare';
import { cssomStyle } from '../shared/cssomStyle';
import { cellText, deltaText, rowLabel } from './cellText';
import { focusClass, type RunStyle } from './palette';
import { runSwatch, runText } from './runLabel';
import { tableLines, visibleSlice, type TableLine, type TableWindow } from './tableLayout';
import * as l10n from '@vscode/l10n';
import { statusText } from '../shared/statusText';

// Fixed sizes make the window a matter of arithmetic; compare.css gives rows and columns the same.
const ROW_HEIGHT = 28;
const HEAD_HEIGHT = 64;
const ROW_HEAD_WIDTH = 280;
const COLUMN_WIDTH = 170;
const MARGIN_ROWS = 6;
const MARGIN_COLUMNS = 2;

export interface TableActions {
  post(message: FromCompareWebview): void;
  toggleSection(section: string): void;
  /** How the charts draw a run (its colour, dash and marker). */
  styleOf(run: CompareRun): RunStyle;
  /** The pointer is over a run's column header (null: it left). */
  hover(runId: string | null): void;
}

/**
 * The comparison table, runs as columns with the baseline pinned first. Only the rows and columns
 * in view (and a margin) are in the DOM: a hundred runs by a thousand rows would otherwise be
 * a hundred thousand cells. Spacers take the place of the rest so that the scroll bars stay true.
 * A scroll renders only when it moves a row or column in or out, and rows and columns are keyed by
 * their place: the one that enters is added and the one that leaves removed, while the others keep
 * their cells untouched (rewriting every cell's text had the browser lay out three times the boxes).
 */
export class CompareTableView extends LitElement {
  static override properties = {
    state: { attribute: false },
    collapsed: { attribute: false },
    hovered: { attribute: false },
    actions: { attribute: false },
  };
  state!: CompareState;
  collapsed: string[] = [];
  /** The run under the pointer anywhere on the page: its header is marked. */
  hovered: string | null = null;
  actions!: TableActions;
  /** Where the scroller is; not a reactive property: most scroll frames move no row or column in or out, and need no render. */
  private viewport = { top: 0, left: 0, width: 800, height: 600 };
  /** The rows and columns of the last render, and how many lines it had. */
  private drawn: (TableWindow & { lines: number }) | undefined;
  private frame = 0;
  private resizer: ResizeObserver | undefined;

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override firstUpdated(): void {
    const scroller = this.querySelector<HTMLElement>('.table-scroll')!;
    this.resizer = new ResizeObserver(() => this.measure(scroller));
    this.resizer.observe(scroller);
    this.measure(scroller);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizer?.disconnect();
    cancelAnimationFrame(this.frame);
  }

  private onScroll(event: Event): void {
    const scroller = event.currentTarget as HTMLElement;
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(() => this.measure(scroller));
  }

  private measure(scroller: HTMLElement): void {
    this.viewport = { top: scroller.scrollTop, left: scroller.scrollLeft, width: scroller.clientWidth, height: scroller.clientHeight };
    const drawn = this.drawn;
    if (!drawn || !sameWindow(drawn, this.windowOf(drawn.lines))) this.requestUpdate();
  }

  /** The rows and columns (after the baseline) in view, with their margins, for a table of `lines` lines. */
  private windowOf(lines: number): TableWindow {
    const { top, left, width, height } = this.viewport;
    return {
      rows: visibleSlice(top, height - HEAD_HEIGHT, ROW_HEIGHT, lines, MARGIN_ROWS),
      cols: visibleSlice(left, width - ROW_HEAD_WIDTH - COLUMN_WIDTH, COLUMN_WIDTH, Math.max(0, this.state.runs.length - 1), MARGIN_COLUMNS),
    };
  }

  override render(): TemplateResult {
    const { state } = this;
    const lines = tableLines(state.table.rows, new Set(this.collapsed));
    const others = state.runs.length - 1;
    const { rows, cols } = this.windowOf(lines.length);
    this.drawn = { rows, cols, lines: lines.length };
    // Column indexes into state.runs: the baseline (0), then the others in view.
    const shown = [0, ...range(cols.start + 1, cols.end + 1)].filter((i) => i < state.runs.length);
    const before = cols.start * COLUMN_WIDTH;
    const after = (Math.max(0, others) - cols.end) * COLUMN_WIDTH;
    const span = shown.length + 3;
    return html`
      <div class="table-scroll" tabindex="0" aria-label=${l10n.t('Comparison table: scroll with the arrow keys')} @scroll=${this.onScroll}>
        <table class="compare-table" aria-rowcount=${lines.length + 1} aria-colcount=${state.runs.length + 1}
          ${cssomStyle({ width: `${ROW_HEAD_WIDTH + COLUMN_WIDTH * state.runs.length}px` })}>
          <colgroup>
            <col ${cssomStyle({ width: `${ROW_HEAD_WIDTH}px` })} />
            <col ${cssomStyle({ width: `${COLUMN_WIDTH}px` })} />
            <col ${cssomStyle({ width: `${before}px` })} />
            ${shown.slice(1).map(() => html`<col ${cssomStyle({ width: `${COLUMN_WIDTH}px` })} />`)}
            <col ${cssomStyle({ width: `${after}px` })} />
          </colgroup>
          <thead>
            <tr>
              <th class="corner" scope="col">${l10n.t('Run')}</th>
              ${this.runHead(0)}
              <th class="spacer" aria-hidden="true"></th>
              ${repeat(shown.slice(1), (i) => i, (i) => this.runHead(i))}
              <th class="spacer" aria-hidden="true"></th>
            </tr>
          </thead>
          <tbody>
            <tr class="spacer" aria-hidden="true" ${cssomStyle({ height: `${rows.start * ROW_HEIGHT}px` })}><td colspan=${span}></td></tr>
            ${repeat(lines.slice(rows.start, rows.end), (_, n) => rows.start + n, (line, n) => this.line(line, rows.start + n, shown, span))}
            <tr class="spacer" aria-hidden="true" ${cssomStyle({ height: `${(lines.length - rows.end) * ROW_HEIGHT}px` })}><td colspan=${span}></td></tr>
          </tbody>
        </table>
      </div>
    `;
  }

  private runHead(column: number): TemplateResult {
    const run = this.state.runs[column]!;
    const baseline = column === 0;
    const hover = focusClass(run.id, this.hovered);
    return html`
      <th scope="col" class="run-head ${baseline ? 'baseline' : ''} ${hover}" aria-colindex=${column + 2} title=${runText(run)} data-run=${run.id}
        @mouseenter=${() => this.actions.hover(run.id)} @mouseleave=${() => this.actions.hover(null)}>
        <div class="run-name">${runSwatch(this.actions.styleOf(run))}<span class="run-label-name">${run.name}</span></div>
        ${run.owner ? html`<div class="run-meta run-owner"><span class="run-where">${run.owner}</span></div>` : nothing}
        <div class="run-meta">${run.qualifier === null ? nothing : html`<span class="qualifier">${run.qualifier}</span>`}<span class="run-where">${run.experiment} · ${statusText(run.status)}</span></div>
        ${baseline
          ? html`<span class="baseline-mark">${l10n.t('Baseline')}</span>`
          : html`<vscode-button secondary class="small" aria-label=${l10n.t('Set {0} as baseline', runText(run))}
              @click=${() => this.actions.post({ type: 'setBaseline', runId: run.id })}>${l10n.t('Set as baseline')}</vscode-button>`}
      </th>
    `;
  }

  private line(line: TableLine, index: number, shown: number[], span: number): TemplateResult {
    if (line.kind === 'section') {
      const open = !this.collapsed.includes(line.section);
      return html`<tr class="section-line" aria-rowindex=${index + 2}>
        <th colspan=${span} scope="rowgroup">
          <button class="section-toggle" aria-expanded=${open} @click=${() => this.actions.toggleSection(line.section)}>
            ${open ? '▾' : '▸'} ${l10n.t('{0} ({1})', sectionTitle(line.section), line.count)}
          </button>
        </th>
      </tr>`;
    }
    const { row } = line;
    return html`<tr aria-rowindex=${index + 2} class=${row.differs ? 'differs' : ''}>
      ${this.rowHead(row)}
      ${this.cell(row, 0)}
      <td class="spacer" aria-hidden="true"></td>
      ${repeat(shown.slice(1), (i) => i, (i) => this.cell(row, i))}
      <td class="spacer" aria-hidden="true"></td>
    </tr>`;
  }

  private rowHead(row: TableRow): TemplateResult {
    const sort = this.state.sort && sortsBy(row, this.state.sort.rowId) ? this.state.sort : null;
    const next = sort === null ? { rowId: row.id, descending: false } : sort.descending ? null : { rowId: row.id, descending: true };
    const label = rowLabel(row);
    const sortWords = sort === null ? l10n.t('not sorted') : sort.descending ? l10n.t('sorted descending') : l10n.t('sorted ascending');
    const title = row.loggedOnce ? l10n.t('{0}: every run logged it once, so its last, min and max are this one value', row.key) : label;
    return html`<th scope="row" class="row-head" title=${title}>
      <button class="sort" aria-label=${l10n.t('{0}: {1}; sort runs by it', label, sortWords)} @click=${() => this.actions.post({ type: 'sortRuns', sort: next })}>
        <span class="row-label">${label}</span><span class="sort-mark" aria-hidden="true">${sort === null ? '' : sort.descending ? '▼' : '▲'}</span>
      </button>
      ${row.section === 'metric' && row.field === 'last' ? this.directionControl(row) : nothing}
    </th>`;
  }

  /** Guessed (null) or the user's choice; a native select, whose list is not clipped by the scrolling table. */
  private directionControl(row: TableRow): TemplateResult {
    const chosen = Object.hasOwn(this.state.directions, row.key) ? this.state.directions[row.key]! : '';
    // Short labels: the closed select sits beside the row's name.
    const guessed = chosen !== '' ? l10n.t('guess from the name') : row.direction === null ? l10n.t('? no guess') : row.direction === 'lower' ? l10n.t('↓ guessed') : l10n.t('↑ guessed');
    return html`<select class="direction" aria-label=${l10n.t('Better direction of {0}', row.key)} title=${l10n.t('Which values of {0} are better', row.key)} .value=${chosen}
      @change=${(e: Event) => {
        const value = (e.target as HTMLSelectElement).value;
        this.actions.post({ type: 'setDirection', metric: row.key, direction: value === '' ? null : (value as Direction) });
      }}>
      <option value="" ?selected=${chosen === ''}>${guessed}</option>
      <option value="lower" ?selected=${chosen === 'lower'}>${l10n.t('↓ lower is better')}</option>
      <option value="higher" ?selected=${chosen === 'higher'}>${l10n.t('↑ higher is better')}</option>
    </select>`;
  }

  private cell(row: TableRow, column: number): TemplateResult {
    const best = row.best.includes(column);
    const delta = deltaText(row, column);
    return html`<td class=${column === 0 ? 'baseline' : ''} aria-colindex=${column + 2}>
      <span class="value">${cellText(row, column)}</span>${delta ? html` <span class="delta" title=${l10n.t('Difference from the baseline')}>${delta}</span>` : nothing}${best
        ? html` <span class="best" role="img" aria-label=${l10n.t('best')} title=${l10n.t('Best value of this row')}>★</span>`
        : nothing}
    </td>`;
  }
}

function sameWindow(a: TableWindow, b: TableWindow): boolean {
  return a.rows.start === b.rows.start && a.rows.end === b.rows.end && a.cols.start === b.cols.start && a.cols.end === b.cols.end;
}

/** The row is the sort row: a metric logged once stands for its min, max and best-step rows, which it replaces. */
function sortsBy(row: TableRow, rowId: string): boolean {
  return rowId === row.id || (row.loggedOnce === true && ['min', 'max', 'bestStep'].some((field) => rowId === `metric:${field}:${row.key}`));
}

function sectionTitle(section: RowSection): string {
  return { run: l10n.t('Run'), param: l10n.t('Params'), metric: l10n.t('Metrics'), tag: l10n.t('Tags') }[section];
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

customElements.define('compare-table', CompareTableView);
