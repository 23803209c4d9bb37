/**
 * ISO 8601 dates and date-times as CSV, JSON lines and pandas write them: `2012-01-01`,
 * `2012-01-01T10:00`, `2012-01-01 10:00:00.5`, with an optional `Z` or offset.
 */
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|([+-])(\d{2}):?(\d{2}))?)?$/;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Reads ISO 8601 dates to milliseconds since the epoch (NaN when the text is not one). A
 * date-time without an offset is read as UTC, so that a profile does not depend on the machine's
 * time zone. The day is read by Date.parse and remembered (a column of timestamps has many per
 * day); the time of day is added by arithmetic, which gives Date.parse's result for every time
 * below 24:00:00 (others are left to Date.parse itself).
 */
export class IsoDateReader {
  private day = '';
  private dayMillis = NaN;

  millis(text: string): number {
    const match = ISO_DATE.exec(text);
    if (match === null) return NaN;
    const [, date, hours, minutes, seconds, fraction, zone, sign, zoneHours, zoneMinutes] = match;
    if (date !== this.day) {
      this.day = date!;
      this.dayMillis = Date.parse(date!);
    }
    if (hours === undefined) return this.dayMillis;
    const [h, m, s] = [Number(hours), Number(minutes), seconds === undefined ? 0 : Number(seconds)];
    if (h >= 24 || m >= 60 || s >= 60) return Date.parse(`${date}T${text.slice(11, text.length - (zone?.length ?? 0))}${zone ?? 'Z'}`);
    // Date.parse keeps milliseconds and drops finer digits.
    const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
    const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(zoneHours) * HOUR + Number(zoneMinutes) * MINUTE);
    return this.dayMillis + h * HOUR + m * MINUTE + s * 1000 + ms - offset;
  }
}
