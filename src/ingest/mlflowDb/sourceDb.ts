import Database from 'better-sqlite3';

/** How long a read waits for MLflow's write lock by default before the import gives up on the file. */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/**
 * MLflow held its write lock on the database for longer than the busy timeout: the import of
 * that file stops. It carries no SQLite `code`, so nothing can take it for a busy store.
 */
export class SourceBusyError extends Error {
  override readonly name = 'SourceBusyError';
}

/**
 * Opens an MLflow database for reading only. A read-only connection never writes the file: no
 * journal mode switch, no rollback journal, no schema change. (Only a database MLflow put in WAL
 * mode gets the -wal/-shm files every reader of it shares.)
 */
export function openSourceDb(file: string, busyTimeoutMs: number): Database.Database {
  return new Database(file, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs });
}

/**
 * Runs `read` in one read transaction, so what it reads is one consistent snapshot even while
 * MLflow writes. Only reads belong inside: the shared lock held meanwhile keeps MLflow's writer
 * from committing, so the caller writes the store after this returns, never while it runs.
 */
export function readSnapshot<T>(db: Database.Database, busyTimeoutMs: number, read: () => T): T {
  try {
    db.exec('BEGIN DEFERRED');
    try {
      const result = read();
      db.exec('COMMIT');
      return result;
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  } catch (error) {
    if (isBusy(error)) throw new SourceBusyError(`locked by another process (still busy after ${busyTimeoutMs} ms)`);
    throw error;
  }
}

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
