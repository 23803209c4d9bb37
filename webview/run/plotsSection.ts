import { html, nothing, type TemplateResult } from 'lit';
import type { MediaView } from '../../src/protocol/media';
import type { ChartTheme } from '../compare/palette';
import { plotView } from '../shared/media/plotView';
import * as l10n from '@vscode/l10n';

/** The run's plots (DVCLive/dvc.yaml, MLflow figures' data and tables, the run log's), each under its title. */
export function plotsSection(media: MediaView, theme: ChartTheme): TemplateResult {
  const { plots } = media;
  return html`<vscode-collapsible class="media-section" title=${l10n.t('{0} ({1})', l10n.t('Plots'), plots.length)} ?open=${plots.length > 0}>
    ${plots.length === 0 ? html`<p class="empty">${l10n.t('None.')}</p>` : nothing}
    ${plots.map((plot) => html`<figure class="media-plot" data-plot-id=${plot.id}>
      <figcaption>${plot.title}</figcaption>
      ${plotView(plot, theme)}
    </figure>`)}
    ${media.problems.length > 0
      ? html`<ul class="media-problems" role="note" aria-label=${l10n.t('Media that could not be read')}>
          ${media.problems.map((p) => html`<li><span class="path">${p.file}</span>: ${p.message}</li>`)}
        </ul>`
      : nothing}
  </vscode-collapsible>`;
}
