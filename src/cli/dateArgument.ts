import { UserError } from '../core/errors';
import { printable } from './table';

const DAY_MS = 24 * 3600 * 1000;

/**
 * An ISO date or time (UTC) given to `option`, in ms since the epoch. A date alone means its
 * start, or with `endOfDay` its last millisecond (so "--until 2026-05-01" includes that day).
 */
export function parseDateArgument(text: string, option: string, endOfDay: boolean): number {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const at = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(at)) throw new UserError(`${option} "${printable(text)}" is not a date; use e.g. 2026-05-01 or 2026-05-01T14:30:00Z.`);
  return dateOnly && endOfDay ? at + DAY_MS - 1 : at;
}
