import { html, nothing, type TemplateResult } from 'lit';
import { formatShare } from '../../src/common/driftColumns';
import type { DriftReport } from '../../src/protocol/drift';
import * as l10n from '@vscode/l10n';

/** The report's answer first: dataset drift or not, how many columns drifted against the threshold, and what was compared when. */
export function verdictSection(report: DriftReport): TemplateResult {
  const drifted = report.columns.filter((c) => c.drift).length;
  const side = (s: DriftReport['reference']) => (s.sha256 ? html`${s.label} <span class="sha" title=${s.sha256}>${s.sha256.slice(0, 12)}</span>` : s.label);
  return html`
    <header class="verdict ${report.datasetDrift ? 'drift' : 'ok'}" role="status">
      <h1>${report.datasetDrift ? l10n.t('Dataset drift detected') : l10n.t('No dataset drift')}</h1>
      <p class="share">
        ${l10n.t('{0} of {1} columns drifted ({2}); dataset drift from {3}', drifted, report.columns.length, formatShare(report.driftShare), formatShare(report.shareThreshold))}
      </p>
    </header>
    <dl class="facts">
      <dt>${l10n.t('Reference')}</dt><dd class="side-reference">${side(report.reference)} · ${l10n.t('{0} rows', report.rows.reference)}</dd>
      <dt>${l10n.t('Current')}</dt><dd class="side-current">${side(report.current)} · ${l10n.t('{0} rows', report.rows.current)}</dd>
      <dt>${l10n.t('Checked')}</dt><dd>${localTime(report.checkedAt)}</dd>
    </dl>
    ${report.columns.some((c) => c.estimated)
      ? html`<p class="note estimated" role="note">${l10n.t('Figures marked ≈ are estimated from a sample of the reference, not from every row.')}</p>`
      : nothing}
  `;
}

/**
 * The check's time on this machine's clock, as `2026-12-05 09:30`. Not toLocaleString: its first
 * call loads the locale's data, which cost a loaded machine some 300 ms before the first paint.
 */
function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
