/**
 * A drift check's result. `columns` carries the fields of the CLI's JSON format
 * (`model-ledger drift --json`); the rest is what the report panel draws.
 */

import type { ColumnKind } from '../profile/types';

/** The tests of Evidently's `stattests` that Model Ledger implements, by Evidently's names. */
export type StatTestName = 'ks' | 'chisquare' | 'z' | 'wasserstein' | 'jensenshannon' | 'psi';

/** Weighted values of a numerical column: sorted ascending, distinct, each with its count. */
export interface WeightedValues {
  values: Float64Array;
  counts: Float64Array;
}

/** Counts of a categorical (or boolean) column's values. */
export type CategoryCounts = Map<string, number>;

/** Each side's shares (summing to 1) per histogram bin or category, so sides of any size overlay. */
export type Distribution =
  | { kind: 'histogram'; edges: number[]; reference: number[]; current: number[] }
  | { kind: 'categories'; categories: string[]; reference: number[]; current: number[] };

export interface ColumnDrift {
  name: string;
  kind: ColumnKind;
  test: StatTestName;
  statistic: number;
  /** For tests that give one (ks, chisquare, z); drift when below threshold. */
  pValue: number | null;
  threshold: number;
  drift: boolean;
  /** Comparable across tests, higher is more drifted (1 - p for p-value tests, else the statistic). */
  score: number;
  /** The reference side came from a profile's sample, not every value. */
  estimated: boolean;
  distribution: Distribution;
}

export type FindingKind =
  | 'missing-in-current'
  | 'missing-in-reference'
  | 'type-change'
  | 'new-categories'
  | 'datetime-range'
  | 'empty-column'
  | 'not-tested';

export interface DriftFinding {
  kind: FindingKind;
  column: string;
  message: string;
}

export interface DriftReport {
  format: 'model-ledger-drift';
  version: 1;
  /** What each side was: a file path, a profile hash, `churn@v3.1.0`, `churn#prod`. */
  reference: { label: string; sha256: string | null };
  current: { label: string; sha256: string | null };
  rows: { reference: number; current: number };
  columns: ColumnDrift[];
  driftShare: number;
  /** Dataset drift when driftShare ≥ shareThreshold. */
  shareThreshold: number;
  datasetDrift: boolean;
  findings: DriftFinding[];
  /** Milliseconds since the epoch. */
  checkedAt: number;
}

/** One column of one side of a check, as the tests need it. */
export interface DriftColumnInput {
  name: string;
  kind: ColumnKind;
  /** Non-null cells of the column (over the whole data, even when the values are a sample). */
  count: number;
  nulls: number;
  /** Numerical columns: every value with its count, or the sample's. */
  numbers: WeightedValues | null;
  /** Categorical and boolean columns (and numerical ones with few values): value counts. */
  categories: CategoryCounts | null;
  datetime: { min: string; max: string } | null;
  /** False when numbers/categories come from a sample rather than every row. */
  exact: boolean;
}

/** One side of a check: a file read whole, or a stored profile. */
export interface DriftSide {
  label: string;
  sha256: string | null;
  rows: number;
  columns: DriftColumnInput[];
}
