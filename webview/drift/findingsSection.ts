import { html, nothing, type TemplateResult } from 'lit';
import type { DriftFinding } from '../../src/protocol/drift';
import { findingText } from './driftText';
import * as l10n from '@vscode/l10n';

/** What the statistics do not say: columns missing on a side, type changes, new categories, date ranges. */
export function findingsSection(findings: readonly DriftFinding[]): TemplateResult | typeof nothing {
  if (findings.length === 0) return nothing;
  return html`<section class="findings" aria-labelledby="findings-heading">
    <h2 id="findings-heading">${l10n.t('Findings ({0})', findings.length)}</h2>
    <ul>
      ${findings.map((f) => html`<li class="finding finding-${f.kind}"><span class="finding-kind">${findingText(f.kind)}</span> <code>${f.column}</code>: ${f.message}</li>`)}
    </ul>
  </section>`;
}
