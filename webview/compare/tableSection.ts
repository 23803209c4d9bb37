import { html, nothing, type TemplateResult } from 'lit';
import type { CompareState, FromCompareWebview } from '../../src/protocol/compare';
import type { TableActions } from './tableView';
import * as l10n from '@vscode/l10n';

/** The table's toolbar (only differences, export) above the table itself. */
export function tableSection(state: CompareState, collapsed: string[], hovered: string | null, actions: TableActions): TemplateResult {
  const post = (message: FromCompareWebview) => actions.post(message);
  const hidden = state.table.hiddenRows;
  return html`
    <div class="controls">
      <vscode-checkbox id="only-differences" ?checked=${state.onlyDifferences}
        @change=${(e: Event) => post({ type: 'setOnlyDifferences', on: (e.target as HTMLInputElement).checked })}>${l10n.t('Only differences')}</vscode-checkbox>
      ${hidden > 0 ? html`<span class="hidden-rows" role="status">${hidden === 1 ? l10n.t('1 identical row hidden') : l10n.t('{0} identical rows hidden', hidden)}</span>` : nothing}
      <span class="spacer-flex"></span>
      <vscode-button secondary data-export="csv-clipboard" @click=${() => post({ type: 'exportTable', format: 'csv', target: 'clipboard' })}>${l10n.t('Copy CSV')}</vscode-button>
      <vscode-button secondary data-export="markdown-clipboard" @click=${() => post({ type: 'exportTable', format: 'markdown', target: 'clipboard' })}>${l10n.t('Copy Markdown')}</vscode-button>
      <vscode-button secondary data-export="csv-file" @click=${() => post({ type: 'exportTable', format: 'csv', target: 'file' })}>${l10n.t('Save CSV…')}</vscode-button>
      <vscode-button secondary data-export="markdown-file" @click=${() => post({ type: 'exportTable', format: 'markdown', target: 'file' })}>${l10n.t('Save Markdown…')}</vscode-button>
    </div>
    <compare-table .state=${state} .collapsed=${collapsed} .hovered=${hovered} .actions=${actions}></compare-table>
  `;
}
