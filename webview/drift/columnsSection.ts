import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { statTestTitle } from '../../src/common/driftColumns';
import { formatNumber } from '../../src/common/format';
import type { ColumnDrift } from '../../src/protocol/drift';
import type { ChartTheme } from '../compare/palette';
import { kindText } from './driftText';
import * as l10n from '@vscode/l10n';

export interface ColumnsView {
  /** By drift score, highest first, already filtered. */
  columns: readonly ColumnDrift[];
  /** Columns in the report, filter aside. */
  total: number;
  onlyDrifted: boolean;
  theme: ChartTheme;
  /** Cards rendered so far: the first ones paint with the verdict, the rest a frame later. */
  cards: number;
  setOnlyDrifted(on: boolean): void;
}

/** The columns as a table (each name jumps to its chart), then one card per column with its distributions. */
export function columnsSection(view: ColumnsView): TemplateResult {
  const { columns } = view;
  return html`<section class="columns" aria-labelledby="columns-heading">
    <h2 id="columns-heading">${l10n.t('Columns by drift score')}</h2>
    <div class="controls">
      <vscode-checkbox id="only-drifted" ?checked=${view.onlyDrifted} @change=${(e: Event) => view.setOnlyDrifted((e.target as HTMLInputElement).checked)}>${l10n.t('Only drifted columns')}</vscode-checkbox>
      <span class="shown" role="status">${l10n.t('{0} of {1} columns shown', columns.length, view.total)}</span>
    </div>
    ${columns.length === 0
      ? html`<p class="empty">${view.total === 0 ? l10n.t('No column was tested.') : l10n.t('No column drifted.')}</p>`
      : html`${columnTable(columns)}
          <div class="legend" aria-hidden="true"><span class="swatch reference"></span>${l10n.t('Reference')}<span class="swatch current"></span>${l10n.t('Current')}</div>
          <div class="cards">${repeat(columns.slice(0, view.cards), (c) => c.name, (c) => columnCard(c, view.theme))}</div>`}
  </section>`;
}

function columnTable(columns: readonly ColumnDrift[]): TemplateResult {
  // Scrolls within its own box, so the first charts are in view with the table whatever the number of columns.
  return html`<div class="table-scroll"><table class="column-table">
    <thead>
      <tr>
        <th scope="col">${l10n.t('Column')}</th><th scope="col">${l10n.t('Kind')}</th><th scope="col">${l10n.t('Test')}</th><th scope="col" class="num">${l10n.t('Statistic')}</th>
        <th scope="col" class="num">${l10n.t('p-value')}</th><th scope="col" class="num">${l10n.t('Threshold')}</th><th scope="col">${l10n.t('Verdict')}</th>
      </tr>
    </thead>
    <tbody>
      ${repeat(columns, (c) => c.name, (c) => html`<tr class=${c.drift ? 'drift' : ''}>
        <th scope="row"><button class="column-link" title=${l10n.t('Show the distributions of {0}', c.name)} @click=${() => showCard(c.name)}>${c.name}</button></th>
        <td>${kindText(c.kind)}</td>
        <td>${statTestTitle(c.test)}</td>
        <td class="num">${estimated(c)}${formatNumber(c.statistic)}</td>
        <td class="num">${c.pValue === null ? '—' : html`${estimated(c)}${formatNumber(c.pValue)}`}</td>
        <td class="num">${formatNumber(c.threshold)}</td>
        <td>${verdict(c)}</td>
      </tr>`)}
    </tbody>
  </table></div>`;
}

function columnCard(c: ColumnDrift, theme: ChartTheme): TemplateResult {
  return html`<article class="column-card ${c.drift ? 'drift' : ''}" data-column=${c.name} tabindex="-1" aria-label=${c.name}>
    <h3><span class="column-name">${c.name}</span> ${verdict(c)}</h3>
    <p class="column-facts">
      ${kindText(c.kind)} · ${statTestTitle(c.test)} ${estimated(c)}${formatNumber(c.statistic)}${c.pValue === null ? nothing : html` · p ${estimated(c)}${formatNumber(c.pValue)}`} ·
      ${l10n.t('threshold {0}', formatNumber(c.threshold))}
    </p>
    <distribution-chart .distribution=${c.distribution} .theme=${theme} label=${l10n.t('{0}: reference and current distributions', c.name)}></distribution-chart>
  </article>`;
}

function verdict(c: ColumnDrift): TemplateResult {
  return c.drift ? html`<span class="badge drift">${l10n.t('Drift')}</span>` : html`<span class="badge ok">${l10n.t('No drift')}</span>`;
}

function estimated(c: ColumnDrift): string {
  return c.estimated ? '≈ ' : '';
}

/** Scrolls a column's card into view and gives it the focus, so the keyboard continues from there. */
function showCard(name: string): void {
  const card = [...document.querySelectorAll<HTMLElement>('.column-card')].find((el) => el.dataset.column === name);
  card?.scrollIntoView({ block: 'start' });
  card?.focus({ preventScroll: true });
}
