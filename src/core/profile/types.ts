/**
 * A profile of a tabular data file: what drift is checked against when the file itself is not at
 * hand. Written as JSON under `.modelledger/profiles/<sha256 of the JSON>.json` (content-addressed),
 * so a version's tag message can name its training data's profile by hash.
 */

export type ColumnKind = 'numerical' | 'categorical' | 'boolean' | 'datetime' | 'text';

/** A cell as read: numbers stay numbers, everything else is its text; null is a missing cell. */
export type Cell = number | string | boolean | null;

/** Above this many distinct values a column keeps no value counts, only its sample. */
export const DISTINCT_LIMIT = 10_000;
/** Up to this many rows the sample is the whole file; above, a reservoir sample of this size. */
export const SAMPLE_ROWS = 10_000;

export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n - 1), as pandas and Evidently compute it. */
  std: number;
  /** Every value was a whole number. */
  integer: boolean;
  /** p in [0, 1] → value; exact when the value counts are kept, else from the sample. */
  quantiles: { p: number; value: number }[];
  /** Equal-width bins over [min, max]: edges has one more entry than counts. */
  histogram: { edges: number[]; counts: number[] };
  /** NaN, +Infinity and -Infinity cells: counted apart, never in min/max/mean/std. */
  nan: number;
  posInf: number;
  negInf: number;
}

export interface ColumnProfile {
  name: string;
  kind: ColumnKind;
  /** Non-null cells. */
  count: number;
  nulls: number;
  /** Distinct non-null values, or null when more than DISTINCT_LIMIT. */
  unique: number | null;
  numeric: NumericSummary | null;
  /** ISO 8601 range of a datetime column. */
  datetime: { min: string; max: string } | null;
  /**
   * Every distinct value with its count, most frequent first, when unique ≤ DISTINCT_LIMIT (so
   * tests on this column are exact); null otherwise. Numerical values are numbers, others text.
   */
  valueCounts: [value: number | string, count: number][] | null;
  /** The 20 most frequent values (text of categorical, boolean and text columns). */
  top: [value: string, count: number][];
}

export type DataFormat = 'csv' | 'tsv' | 'parquet' | 'jsonl';

/** Something wrong in the input that was read past: where, and what. */
export interface DataIssue {
  /** 1-based row of the data (not counting a header), or null for the whole file. */
  row: number | null;
  column: string | null;
  message: string;
}

export interface DataProfile {
  format: 'model-ledger-profile';
  version: 1;
  source: { path: string; sha256: string; bytes: number; format: DataFormat };
  rows: number;
  columns: ColumnProfile[];
  /**
   * Rows sampled, column by column (values[i] is column columns[i]): every row when
   * exact, else a uniform reservoir sample of SAMPLE_ROWS rows.
   */
  sample: { rows: number; exact: boolean; columns: string[]; values: Cell[][] };
  issues: DataIssue[];
}
