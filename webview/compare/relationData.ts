import { numericValue, type CellValue } from '../../src/common/cellValues';
import type { ComparisonTable } from '../../src/core/compare/comparisonTable';

/** An axis of the scatter plot or the parallel coordinates: a param or a metric's last value. */
export interface RelationAxis {
  /** `param:<key>` or `metric:<key>`. */
  id: string;
  name: string;
  /** The table row it reads: a metric's last value. */
  rowId: string;
}

/** The params and metrics the table has a row for (rows hidden as identical cannot be plotted, and say nothing). */
export function relationAxes(table: ComparisonTable): { params: RelationAxis[]; metrics: RelationAxis[] } {
  const params = table.rows.filter((r) => r.section === 'param').map((r) => ({ id: `param:${r.key}`, name: r.key, rowId: r.id }));
  const metrics = table.rows.filter((r) => r.section === 'metric' && r.field === 'last').map((r) => ({ id: `metric:${r.key}`, name: r.key, rowId: r.id }));
  return { params, metrics };
}

/** One axis's values in column order, numeric when every value is a number, else texts on a category axis. */
export interface AxisValues {
  numeric: boolean;
  values: (number | string | null)[];
  categories: string[];
}

export function axisValues(table: ComparisonTable, rowId: string): AxisValues {
  const cells: CellValue[] = table.rows.find((r) => r.id === rowId)?.values ?? table.runIds.map(() => null);
  const numeric = cells.every((v) => v === null || numericValue(v) !== undefined);
  if (numeric) return { numeric, values: cells.map((v) => (v === null ? null : numericValue(v)!)), categories: [] };
  const values = cells.map((v) => (v === null ? null : String(v)));
  const categories = [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return { numeric, values, categories };
}
