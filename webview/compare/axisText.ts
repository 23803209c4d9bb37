import { formatDuration, formatNumber, formatTime } from '../../src/common/format';
import type { XAxis } from '../../src/protocol/compare';
import * as l10n from '@vscode/l10n';

/** The x axis' name in the chooser. */
export function xAxisLabel(axis: XAxis): string {
  return axis === 'wallTime' ? l10n.t('Wall time') : axis === 'relativeTime' ? l10n.t('Relative time') : l10n.t('Step');
}

/** An x value as the chosen axis reads: a step, a date and time, or a time since the run started. */
export function xLabel(value: number, axis: XAxis): string {
  if (axis === 'wallTime') return formatTime(value);
  if (axis === 'relativeTime') return formatDuration(value);
  return formatNumber(value);
}
