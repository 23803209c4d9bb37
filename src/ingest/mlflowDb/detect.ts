import * as fs from 'node:fs';
import { isBusy, openSourceDb } from './sourceDb';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
const MLFLOW_TABLES = ['alembic_version', 'experiments', 'runs'];
/** Detection should not stall a workspace scan for long; the import itself waits longer. */
const DETECT_BUSY_TIMEOUT_MS = 1_000;

/**
 * Whether `file` is an MLflow SQLite backend: a SQLite file with MLflow's alembic_version,
 * experiments and runs tables. Read without writing anything; any other file, or one that
 * cannot be read, is not one.
 */
export function isMlflowDb(file: string): boolean {
  if (!hasSqliteHeader(file)) return false;
  let db;
  try {
    db = openSourceDb(file, DETECT_BUSY_TIMEOUT_MS);
    const found = db
      .prepare<string[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)`)
      .all(...MLFLOW_TABLES);
    return found.length === MLFLOW_TABLES.length;
  } catch (error) {
    // A SQLite file locked by a long write cannot be inspected now. Saying yes lets the import
    // report the lock by name; saying no would skip it silently.
    return isBusy(error);
  } finally {
    db?.close();
  }
}

function hasSqliteHeader(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
