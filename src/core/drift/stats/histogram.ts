/**
 * NumPy's histogram over both sides together: `np.histogram_bin_edges(both, bins="sturges")`
 * for the edges, `np.histogram(side, edges)` for each side's counts.
 */

import type { WeightedValues } from '../types';
import { searchSorted, totalCount } from './weighted';

/** Sturges' equal-width edges over the range of both sides, computed as NumPy does. */
export function sturgesEdges(a: WeightedValues, b: WeightedValues): Float64Array {
  const size = totalCount(a) + totalCount(b);
  const low = Math.min(a.values[0], b.values[0]);
  const high = Math.max(a.values[a.values.length - 1], b.values[b.values.length - 1]);
  const width = (high - low) / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((high - low) / width) : 1;
  const [first, last] = low === high ? [low - 0.5, high + 0.5] : [low, high];
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** Counts per bin: [edge i, edge i+1), the last bin closed. */
export function histogramCounts(values: WeightedValues, edges: Float64Array): Float64Array {
  const cumulative = new Float64Array(values.counts.length + 1);
  for (let i = 0; i < values.counts.length; i++) cumulative[i + 1] = cumulative[i] + values.counts[i];
  const counts = new Float64Array(edges.length - 1);
  let start = searchSorted(values.values, edges[0], 'left');
  for (let bin = 0; bin < counts.length; bin++) {
    const end = searchSorted(values.values, edges[bin + 1], bin === counts.length - 1 ? 'right' : 'left');
    counts[bin] = cumulative[end] - cumulative[start];
    start = end;
  }
  return counts;
}
