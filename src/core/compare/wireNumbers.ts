import type { MetricChart, SeriesColumns } from './chart';

/**
 * Significant digits of a chart's values on the wire: a float32's. The webview shows 4
 * (common/format.ts) and draws a few hundred pixels high; a double's 17 digits would make a
 * comparison of 100 runs nearly twice the bytes for nothing one can see.
 */
export const WIRE_DIGITS = 7;

/** 10^k for k = 0…22, all exact doubles: dividing by one rounds to the nearest double of the decimal, which prints short. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * `value` rounded to `digits` significant digits. A value that rounding would make an integer stays
 * as it is (the webview spells integers out whole, other values to 4 digits), as do non-finite ones
 * and those too small to scale exactly.
 */
export function roundSignificant(value: number, digits = WIRE_DIGITS): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const shift = digits - 1 - Math.floor(Math.log10(Math.abs(value)));
  if (shift < 1 || shift >= POWERS.length) return value;
  const rounded = Math.round(value * POWERS[shift]!) / POWERS[shift]!;
  return Number.isInteger(rounded) ? value : rounded;
}

const rounded = (values: readonly (number | null)[]) => values.map((v) => (v === null ? null : roundSignificant(v)));

/** A series with its values (y and band) to WIRE_DIGITS significant digits; x and counts stay exact (steps and times are integers, a zoom needs them). */
export function compactSeries(series: SeriesColumns): SeriesColumns {
  return { ...series, y: rounded(series.y), min: rounded(series.min), max: rounded(series.max) };
}

export function compactChart(chart: MetricChart): MetricChart {
  return { ...chart, series: chart.series.map(compactSeries) };
}
