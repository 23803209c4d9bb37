/**
 * ISO 8601 dates and date-times as CSV, JSON lines and pandas write them: `2012-01-01`,
 * `2012-01-01T10:00`, `2012-01-01 10:00:00.5`, with an optional `Z` or offset.
 */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Milliseconds since the epoch of an ISO 8601 date, or NaN when the text is not one. A date-time
 * without an offset is read as UTC, so that a profile does not depend on the machine's time zone.
 */
export function isoDateMillis(text: string): number {
  const match = ISO_DATE.exec(text);
  if (match === null) return NaN;
  const [, date, time, zone] = match;
  if (time === undefined) return Date.parse(date!);
  return Date.parse(`${date}T${time}${zone ?? 'Z'}`);
}
