import { compareValues } from '../../common/cellValues';
import type { RawRow } from './tableRows';

/** Sort the runs (the table's columns) by the values of one row. */
export interface RunSort {
  rowId: string;
  descending: boolean;
}

/**
 * The order of the table's columns as indexes into the given runs: the baseline pinned first,
 * then the other runs by the sort row (see compareValues), ties and no sort keeping the given
 * order. A sort row that is not in the table (its key left the comparison) leaves the order as given.
 */
export function columnOrder(runCount: number, rows: readonly RawRow[], baseline: number, sort: RunSort | null): number[] {
  if (runCount === 0) return [];
  const others = Array.from({ length: runCount }, (_, i) => i).filter((i) => i !== baseline);
  const row = sort ? rows.find((r) => r.id === sort.rowId) : undefined;
  if (row) others.sort((a, b) => compareValues(row.values[a]!, row.values[b]!, sort!.descending) || a - b);
  return [baseline, ...others];
}
