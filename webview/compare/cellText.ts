import type { TableRow } from '../../src/core/compare/comparisonTable';
import { formatCell } from '../../src/core/compare/tableExport';
import { formatDuration, formatNumber } from '../../src/core/format';

const FIELD_NAMES: Record<string, string> = { last: 'last', min: 'min', max: 'max', bestStep: 'best step' };

/** The words of a row's header: a metric row names its field. */
export function rowLabel(row: TableRow): string {
  return row.field ? `${row.key} · ${FIELD_NAMES[row.field]}` : row.key;
}

export function cellText(row: TableRow, column: number): string {
  return formatCell(row.values[column] ?? null, row.format);
}

/** The difference from the baseline with its sign, as the row formats its values; '' when there is none. */
export function deltaText(row: TableRow, column: number): string {
  const delta = row.deltas?.[column];
  if (delta === null || delta === undefined || delta === 0) return '';
  const sign = delta > 0 ? '+' : '−';
  const size = Math.abs(delta);
  return sign + (row.format === 'duration' ? formatDuration(size) : row.format === 'step' ? String(size) : formatNumber(size));
}
