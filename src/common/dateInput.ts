/**
 * A moment typed by a person, in UTC as the Models view shows times: `2026-11-07` (the end of that
 * day: what a stage held "on" a day is what it held when the day was over), `2026-11-07 10:30`,
 * `2026-11-07T10:30:00Z` or any ISO 8601 time with an offset. Null when it is not one.
 */
export function parseDateInput(text: string): number | null {
  const value = text.trim();
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) {
    const end = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]), 23, 59, 59, 999);
    return sameDay(end, day) ? end : null;
  }
  const local = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (local) {
    const at = Date.UTC(Number(local[1]), Number(local[2]) - 1, Number(local[3]), Number(local[4]), Number(local[5]), Number(local[6] ?? 0));
    return sameDay(at, local) && Number(local[4]) < 24 && Number(local[5]) < 60 ? at : null;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const at = Date.parse(value);
    return Number.isFinite(at) ? at : null;
  }
  return null;
}

/** Rejects dates Date.UTC rolls over (2026-02-31 is not March 3rd). */
function sameDay(at: number, parts: RegExpExecArray): boolean {
  const d = new Date(at);
  return d.getUTCFullYear() === Number(parts[1]) && d.getUTCMonth() + 1 === Number(parts[2]) && d.getUTCDate() === Number(parts[3]);
}
