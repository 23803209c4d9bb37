/**
 * Seeded numerical samples for drift tests and benchmarks: normal values rounded to a few
 * decimals (so they tie, as measured data does), as arrays or as weighted values.
 */

import type { WeightedValues } from '../src/core/drift/types';
import { seededRandom as uniform } from '../src/core/profile/seededRandom';

export interface NormalSample {
  size: number;
  mean: number;
  sd: number;
  decimals: number;
  seed: number;
}

/** The sample's values in draw order (Box–Muller). */
export function normalValues({ size, mean, sd, decimals, seed }: NormalSample): Float64Array {
  const random = uniform(seed);
  const scale = 10 ** decimals;
  const out = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    out[i] = Math.round((mean + sd * z) * scale) / scale;
  }
  return out;
}

/** Sorted distinct values with their counts, as the data layer hands a column to a drift check. */
export function toWeighted(values: Float64Array): WeightedValues {
  const sorted = Float64Array.from(values).sort();
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  const out: WeightedValues = { values: new Float64Array(distinct), counts: new Float64Array(distinct) };
  let at = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) out.values[++at] = sorted[i];
    out.counts[at]++;
  }
  return out;
}
