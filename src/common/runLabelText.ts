/**
 * "name (qualifier)": a run's label where it is one plain string (a quick pick's label, a tab
 * title, a CSV header, a chart's tooltip). The qualifier (core/runLabels.ts) is what tells the run
 * from others with its name; null when none shares it.
 */
export function runLabelText(label: { name: string; qualifier: string | null }): string {
  return label.qualifier === null ? label.name : `${label.name} (${label.qualifier})`;
}
