import { formatDuration, formatNumber, formatTime } from '../../src/core/format';
import type { XAxis } from '../../src/protocol/compare';

export const X_AXIS_LABELS: Record<XAxis, string> = { step: 'Step', wallTime: 'Wall time', relativeTime: 'Relative time' };

/** An x value as the chosen axis reads: a step, a date and time, or a time since the run started. */
export function xLabel(value: number, axis: XAxis): string {
  if (axis === 'wallTime') return formatTime(value);
  if (axis === 'relativeTime') return formatDuration(value);
  return formatNumber(value);
}
