import { parseDateInput } from '../common/dateInput';
import { UserError } from '../core/errors';
import { printable } from './table';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A date or time given to `option`, in UTC as the editor reads it (`2026-05-01`,
 * `2026-05-01 14:30`, or ISO 8601 with an offset), in ms since the epoch. A date alone means its
 * last millisecond, or its start without `endOfDay` (so "--since 2026-05-01 --until 2026-05-01"
 * is that whole day).
 */
export function parseDateArgument(text: string, option: string, endOfDay: boolean): number {
  const at = parseDateInput(text);
  if (at === null) throw new UserError(`${option} "${printable(text)}" is not a date; use e.g. 2026-05-01, 2026-05-01 14:30 (UTC) or 2026-05-01T14:30:00+02:00.`);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text.trim());
  return dateOnly && !endOfDay ? at - DAY_MS + 1 : at;
}
