/**
 * Evidently's chi-squared test: goodness of fit of the current counts against the reference's
 * proportions scaled to the current size, over the union of categories (SciPy's `chisquare`).
 */

import { sum, type AlignedCounts } from './aligned';
import { chiSquaredSf } from './gamma';

export interface PValueResult {
  statistic: number;
  pValue: number;
}

export function chiSquareTest(counts: AlignedCounts): PValueResult {
  const scale = sum(counts.current) / sum(counts.reference);
  let statistic = 0;
  for (let i = 0; i < counts.keys.length; i++) {
    const expected = counts.reference[i] * scale;
    const difference = counts.current[i] - expected;
    // A category the reference never had is expected 0 times: the statistic is infinite and p is 0.
    statistic += expected === 0 ? Infinity : (difference * difference) / expected;
  }
  // One category leaves no degree of freedom: nothing can differ (SciPy would give NaN).
  if (counts.keys.length < 2) return { statistic: 0, pValue: 1 };
  return { statistic, pValue: chiSquaredSf(statistic, counts.keys.length - 1) };
}
