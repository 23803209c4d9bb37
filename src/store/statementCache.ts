import type Database from 'better-sqlite3';

/**
 * Statements prepared once per connection and reused by SQL text. Preparing costs more than
 * running a small statement (the more so on tables with triggers), and imports run the same few
 * statements for every run and file.
 */
export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Database.Statement<P, R>;
  }
}
