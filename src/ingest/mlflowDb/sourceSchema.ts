import type Database from 'better-sqlite3';

/**
 * The tables and columns an MLflow database has. MLflow's alembic migrations added columns and
 * tables over the years (metrics.step and is_nan, runs.name's use, inputs/datasets in 2.4,
 * registered_model_aliases in 2.3, logged_models in 3.0), so every query is built from what
 * this file really holds rather than from one assumed version.
 */
export class SourceSchema {
  private constructor(private readonly tables: ReadonlyMap<string, ReadonlySet<string>>) {}

  static read(db: Database.Database): SourceSchema {
    const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
    const tables = new Map<string, Set<string>>();
    for (const { name } of names) {
      const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(name);
      tables.set(name, new Set(columns.map((c) => c.name)));
    }
    return new SourceSchema(tables);
  }

  hasTable(table: string): boolean {
    return this.tables.has(table);
  }

  hasColumn(table: string, column: string): boolean {
    return this.tables.get(table)?.has(column) ?? false;
  }

  /** The column quoted for a SELECT, or `fallback` (an SQL literal) when this version lacks it. */
  column(table: string, column: string, fallback: string): string {
    return this.hasColumn(table, column) ? `"${column}"` : `${fallback} AS "${column}"`;
  }
}
