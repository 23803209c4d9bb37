import { html, nothing, type TemplateResult } from 'lit';

/** A page section with a heading that folds it; folded sections render nothing below the heading. */
export function pageSection(id: string, title: string, open: boolean, toggle: () => void, body: () => TemplateResult): TemplateResult {
  return html`<section class="page-section" aria-labelledby="heading-${id}">
    <h2 id="heading-${id}"><button class="section-toggle" aria-expanded=${open} @click=${toggle}>${open ? '▾' : '▸'} ${title}</button></h2>
    ${open ? body() : nothing}
  </section>`;
}
