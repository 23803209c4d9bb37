/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, with the p-value of SciPy's `ks_2samp`
 * (method 'auto', SciPy 1.10): exact when neither sample is larger than 10,000, else the
 * distribution of D_n with n = round(mn / (m + n)).
 */

import type { WeightedValues } from '../types';
import { kolmogorovSf } from './kolmogorov';
import { exactTwoSampleP, roundHalfEven } from './ksExact';
import { totalCount } from './weighted';

const LARGEST_EXACT_SAMPLE = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** sup |F1 − F2| over the merged values, with F computed as SciPy does (count / n, then the difference). */
export function ksStatistic(a: WeightedValues, b: WeightedValues, n1: number, n2: number): number {
  let i = 0;
  let j = 0;
  let cumulativeA = 0;
  let cumulativeB = 0;
  let above = 0;
  let below = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? a.values[i] : Infinity;
    const y = j < b.values.length ? b.values[j] : Infinity;
    if (x <= y) cumulativeA += a.counts[i++];
    if (y <= x) cumulativeB += b.counts[j++];
    const difference = cumulativeA / n1 - cumulativeB / n2;
    if (difference > above) above = difference;
    if (-difference > below) below = -difference;
  }
  return Math.min(1, below > above ? below : above);
}

export function ksTest(reference: WeightedValues, current: WeightedValues): KsResult {
  const n1 = totalCount(reference);
  const n2 = totalCount(current);
  const d = ksStatistic(reference, current, n1, n2);
  if (Math.max(n1, n2) <= LARGEST_EXACT_SAMPLE) {
    const exact = exactTwoSampleP(n1, n2, d);
    if (exact) return { ...exact, method: 'exact' };
  }
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const pValue = kolmogorovSf(roundHalfEven((m * n) / (m + n)), d);
  return { statistic: d, pValue: Math.min(1, Math.max(0, pValue)), method: 'asymptotic' };
}
