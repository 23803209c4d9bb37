import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

/**
 * Sets inline styles through CSSOM (element.style), which the webview's CSP allows, rather than
 * a style attribute, which `style-src` without 'unsafe-inline' blocks. Lit's styleMap writes the
 * attribute on its first render, so it cannot be used here. Used as an element binding:
 * `<div ${cssomStyle({ width: '10px' })}>`.
 */
class CssomStyle extends Directive {
  private previous = new Set<string>();

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('cssomStyle is an element binding');
  }

  render(_styles: Readonly<Record<string, string>>): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [styles]: [Readonly<Record<string, string>>]): typeof nothing {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!Object.hasOwn(styles, name)) style.removeProperty(name);
    for (const [name, value] of Object.entries(styles)) style.setProperty(name, value);
    this.previous = new Set(Object.keys(styles));
    return nothing;
  }
}

export const cssomStyle = directive(CssomStyle);
