/**
 * A tooltip as DOM built from text: ECharts would parse a string as HTML, and a class name, a
 * series name or a run name is input from files.
 */
export function tipLines(lines: readonly (readonly [string, string])[]): HTMLElement {
  const box = document.createElement('div');
  box.append(...lines.map(([label, value]) => tipRow(label, value, null)));
  return box;
}

/** One "swatch name value" line of a tooltip; `name` is text or a run's label element. */
export function tipRow(name: string | HTMLElement, value: string, swatch: Element | null): HTMLElement {
  const row = document.createElement('div');
  row.className = 'tip-row';
  let label = name;
  if (typeof label === 'string') {
    label = document.createElement('span');
    label.className = 'tip-name';
    label.textContent = name as string;
  }
  const number = document.createElement('span');
  number.className = 'tip-value';
  number.textContent = value;
  if (swatch) row.append(swatch);
  row.append(label, number);
  return row;
}
