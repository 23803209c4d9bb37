/** Small sums over weighted values (sorted distinct values, each with its count). */

import type { WeightedValues } from '../types';

export function totalCount(values: WeightedValues): number {
  let total = 0;
  for (let i = 0; i < values.counts.length; i++) total += values.counts[i];
  return total;
}

/** Population standard deviation (ddof 0, as NumPy's `np.std`, which Evidently's Wasserstein norm uses). */
export function populationStd(values: WeightedValues): number {
  const total = totalCount(values);
  if (total === 0) return Number.NaN;
  let sum = 0;
  for (let i = 0; i < values.values.length; i++) sum += values.values[i] * values.counts[i];
  const mean = sum / total;
  let squares = 0;
  for (let i = 0; i < values.values.length; i++) {
    const deviation = values.values[i] - mean;
    squares += deviation * deviation * values.counts[i];
  }
  return Math.sqrt(squares / total);
}

/** How many distinct values the two sides have together. */
export function distinctInUnion(a: WeightedValues, b: WeightedValues): number {
  let i = 0;
  let j = 0;
  let distinct = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = i < a.values.length ? a.values[i] : Infinity;
    const y = j < b.values.length ? b.values[j] : Infinity;
    if (x <= y) i++;
    if (y <= x) j++;
    distinct++;
  }
  return distinct;
}

/** Index of the first value ≥ x (side 'left') or > x (side 'right'), as NumPy's `searchsorted`. */
export function searchSorted(sorted: Float64Array, x: number, side: 'left' | 'right'): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (side === 'left' ? sorted[middle] < x : sorted[middle] <= x) low = middle + 1;
    else high = middle;
  }
  return low;
}
