import { html, nothing, type TemplateResult } from 'lit';
import type { MediaImage, MediaView } from '../../src/protocol/media';
import { imageFigure } from '../shared/media/imageFigure';
import { chosenStep, figuresOf, steppedByKey } from '../shared/media/steps';
import { stepSlider } from '../shared/media/stepSlider';
import * as l10n from '@vscode/l10n';

/**
 * The run's images: those logged over steps, one card per key with its own step slider (keys are
 * often logged at different steps), then the figures logged once. Images load by their webview URI.
 */
export function imagesSection(media: MediaView, saved: Readonly<Record<string, number>>, choose: (key: string, step: number) => void): TemplateResult {
  const stepped = steppedByKey(media.images);
  const figures = figuresOf(media.images);
  const count = stepped.size + figures.length;
  return html`<vscode-collapsible class="media-section" title=${l10n.t('{0} ({1})', l10n.t('Images'), count)} ?open=${count > 0}>
    ${count === 0 ? html`<p class="empty">${l10n.t('None.')}</p>` : nothing}
    ${[...stepped].map(([key, images], i) => steppedCard(`image-step-${i}`, key, images, saved[key], choose))}
    ${figures.length > 0 ? html`<div class="image-grid">${figures.map((image) => imageFigure(image, image.key))}</div>` : nothing}
  </vscode-collapsible>`;
}

function steppedCard(id: string, key: string, images: readonly MediaImage[], saved: number | undefined, choose: (key: string, step: number) => void): TemplateResult {
  const steps = images.map((image) => image.step!);
  const step = chosenStep(steps, saved)!;
  const image = images.find((i) => i.step === step)!;
  return html`<section class="image-card" data-key=${key} aria-label=${key}>
    <h3>${key}</h3>
    ${stepSlider(id, l10n.t('Step'), steps, step, (chosen) => choose(key, chosen))}
    ${imageFigure(image, l10n.t('{0} at step {1}', key, step))}
  </section>`;
}
