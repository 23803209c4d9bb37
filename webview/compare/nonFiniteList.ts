import { html, nothing, type TemplateResult } from 'lit';
import type { CompareRun, SeriesColumns } from '../../src/protocol/compare';
import { runLabel } from './runLabel';
import { nonFiniteText } from './seriesPoints';
import * as l10n from '@vscode/l10n';

/** Under a chart: the runs whose buckets hold NaN or ±Infinity, which have no place on its y axis. */
export function nonFiniteList(series: readonly SeriesColumns[], runs: ReadonlyMap<string, CompareRun>): TemplateResult | typeof nothing {
  const marks = series.filter((s) => s.nonFinite.length > 0);
  if (marks.length === 0) return nothing;
  return html`<ul class="non-finite" aria-label=${l10n.t('Non-finite values')}>
    ${marks.map((s) => {
      const run = runs.get(s.runId);
      return html`<li>▲ ${run ? runLabel(run) : s.runId}: ${s.nonFinite.map(nonFiniteText).join('; ')} (${s.nonFinite.length === 1 ? l10n.t('1 bucket') : l10n.t('{0} buckets', s.nonFinite.length)})</li>`;
    })}
  </ul>`;
}
