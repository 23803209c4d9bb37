import { html, LitElement, nothing, type TemplateResult } from 'lit';
import * as l10n from '@vscode/l10n';
import { formatBytes } from '../../src/common/format';
import { rowWindow } from '../../src/protocol/artifactRows';
import type { ArtifactPreview } from '../../src/protocol/runArtifacts';
import { cssomStyle } from '../shared/cssomStyle';
import { FRAME_RULES } from './frameStyle';
import { highlight } from './highlight';

const TABLE_ROW_HEIGHT = 24;
const TABLE_HEIGHT = 360;

/** The body of a preview, by kind. `name` is the file's, for alternative texts and titles. */
export function previewBody(preview: ArtifactPreview, name: string): TemplateResult {
  switch (preview.kind) {
    case 'image':
      return html`<div class="artifact-image"><img src=${preview.uri} alt=${name} /></div>`;
    case 'text':
      return html`${cutNote(preview.truncated, preview.size)}<pre class="artifact-code" tabindex="0" aria-label=${name}><code>${highlight(preview.text, preview.language)}</code></pre>`;
    case 'table':
      return html`${preview.truncated ? html`<p class="artifact-note">${l10n.t('The first {0} rows of a {1} file.', preview.rows.length, formatBytes(preview.size) ?? '')}</p>` : nothing}
        <artifact-table .columns=${preview.columns} .rows=${preview.rows} .label=${name}></artifact-table>`;
    case 'html':
      return html`${cutNote(preview.truncated, preview.size)}
        <iframe class="artifact-frame" sandbox="" referrerpolicy="no-referrer" title=${preview.markdown ? l10n.t('{0}, rendered', name) : name} srcdoc=${frameDocument(preview.html)}></iframe>`;
    case 'mlmodel':
      return mlmodelView(preview.model);
    case 'tooBig':
      return html`<p class="artifact-note">${l10n.t('{0} is too big to preview ({1}; previews of this kind stop at {2}). Open it in an editor or reveal it instead.', name, formatBytes(preview.size) ?? '', formatBytes(preview.limit) ?? '')}</p>`;
    case 'binary':
      return html`<p class="artifact-note">${l10n.t('{0} is a binary file ({1}): there is no preview of it.', name, formatBytes(preview.size) ?? '')}</p>`;
    case 'error':
      return html`<p class="artifact-note artifact-error" role="alert">${preview.message}</p>`;
  }
}

function cutNote(truncated: boolean, size: number): TemplateResult | typeof nothing {
  return truncated ? html`<p class="artifact-note">${l10n.t('Only the start of this {0} file is shown.', formatBytes(size) ?? '')}</p>` : nothing;
}

/**
 * HTML (or rendered Markdown) for a frame with no script: the frame is sandboxed without
 * allow-scripts, and its own policy allows nothing but images inline and one `<style>` by the
 * page's nonce (the page's policy applies too): the frame's rules with the theme's --vscode-*
 * values as they are now. Made again when the theme changes (the browser re-renders on it).
 */
function frameDocument(body: string): string {
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
  const style = nonce ? `<style nonce="${nonce}">${themeRule()}${FRAME_RULES}</style>` : '';
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src ${nonce ? `'nonce-${nonce}'` : "'none'"}">${style}</head><body>${body}</body></html>`;
}

/** The page's --vscode-* custom properties (VS Code sets them on <html>) with their computed values, as one rule. */
function themeRule(): string {
  const names = Array.from({ length: document.documentElement.style.length }, (_, i) => document.documentElement.style.item(i)).filter((n) => n.startsWith('--vscode-'));
  const computed = getComputedStyle(document.documentElement);
  // A theme's values are colours, sizes and font lists: one that could end the rule or the element is left out.
  const declarations = names.map((n) => [n, computed.getPropertyValue(n).trim()] as const).filter(([, v]) => v !== '' && !/[<>{};\\]/.test(v));
  return `:root { ${declarations.map(([n, v]) => `${n}: ${v};`).join(' ')} }`;
}

function mlmodelView(model: Extract<ArtifactPreview, { kind: 'mlmodel' }>['model']): TemplateResult {
  const fields = (title: string, list: { name: string | null; type: string; required?: boolean }[]) =>
    list.length === 0
      ? nothing
      : html`<h4>${title}</h4>
          <table class="artifact-kv">
            <thead><tr><th scope="col">${l10n.t('Name')}</th><th scope="col">${l10n.t('Type')}</th><th scope="col">${l10n.t('Required')}</th></tr></thead>
            <tbody>${list.map((f) => html`<tr><td>${f.name ?? l10n.t('(unnamed)')}</td><td><code>${f.type}</code></td><td>${f.required === undefined ? '—' : f.required ? l10n.t('yes') : l10n.t('no')}</td></tr>`)}</tbody>
          </table>`;
  return html`<div class="artifact-mlmodel">
    <h3>${l10n.t('Signature')}</h3>
    ${model.signature === null
      ? html`<p class="artifact-note">${l10n.t('Saved without a signature.')}</p>`
      : html`${fields(l10n.t('Inputs'), model.signature.inputs)} ${fields(l10n.t('Outputs'), model.signature.outputs)} ${fields(l10n.t('Parameters'), model.signature.params)}`}
    <h3>${l10n.t('Flavours')}</h3>
    ${model.flavors.map(
      (f) => html`<h4><span class="codicon codicon-symbol-class" aria-hidden="true"></span> ${f.name}</h4>
        <table class="artifact-kv"><tbody>${f.details.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`,
    )}
    ${model.facts.length > 0
      ? html`<h3>${l10n.t('Model')}</h3><table class="artifact-kv"><tbody>${model.facts.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</tbody></table>`
      : nothing}
    ${model.problems.map((p) => html`<p class="artifact-note artifact-error">${p}</p>`)}
  </div>`;
}

/** A CSV/TSV preview: only the rows in view are in the page, however many there are. */
class ArtifactTable extends LitElement {
  static override properties = { columns: { attribute: false }, rows: { attribute: false }, label: { attribute: false }, scrollTop: { state: true } };
  columns: string[] = [];
  rows: string[][] = [];
  label = '';
  override scrollTop = 0;
  /** The grid's column widths: measured when the table changes, not as it scrolls. */
  private template = '';

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('columns') || changed.has('rows')) this.template = columnWidths(this.columns, this.rows).map((w) => `${w}ch`).join(' ');
  }

  override render(): TemplateResult {
    const { first, last } = rowWindow(this.rows.length, this.scrollTop, TABLE_HEIGHT, TABLE_ROW_HEIGHT);
    const template = this.template;
    return html`<div class="artifact-table" role="table" aria-label=${this.label} aria-rowcount=${this.rows.length + 1} tabindex="0"
      ${cssomStyle({ height: `${TABLE_HEIGHT}px` })} @scroll=${(e: Event) => (this.scrollTop = (e.target as HTMLElement).scrollTop)}>
      <div class="artifact-table-head" role="row" aria-rowindex="1" ${cssomStyle({ 'grid-template-columns': template })}>
        ${this.columns.map((c) => html`<span role="columnheader">${c}</span>`)}
      </div>
      <div class="artifact-table-body" ${cssomStyle({ height: `${this.rows.length * TABLE_ROW_HEIGHT}px` })}>
        ${this.rows.slice(first, last).map(
          (row, i) => html`<div class="artifact-table-row" role="row" aria-rowindex=${first + i + 2}
            ${cssomStyle({ 'grid-template-columns': template, transform: `translateY(${(first + i) * TABLE_ROW_HEIGHT}px)` })}>
            ${row.map((cell) => html`<span role="cell">${cell}</span>`)}
          </div>`,
        )}
      </div>
    </div>`;
  }
}

/** One width for each column, from its heading and the first rows: every row lines up, whichever are in view. */
function columnWidths(columns: readonly string[], rows: readonly string[][]): number[] {
  const sample = rows.slice(0, 200);
  const count = Math.max(columns.length, ...sample.map((r) => r.length), 1);
  return Array.from({ length: count }, (_, i) => {
    const longest = Math.max(columns[i]?.length ?? 0, ...sample.map((r) => r[i]?.length ?? 0));
    return Math.min(40, Math.max(6, longest)) + 2;
  });
}

customElements.define('artifact-table', ArtifactTable);
