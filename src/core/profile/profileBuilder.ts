import { ColumnAccumulator } from './columnAccumulator';
import { ReservoirPlan } from './reservoir';
import { SAMPLE_ROWS, type Cell, type DataIssue, type DataProfile } from './types';

/** Rows begun together (a Parquet row group): the first one's 1-based number, and each one's sample slot (-1: not sampled). */
export interface RowRange {
  firstRow: number;
  slots: Int32Array;
}

/** Issues kept word for word; past this many, one more says how many were left out. */
const MAX_ISSUES = 100;

/**
 * Builds a DataProfile in one pass, in bounded memory: fed row by row (CSV, JSON lines) or a
 * range of rows column by column (Parquet's column chunks). Pure: the readers in src/data feed it.
 */
export class ProfileBuilder {
  private readonly columns: ColumnAccumulator[] = [];
  private readonly sample: Cell[][] = [];
  private readonly plan = new ReservoirPlan(SAMPLE_ROWS);
  private readonly issues: DataIssue[] = [];
  private issuesLeftOut = 0;

  constructor(names: readonly string[]) {
    for (const name of names) this.addColumn(name);
  }

  get rows(): number {
    return this.plan.rows;
  }

  get columnCount(): number {
    return this.columns.length;
  }

  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** A column first seen after some rows (JSON lines): null in every row before. Its index. */
  addColumn(name: string): number {
    const column = new ColumnAccumulator(name);
    column.nulls = this.rows;
    this.columns.push(column);
    this.sample.push(new Array<Cell>(Math.min(this.rows, SAMPLE_ROWS)).fill(null));
    return this.columns.length - 1;
  }

  /** One row, a cell per column in order (missing trailing cells are null). */
  addRow(cells: readonly Cell[]): void {
    const slot = this.plan.next();
    const row = this.plan.rows;
    const columns = this.columns;
    for (let i = 0; i < columns.length; i++) {
      const cell = i < cells.length ? cells[i]! : null;
      columns[i]!.add(cell, row);
      if (slot >= 0) this.sample[i]![slot] = cell;
    }
  }

  /**
   * Starts `count` rows that come column by column: returns their sample slots, to pass with each
   * column's values to addColumnValues.
   */
  beginRows(count: number): RowRange {
    const firstRow = this.plan.rows + 1;
    return { firstRow, slots: this.plan.nextSlots(count) };
  }

  /** One column's cells of rows begun with beginRows. */
  addColumnValues(column: number, values: ArrayLike<Cell>, rows: RowRange): void {
    const accumulator = this.columns[column]!;
    const sample = this.sample[column]!;
    const { firstRow, slots } = rows;
    for (let k = 0; k < slots.length; k++) {
      const cell = values[k] ?? null;
      accumulator.add(cell, firstRow + k);
      if (slots[k]! >= 0) sample[slots[k]!] = cell;
    }
  }

  issue(row: number | null, column: string | null, message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ row, column, message });
    else this.issuesLeftOut++;
  }

  finish(source: DataProfile['source']): DataProfile {
    const finished = this.columns.map((column, i) => column.finish(this.sample[i]!));
    const issues = [...this.issues, ...finished.flatMap((f) => f.issues)];
    if (this.issuesLeftOut > 0) issues.push({ row: null, column: null, message: `${this.issuesLeftOut} more issues like those above were not listed` });
    const exact = this.rows <= SAMPLE_ROWS;
    return {
      format: 'model-ledger-profile',
      version: 1,
      source,
      rows: this.rows,
      columns: finished.map((f) => f.profile),
      sample: { rows: Math.min(this.rows, SAMPLE_ROWS), exact, columns: this.columnNames, values: finished.map((f) => f.sample) },
      issues,
    };
  }
}
