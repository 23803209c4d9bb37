import type Database from 'better-sqlite3';
import { StatementCache } from './statementCache';

/** How far an append-only source file has been read (see migration 2). */
export interface FilePosition {
  path: string;
  size: number;
  offset: number;
  lines: number;
  headHash: string;
  mtimeMs: number;
}

interface PositionRow {
  path: string;
  size: number;
  offset: number;
  lines: number;
  head_hash: string;
  mtime_ms: number;
}

export class IngestFileQueries {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  get(path: string): FilePosition | undefined {
    const row = this.statements.get<[string], PositionRow>('SELECT * FROM ingest_files WHERE path = ?').get(path);
    return row && { path: row.path, size: row.size, offset: row.offset, lines: row.lines, headHash: row.head_hash, mtimeMs: row.mtime_ms };
  }

  /** Records a position; call in the same write as the rows read up to it, so both land or neither. */
  set(position: FilePosition): void {
    this.statements
      .get('INSERT OR REPLACE INTO ingest_files (path, size, offset, lines, head_hash, mtime_ms) VALUES (?, ?, ?, ?, ?, ?)')
      .run(position.path, position.size, position.offset, position.lines, position.headHash, Math.trunc(position.mtimeMs));
  }

  delete(path: string): void {
    this.statements.get('DELETE FROM ingest_files WHERE path = ?').run(path);
  }
}
