import type { TableRow } from '../../src/core/compare/comparisonTable';
import { formatCell } from '../../src/common/cellFormat';
import type { MetricField } from '../../src/core/compare/tableRows';
import { formatDuration, formatNumber } from '../../src/common/format';
import * as l10n from '@vscode/l10n';

/** The words of a row's header: a metric row names its field, unless every run logged the metric once. */
export function rowLabel(row: TableRow): string {
  return row.field && !row.loggedOnce ? `${row.key} · ${fieldName(row.field)}` : row.key;
}

function fieldName(field: MetricField): string {
  return { last: l10n.t('last'), min: l10n.t('min'), max: l10n.t('max'), bestStep: l10n.t('best step') }[field];
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
