import { sameValue, type CellValue } from '../../common/cellValues';
import type { Direction } from '../../common/direction';
import { directionOf } from './direction';
import { columnOrder, type RunSort } from './sortRuns';
import { collectRows, type CompareRunInput, type RawRow } from './tableRows';

export interface TableRow extends RawRow {
  /** The cells are not all the same value (see sameValue). */
  differs: boolean;
  /** Metric rows: whether lower or higher is better, when known. */
  direction: Direction | null;
  /** Columns holding the row's best value (ties all marked); empty unless two runs or more have a value and the direction is known. */
  best: number[];
  /** Numeric rows: each cell minus the baseline's (null for the baseline itself and where either is missing). */
  deltas: (number | null)[] | null;
}

/** The table of the compare panel: runs as columns, baseline first. */
export interface ComparisonTable {
  runIds: string[];
  rows: TableRow[];
  /** Rows left out because every run has the same value ("only differences"). */
  hiddenRows: number;
}

export interface TableOptions {
  /** Defaults to the first run. */
  baselineRunId?: string | null;
  /** The user's directions; other metrics get theirs from their names. */
  directions: Readonly<Record<string, Direction>>;
  onlyDifferences: boolean;
  sort?: RunSort | null;
}

const BEST_FIELDS = new Set(['last', 'min', 'max']);
const DELTA_FORMATS = new Set(['number', 'step', 'duration']);

export function buildComparisonTable(runs: readonly CompareRunInput[], options: TableOptions): ComparisonTable {
  const raw = collectRows(runs);
  const baseline = Math.max(0, runs.findIndex((r) => r.facts.id === options.baselineRunId));
  const order = columnOrder(runs.length, raw, baseline, options.sort ?? null);
  // A metric logged once keeps its `last` row only; the others stay long enough to sort by.
  const kept = raw.filter((row) => !row.loggedOnce || row.field === 'last');
  const rows = kept.map((row) => markRow({ ...row, values: order.map((i) => row.values[i]!) }, options.directions));
  // With a single run nothing differs, and hiding every row would leave an empty table.
  const shown = options.onlyDifferences && runs.length > 1 ? rows.filter((r) => r.differs) : rows;
  return { runIds: order.map((i) => runs[i]!.facts.id), rows: shown, hiddenRows: rows.length - shown.length };
}

/** Adds what the table marks on a row whose cells are in column order (the baseline's first). */
function markRow(row: RawRow, overrides: Readonly<Record<string, Direction>>): TableRow {
  const values = row.values;
  const direction = row.section === 'metric' ? (directionOf(row.key, overrides) ?? null) : null;
  return {
    ...row,
    differs: values.some((v) => !sameValue(v, values[0] ?? null)),
    direction,
    best: direction && BEST_FIELDS.has(row.field ?? '') ? bestColumns(values, direction) : [],
    deltas: DELTA_FORMATS.has(row.format) ? values.map((v, i) => (i === 0 ? null : delta(v, values[0] ?? null))) : null,
  };
}

function bestColumns(values: readonly CellValue[], direction: Direction): number[] {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  if (numbers.length < 2) return [];
  const best = direction === 'lower' ? Math.min(...numbers) : Math.max(...numbers);
  return values.flatMap((v, i) => (v === best ? [i] : []));
}

function delta(value: CellValue, baseline: CellValue): number | null {
  if (typeof value !== 'number' || typeof baseline !== 'number') return null;
  const d = value - baseline;
  return Number.isFinite(d) ? d : null;
}
