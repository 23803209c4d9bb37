import type Database from 'better-sqlite3';
import type { DataFormat } from '../core/profile/types';
import { StatementCache } from './statementCache';

/** A stored profile as the store indexes it (migration 8); the profile itself is its JSON file. */
export interface ProfileEntry {
  /** The sha256 of the profile's JSON bytes: its name under .modelledger/profiles/. */
  sha256: string;
  sourcePath: string;
  sourceSha256: string;
  /** The data file's size. */
  bytes: number;
  format: DataFormat;
  rows: number;
  columns: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

interface ProfileRow {
  sha256: string;
  source_path: string;
  source_sha256: string;
  bytes: number;
  format: DataFormat;
  rows: number;
  columns: number;
  created_at: number;
}

function entryFromRow(row: ProfileRow): ProfileEntry {
  return {
    sha256: row.sha256,
    sourcePath: row.source_path,
    sourceSha256: row.source_sha256,
    bytes: row.bytes,
    format: row.format,
    rows: row.rows,
    columns: row.columns,
    createdAt: row.created_at,
  };
}

/** The index of stored data profiles. Construct over the Store's connection: `new ProfileIndex(store.db)`. */
export class ProfileIndex {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Records a profile; saving the same profile again keeps its first created_at. Call inside Store.write. */
  add(entry: ProfileEntry): void {
    this.statements
      .get(
        `INSERT INTO data_profiles (sha256, source_path, source_sha256, bytes, format, rows, columns, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
      )
      .run(entry.sha256, entry.sourcePath, entry.sourceSha256, entry.bytes, entry.format, entry.rows, entry.columns, entry.createdAt);
  }

  get(sha256: string): ProfileEntry | undefined {
    const row = this.statements.get<[string], ProfileRow>('SELECT * FROM data_profiles WHERE sha256 = ?').get(sha256);
    return row && entryFromRow(row);
  }

  /** The profiles of a data file's bytes, newest first. */
  ofSource(sourceSha256: string): ProfileEntry[] {
    return this.statements
      .get<[string], ProfileRow>('SELECT * FROM data_profiles WHERE source_sha256 = ? ORDER BY created_at DESC, sha256')
      .all(sourceSha256)
      .map(entryFromRow);
  }

  list(): ProfileEntry[] {
    return this.statements.get<[], ProfileRow>('SELECT * FROM data_profiles ORDER BY created_at DESC, sha256').all().map(entryFromRow);
  }
}
