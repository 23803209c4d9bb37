/**
 * Evidently's `get_binned_data`: each side's shares per bin, the input of Jensen–Shannon and PSI.
 * A numerical column whose reference has more than 20 distinct values is cut into Sturges'
 * bins over both sides; anything else is counted per value over the union of values.
 */

import type { WeightedValues } from '../types';
import { alignNumbers, sum, type AlignedCounts } from './aligned';
import { histogramCounts, sturgesEdges } from './histogram';

const MOST_VALUES_COUNTED_ONE_BY_ONE = 20;
const FILL = 0.0001;

export interface BinnedShares {
  reference: Float64Array;
  current: Float64Array;
}

export function binNumbers(reference: WeightedValues, current: WeightedValues, fillEmpty: boolean): BinnedShares {
  if (reference.values.length > MOST_VALUES_COUNTED_ONE_BY_ONE) {
    const edges = sturgesEdges(reference, current);
    return shares(histogramCounts(reference, edges), histogramCounts(current, edges), fillEmpty);
  }
  return binCounts(alignNumbers(reference, current), fillEmpty);
}

export function binCounts(counts: AlignedCounts, fillEmpty: boolean): BinnedShares {
  return shares(counts.reference, counts.current, fillEmpty);
}

function shares(referenceCounts: Float64Array, currentCounts: Float64Array, fillEmpty: boolean): BinnedShares {
  const reference = divide(referenceCounts, sum(referenceCounts));
  const current = divide(currentCounts, sum(currentCounts));
  if (fillEmpty) {
    fillZeros(reference);
    fillZeros(current);
  }
  return { reference, current };
}

function divide(counts: Float64Array, total: number): Float64Array {
  return counts.map((count) => count / total);
}

/**
 * Empty bins get 0.0001, or a millionth of the smallest share when that is already ≤ 0.0001,
 * so that the logarithms stay finite.
 */
function fillZeros(values: Float64Array): void {
  let smallest = Infinity;
  for (const value of values) if (value !== 0 && value < smallest) smallest = value;
  const fill = smallest <= FILL ? smallest / 10 ** 6 : FILL;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) values[i] = fill;
}
