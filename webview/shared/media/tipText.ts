/**
 * A tooltip as DOM built from text: ECharts would parse a string as HTML, and a class name, a
 * series name or a run name is input from files.
 */
export function tipLines(lines: readonly (readonly [string, string])[]): HTMLElement {
  const box = document.createElement('div');
  for (const [label, value] of lines) {
    const row = document.createElement('div');
    row.className = 'tip-row';
    const name = document.createElement('span');
    name.className = 'tip-name';
    name.textContent = label;
    const text = document.createElement('span');
    text.className = 'tip-value';
    text.textContent = value;
    row.append(name, text);
    box.append(row);
  }
  return box;
}
