import type { CellValue } from './cellValues';
import { formatDuration, formatNumber, formatTime } from './format';

/** How a comparison table row's values are shown. */
export type CellFormat = 'text' | 'number' | 'step' | 'time' | 'duration';

/** A cell as the panel shows it and the Markdown export writes it. */
export function formatCell(value: CellValue, format: CellFormat): string {
  if (value === null) return '—';
  // In a metric row, a text is a non-finite value's name ("NaN", "Infinity"): shown as the views show it.
  if (typeof value === 'string') return format === 'number' ? formatNumber(Number(value)) : value;
  switch (format) {
    case 'time':
      return formatTime(value);
    case 'duration':
      return formatDuration(value);
    case 'number':
      return formatNumber(value);
    case 'step':
    case 'text':
      return String(value);
  }
}
