/** Counts of the two sides over the same keys: the union of the values either side has. */

import type { CategoryCounts, WeightedValues } from '../types';

export interface AlignedCounts {
  /** Category names, or numbers as text; numbers ascending, categories in code-unit order. */
  keys: string[];
  reference: Float64Array;
  current: Float64Array;
}

export function alignCategories(reference: CategoryCounts, current: CategoryCounts): AlignedCounts {
  const keys = [...new Set([...reference.keys(), ...current.keys()])].sort();
  return {
    keys,
    reference: Float64Array.from(keys, (key) => reference.get(key) ?? 0),
    current: Float64Array.from(keys, (key) => current.get(key) ?? 0),
  };
}

/** Each distinct number as a category of its own (how Evidently counts numerical columns with few values). */
export function alignNumbers(reference: WeightedValues, current: WeightedValues): AlignedCounts {
  const keys: string[] = [];
  const referenceCounts: number[] = [];
  const currentCounts: number[] = [];
  let i = 0;
  let j = 0;
  while (i < reference.values.length || j < current.values.length) {
    const x = i < reference.values.length ? reference.values[i] : Infinity;
    const y = j < current.values.length ? current.values[j] : Infinity;
    keys.push(String(Math.min(x, y)));
    referenceCounts.push(x <= y ? reference.counts[i++] : 0);
    currentCounts.push(y <= x ? current.counts[j++] : 0);
  }
  return { keys, reference: Float64Array.from(referenceCounts), current: Float64Array.from(currentCounts) };
}

export function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}
