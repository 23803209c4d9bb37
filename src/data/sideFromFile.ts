import type { CategoryCounts, DriftColumnInput, DriftSide } from '../core/drift/types';
import { sortedCounts } from '../core/profile/numericShape';
import { ProfileBuilder, type RowRange } from '../core/profile/profileBuilder';
import { countsFromWeighted } from '../core/profile/sideFromProfile';
import { DISTINCT_LIMIT, type Cell, type ColumnProfile } from '../core/profile/types';
import { readTable } from './readTable';

/**
 * One side of a drift check from a data file read whole: every row's value, so the statistics
 * are exact (`exact: true`). Kinds are the profile's, decided by the same builder in the same pass.
 * NaN and ±Infinity are left out of the numbers, as the profile counts them apart.
 */
export async function sideFromFile(file: string, label: string = file): Promise<DriftSide> {
  const read = await readTable(file, (columns) => new EveryValueBuilder(columns));
  const profile = read.sink.finish({ path: label, sha256: read.sha256, bytes: read.bytes, format: read.format });
  return {
    label,
    sha256: read.sha256,
    rows: profile.rows,
    columns: profile.columns.map((column, i) => read.sink.values(i).input(column)),
  };
}

/** A profile builder that also keeps every value of every column. */
class EveryValueBuilder extends ProfileBuilder {
  private readonly kept: ColumnValues[] = [];

  /** Column i's values (made on first use: a column added late was null before). */
  values(column: number): ColumnValues {
    return (this.kept[column] ??= new ColumnValues());
  }

  override addRow(cells: readonly Cell[]): void {
    super.addRow(cells);
    // Cells past the last column (a ragged row) are left out, as the profile leaves them out.
    for (let i = 0; i < Math.min(cells.length, this.columnCount); i++) this.values(i).add(cells[i]!);
  }

  override addColumnValues(column: number, values: ArrayLike<Cell>, rows: RowRange): void {
    super.addColumnValues(column, values, rows);
    const kept = this.values(column);
    for (let k = 0; k < rows.slots.length; k++) kept.add(values[k] ?? null);
  }
}

/** Every finite number of a column, and the counts of its texts up to DISTINCT_LIMIT distinct. */
class ColumnValues {
  private numbers = new Float64Array(1024);
  private size = 0;
  /** Null past DISTINCT_LIMIT distinct texts: such a column is text, never counted by category. */
  private texts: Map<string, number> | null = new Map();

  add(cell: Cell): void {
    if (cell === null) return;
    if (typeof cell === 'number') {
      if (Number.isFinite(cell)) this.addNumber(cell);
      return;
    }
    if (this.texts === null) return;
    const text = typeof cell === 'boolean' ? String(cell) : cell;
    this.texts.set(text, (this.texts.get(text) ?? 0) + 1);
    if (this.texts.size > DISTINCT_LIMIT) this.texts = null;
  }

  private addNumber(value: number): void {
    if (this.size === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[this.size++] = value;
  }

  input(column: ColumnProfile): DriftColumnInput {
    const base = { name: column.name, kind: column.kind, count: column.count, nulls: column.nulls, datetime: column.datetime, exact: true };
    const numbers = sortedCounts(this.numbers.subarray(0, this.size));
    if (column.kind === 'numerical') return { ...base, numbers, categories: numbers.values.length <= DISTINCT_LIMIT ? countsFromWeighted(numbers) : null };
    if (column.kind !== 'categorical' && column.kind !== 'boolean') return { ...base, numbers: null, categories: null };
    const categories: CategoryCounts = new Map();
    const add = (value: string, count: number) => {
      const key = column.kind === 'boolean' ? value.toLowerCase() : value;
      categories.set(key, (categories.get(key) ?? 0) + count);
    };
    for (const [value, count] of this.texts ?? []) add(value, count);
    for (const [value, count] of countsFromWeighted(numbers)) add(value, count);
    return { ...base, numbers: null, categories };
  }
}
