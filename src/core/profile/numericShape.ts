/** The quantiles a profile keeps: the five-number summary with the 5th and 95th percentiles. */
export const PROFILE_QUANTILES = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1] as const;
export const HISTOGRAM_BINS = 20;

/** Sorted distinct values with their counts (the shape of drift's WeightedValues). */
export interface SortedCounts {
  values: ArrayLike<number>;
  counts: ArrayLike<number>;
}

/** Finite numbers, in any order, as sorted distinct values with counts. */
export function sortedCounts(numbers: ArrayLike<number>): { values: Float64Array; counts: Float64Array } {
  const sorted = Float64Array.from(numbers).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[counts.length - 1]!++;
    else {
      values.push(sorted[i]!);
      counts.push(1);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
}

/**
 * The quantile at p of the values repeated by their counts, with linear interpolation between
 * the two nearest ranks: NumPy's default (`np.quantile`, pandas' `quantile`).
 */
export function weightedQuantiles(data: SortedCounts, ps: readonly number[]): { p: number; value: number }[] {
  let total = 0;
  for (let i = 0; i < data.counts.length; i++) total += data.counts[i]!;
  if (total === 0) return [];
  return ps.map((p) => {
    const h = (total - 1) * p;
    const lo = Math.floor(h);
    const below = valueAtRank(data, lo);
    const above = h === lo ? below : valueAtRank(data, lo + 1);
    return { p, value: below + (h - lo) * (above - below) };
  });
}

/** The value at 0-based rank `rank` of the values repeated by their counts. */
function valueAtRank(data: SortedCounts, rank: number): number {
  let cumulative = 0;
  for (let i = 0; i < data.values.length; i++) {
    cumulative += data.counts[i]!;
    if (rank < cumulative) return data.values[i]!;
  }
  return data.values[data.values.length - 1]!;
}

/**
 * Equal-width bins over [min, max] as `np.histogram(values, bins=20)` makes them: the last bin
 * holds its right edge, and a single value gets the range [v - 0.5, v + 0.5].
 */
export function weightedHistogram(data: SortedCounts, min: number, max: number): { edges: number[]; counts: number[] } {
  const [first, last] = min === max ? [min - 0.5, max + 0.5] : [min, max];
  const step = (last - first) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => (i === HISTOGRAM_BINS ? last : first + i * step));
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (let i = 0; i < data.values.length; i++) {
    const x = data.values[i]!;
    let bin = Math.min(HISTOGRAM_BINS - 1, Math.floor(((x - first) / (last - first)) * HISTOGRAM_BINS));
    // The computed bin can be one off where x sits on an edge: settle it against the edges, as NumPy does.
    if (bin > 0 && x < edges[bin]!) bin--;
    else if (bin < HISTOGRAM_BINS - 1 && x >= edges[bin + 1]!) bin++;
    counts[bin]! += data.counts[i]!;
  }
  return { edges, counts };
}
