import * as vscode from 'vscode';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

let format: Intl.RelativeTimeFormat | undefined;

/** "3 days ago", "just now" in the editor's language; '' for an unknown time. */
export function relativeTime(at: number | null, now = Date.now()): string {
  if (at === null) return '';
  const elapsed = now - at;
  // Made once: a formatter costs far more than formatting, and a page has 200 rows.
  format ??= new Intl.RelativeTimeFormat(vscode.env.language, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return format.format(-Math.trunc(elapsed / ms), unit);
  }
  return vscode.l10n.t('just now');
}
