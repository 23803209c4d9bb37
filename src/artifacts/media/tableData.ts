import type { PlotData } from '../../core/artifacts/types';
import { PlotFormatError } from './plotFormatError';
import { isRecord } from '../../common/records';

type Cell = string | number | boolean | null;

/** Rows kept for display; the rest are counted (`totalRows`). */
export const MAX_TABLE_ROWS = 1000;

/**
 * A table in pandas' "split" layout, `{"columns": [...], "data": [[...], ...]}`, which MLflow's
 * `log_table` writes (and Model Ledger's `log_table`). A cell that is an object or a list is shown
 * as its JSON text.
 */
export function tableFrom(json: unknown): Extract<PlotData, { kind: 'table' }> {
  if (!isRecord(json)) throw new PlotFormatError('is not a table object with "columns" and "data"');
  const { columns, data } = json as { columns?: unknown; data?: unknown };
  if (!Array.isArray(columns)) throw new PlotFormatError('has no "columns" list');
  if (!Array.isArray(data)) throw new PlotFormatError('has no "data" list of rows');
  const names = columns.map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
  const rows = data.slice(0, MAX_TABLE_ROWS).map((row: unknown, i) => {
    if (!Array.isArray(row)) throw new PlotFormatError(`row ${i + 1} of "data" is not a list`);
    if (row.length !== names.length) throw new PlotFormatError(`row ${i + 1} of "data" has ${row.length} cells for ${names.length} columns`);
    return row.map(cellOf);
  });
  return { kind: 'table', columns: names, rows, totalRows: data.length };
}

function cellOf(value: unknown): Cell {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? null;
}
