import { html, type TemplateResult } from 'lit';
import type { MediaImage } from '../../../src/protocol/media';

/** An image loaded by its webview URI (its thumbnail's, when asked and there is one), its caption as text (a key is input from files). */
export function imageFigure(image: MediaImage, caption: string, thumbnail = false): TemplateResult {
  return html`<figure class="media-image">
    <img src=${thumbnail ? (image.thumbnailUri ?? image.uri) : image.uri} alt=${caption} title=${image.name} decoding="async" />
    <figcaption>${caption}</figcaption>
  </figure>`;
}
