import { formatNumber } from '../../src/common/format';
import type { XAxis } from '../../src/protocol/compare';
import { xLabel } from './axisText';

interface AxisParam {
  seriesId?: string;
  seriesName?: string;
  color?: unknown;
  value?: unknown;
  axisValue?: unknown;
}

/**
 * The axis tooltip as DOM built from text: ECharts would parse a string as HTML, and a run name is
 * user input. Colours go through CSSOM (allowed by the CSP), never a style attribute.
 */
export function lineTooltip(axis: XAxis) {
  return (raw: unknown): HTMLElement => {
    const params = (Array.isArray(raw) ? raw : [raw]) as AxisParam[];
    const box = document.createElement('div');
    const head = document.createElement('div');
    head.className = 'tip-head';
    head.textContent = params.length > 0 ? xLabel(Number(params[0]!.axisValue), axis) : '';
    box.append(head);
    for (const p of params) {
      if (!p.seriesId?.startsWith('line:')) continue;
      const y = Array.isArray(p.value) ? p.value[1] : p.value;
      box.append(tipRow(String(p.seriesName ?? ''), typeof y === 'number' ? formatNumber(y) : '—', typeof p.color === 'string' ? p.color : ''));
    }
    return box;
  };
}

/** One "● name value" line of a tooltip. */
export function tipRow(name: string, value: string, colour: string): HTMLElement {
  const row = document.createElement('div');
  row.className = 'tip-row';
  const swatch = document.createElement('span');
  swatch.className = 'swatch';
  swatch.style.backgroundColor = colour;
  const label = document.createElement('span');
  label.className = 'tip-name';
  label.textContent = name;
  const number = document.createElement('span');
  number.className = 'tip-value';
  number.textContent = value;
  row.append(swatch, label, number);
  return row;
}
