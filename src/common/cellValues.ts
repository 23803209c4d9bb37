/**
 * A value in the comparison table: a finite number, a text (params and tags are text; a
 * non-finite metric value is spelled "NaN", "Infinity" or "-Infinity", as in the export format,
 * so that every cell survives JSON), or null where the run has no such value.
 */
export type CellValue = number | string | null;

/** A metric value as a cell: non-finite values become their names. */
export function metricCell(value: number | null): CellValue {
  if (value === null) return null;
  return Number.isFinite(value) ? value : String(value);
}

/** The number a cell stands for: a number, or a text that is a plain finite number ("0.001", "1e-3"). */
export function numericValue(value: CellValue): number | undefined {
  if (typeof value === 'number') return value;
  if (value === null || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** Equal as values: "1e-3" and "0.001" are the same learning rate; a missing value equals only another missing one. */
export function sameValue(a: CellValue, b: CellValue): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  const x = numericValue(a);
  const y = numericValue(b);
  return x !== undefined && x === y;
}

/**
 * Orders cells: numbers (and numeric texts) by value, then other texts in natural order ("run-2"
 * before "run-10"), then missing values. Descending reverses the order within numbers and within
 * texts only: numbers stay before texts and missing values stay last, so a sort always shows the
 * runs that have the value first.
 */
export function compareValues(a: CellValue, b: CellValue, descending = false): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const x = numericValue(a);
  const y = numericValue(b);
  let order: number;
  if (x !== undefined && y !== undefined) order = x - y;
  else if (x !== undefined || y !== undefined) return x !== undefined ? -1 : 1;
  else order = String(a).localeCompare(String(b), 'en', { numeric: true });
  return descending ? -order : order;
}
