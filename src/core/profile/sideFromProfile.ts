import type { CategoryCounts, DriftColumnInput, DriftSide, WeightedValues } from '../drift/types';
import { sortedCounts } from './numericShape';
import type { Cell, ColumnProfile, DataProfile } from './types';

/**
 * One side of a drift check from a stored profile: exact where the profile holds every value
 * (a column's value counts, kept up to DISTINCT_LIMIT distinct values, or a sample that is the
 * whole file), else from the reservoir sample, marked `exact: false`. NaN and ±Infinity, kept in
 * the sample as texts, never enter the numbers.
 */
export function sideFromProfile(profile: DataProfile, origin: { label: string; sha256: string | null } = { label: profile.source.path, sha256: null }): DriftSide {
  return {
    label: origin.label,
    sha256: origin.sha256,
    rows: profile.rows,
    columns: profile.columns.map((column, i) => columnInput(column, profile.sample.values[i] ?? [], profile.sample.exact)),
  };
}

function columnInput(column: ColumnProfile, sample: readonly Cell[], sampleIsEverything: boolean): DriftColumnInput {
  const base = { name: column.name, kind: column.kind, count: column.count, nulls: column.nulls, datetime: column.datetime };
  const exact = column.valueCounts !== null || sampleIsEverything;
  if (column.kind === 'numerical') {
    const numbers = column.valueCounts ? weightedFromCounts(column.valueCounts) : sortedCounts(sample.filter(isFiniteNumber));
    return { ...base, numbers, categories: countsFromWeighted(numbers), exact };
  }
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    const categories = column.valueCounts ? new Map(column.valueCounts.map(([value, count]) => [String(value), count])) : sampleCounts(sample);
    return { ...base, numbers: null, categories, exact };
  }
  return { ...base, numbers: null, categories: null, exact: true };
}

function isFiniteNumber(cell: Cell): cell is number {
  return typeof cell === 'number' && Number.isFinite(cell);
}

function weightedFromCounts(valueCounts: readonly [number | string, number][]): WeightedValues {
  const sorted = valueCounts.map(([value, count]) => [Number(value), count] as const).sort((a, b) => a[0] - b[0]);
  return { values: Float64Array.from(sorted, ([value]) => value), counts: Float64Array.from(sorted, ([, count]) => count) };
}

/** A numerical column's values as categories too, for the engine's few-values rule (Evidently tests ≤ 5 distinct numbers as categories). */
export function countsFromWeighted(numbers: WeightedValues): CategoryCounts {
  const counts: CategoryCounts = new Map();
  for (let i = 0; i < numbers.values.length; i++) counts.set(String(numbers.values[i]), numbers.counts[i]!);
  return counts;
}

function sampleCounts(sample: readonly Cell[]): CategoryCounts {
  const counts: CategoryCounts = new Map();
  for (const cell of sample) if (cell !== null) counts.set(String(cell), (counts.get(String(cell)) ?? 0) + 1);
  return counts;
}
