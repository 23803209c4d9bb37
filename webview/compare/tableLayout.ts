import type { TableRow } from '../../src/core/compare/comparisonTable';
import type { RowSection } from '../../src/core/compare/tableRows';

/** What the table draws in one row slot: a section's heading or one of its rows. */
export type TableLine = { kind: 'section'; section: RowSection; count: number } | { kind: 'row'; row: TableRow };

/** The table's rows under their section headings; a collapsed section keeps its heading only. */
export function tableLines(rows: readonly TableRow[], collapsed: ReadonlySet<string>): TableLine[] {
  const lines: TableLine[] = [];
  let heading: Extract<TableLine, { kind: 'section' }> | undefined;
  for (const row of rows) {
    if (heading?.section !== row.section) {
      heading = { kind: 'section', section: row.section, count: 0 };
      lines.push(heading);
    }
    heading.count += 1;
    if (!collapsed.has(row.section)) lines.push({ kind: 'row', row });
  }
  return lines;
}

/** The rows and the columns after the baseline that a render puts in the DOM, each [start, end). */
export interface TableWindow {
  rows: { start: number; end: number };
  cols: { start: number; end: number };
}

/** The items [start, end) of a list of equal-size items that show in a viewport, plus a margin each side. */
export function visibleSlice(offset: number, viewport: number, itemSize: number, count: number, margin: number): { start: number; end: number } {
  // Clamped: a list that shrank under a deep scroll (only differences turned on) must not pad past its end.
  const start = Math.min(count, Math.max(0, Math.floor(offset / itemSize) - margin));
  const end = Math.min(count, Math.ceil((offset + Math.max(viewport, 0)) / itemSize) + margin);
  return { start, end: Math.max(start, end) };
}
