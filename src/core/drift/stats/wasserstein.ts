/**
 * Evidently's normed Wasserstein distance: SciPy's first Wasserstein distance between the two
 * weighted samples, divided by the reference's population std (ddof 0), floored at 0.001.
 */

import type { WeightedValues } from '../types';
import { populationStd, totalCount } from './weighted';

const SMALLEST_NORM = 0.001;

/** ∫ |F1 − F2| dx over the merged values. */
export function wassersteinDistance(a: WeightedValues, b: WeightedValues): number {
  const n1 = totalCount(a);
  const n2 = totalCount(b);
  let i = 0;
  let j = 0;
  let cumulativeA = 0;
  let cumulativeB = 0;
  let previous = Number.NaN;
  let previousGap = 0;
  let distance = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? a.values[i] : Infinity;
    const y = j < b.values.length ? b.values[j] : Infinity;
    const at = Math.min(x, y);
    if (!Number.isNaN(previous)) distance += previousGap * (at - previous);
    if (x <= y) cumulativeA += a.counts[i++];
    if (y <= x) cumulativeB += b.counts[j++];
    previousGap = Math.abs(cumulativeA / n1 - cumulativeB / n2);
    previous = at;
  }
  return distance;
}

export function wassersteinNormed(reference: WeightedValues, current: WeightedValues): number {
  return wassersteinDistance(reference, current) / Math.max(populationStd(reference), SMALLEST_NORM);
}
