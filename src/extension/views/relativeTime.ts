import * as vscode from 'vscode';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** Long ("3 days ago", "yesterday") for sentences; narrow ("3d ago", "1d ago") where a tree row has little room. */
export type RelativeTimeStyle = 'long' | 'narrow';

const formats = new Map<RelativeTimeStyle, Intl.RelativeTimeFormat>();

/** "3 days ago", "3d ago", "just now" in the editor's language; '' for an unknown time. */
export function relativeTime(at: number | null, now = Date.now(), style: RelativeTimeStyle = 'long'): string {
  if (at === null) return '';
  const elapsed = now - at;
  // Made once per style: a formatter costs far more than formatting, and a page has 200 rows.
  let format = formats.get(style);
  if (!format) {
    format = new Intl.RelativeTimeFormat(vscode.env.language, { numeric: style === 'long' ? 'auto' : 'always', style });
    formats.set(style, format);
  }
  for (const [unit, ms] of UNITS) {
    if (Math.abs(elapsed) >= ms) return format.format(-Math.trunc(elapsed / ms), unit);
  }
  return vscode.l10n.t('just now');
}
