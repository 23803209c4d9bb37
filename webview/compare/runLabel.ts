import { html, nothing, type TemplateResult } from 'lit';
import type { CompareRun } from '../../src/protocol/compare';
import type { RunShape, RunStyle } from './palette';

export { runLabelText as runText } from '../../src/common/runLabelText';

/** A run's name with its qualifier dimmed after it, as VS Code shows a same-named tab's folder. */
export function runLabel(run: Pick<CompareRun, 'name' | 'qualifier'>): TemplateResult {
  return html`<span class="run-label-name">${run.name}</span>${run.qualifier === null ? nothing : html`<span class="qualifier">${run.qualifier}</span>`}`;
}

/** The same as DOM, for tooltips (ECharts takes an element, built from text: a name is user input). */
export function runLabelElement(run: Pick<CompareRun, 'name' | 'qualifier'>): HTMLElement {
  const label = document.createElement('span');
  label.className = 'tip-name';
  const name = document.createElement('span');
  name.className = 'run-label-name';
  name.textContent = run.name;
  label.append(name);
  if (run.qualifier !== null) {
    const qualifier = document.createElement('span');
    qualifier.className = 'qualifier';
    qualifier.textContent = run.qualifier;
    label.append(qualifier);
  }
  return label;
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A run's swatch as the charts draw it: a short stretch of its line in its colour and dash, with
 * its marker (or, for a point, its shape). SVG presentation attributes, which the CSP allows.
 */
export function runSwatch(style: RunStyle, as: 'line' | 'point' = 'line'): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'swatch-svg');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '10');
  svg.setAttribute('viewBox', '0 0 22 10');
  svg.setAttribute('aria-hidden', 'true');
  if (as === 'line') {
    const line = document.createElementNS(SVG, 'line');
    for (const [name, value] of Object.entries({ x1: '0', y1: '5', x2: '22', y2: '5', stroke: style.colour, 'stroke-width': '2' })) line.setAttribute(name, value);
    if (style.dash !== 'solid') line.setAttribute('stroke-dasharray', style.dash.join(' '));
    svg.append(line);
  }
  const shape = as === 'point' ? style.shape : style.marker;
  if (shape) svg.append(shapeElement(shape, style.colour));
  return svg;
}

function shapeElement(shape: RunShape, colour: string): SVGElement {
  const empty = shape.startsWith('empty');
  const kind = empty ? shape.slice('empty'.length).toLowerCase() : shape;
  const element =
    kind === 'circle'
      ? svgElement('circle', { cx: '11', cy: '5', r: '3.5' })
      : kind === 'rect'
        ? svgElement('rect', { x: '7.5', y: '1.5', width: '7', height: '7' })
        : svgElement('polygon', { points: kind === 'triangle' ? '11,1 15,9 7,9' : '11,0.5 15.5,5 11,9.5 6.5,5' });
  element.setAttribute('fill', empty ? 'none' : colour);
  element.setAttribute('stroke', colour);
  element.setAttribute('stroke-width', empty ? '1.5' : '1');
  return element;
}

function svgElement(name: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  return element;
}
