import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { withBusyRetry } from './busy';

/** How long one statement waits for another process's write lock before SQLite gives up. */
const BUSY_TIMEOUT_MS = 10_000;

const GITIGNORE = '# Model Ledger store: a local index, rebuilt from run sources and git tags. Never commit it.\n*\n';

export interface OpenOptions {
  /** Create the store (and its folder) when missing. Default true. */
  create?: boolean;
  /** Open without writing anything, not even a migration (untrusted workspaces). */
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const { create = true, readonly = false } = options;
  const exists = fs.existsSync(file);
  if (!exists && (!create || readonly)) {
    throw new UserError(`No Model Ledger store at ${file}; run "model-ledger init" or import runs first.`);
  }
  if (!exists) prepareStoreFolder(path.dirname(file));

  const db = new Database(file, { readonly, timeout: BUSY_TIMEOUT_MS });
  try {
    // Check the version before any pragma that writes, so a newer store is left untouched.
    const version = readSchemaVersion(db, file);
    if (version > LATEST_SCHEMA_VERSION) {
      throw new UserError(
        `${file} was written by a newer Model Ledger (schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). ` +
          'Update Model Ledger; the store was left untouched.',
      );
    }
    if (readonly) {
      if (version < LATEST_SCHEMA_VERSION) {
        throw new UserError(`${file} needs an upgrade (schema ${version} to ${LATEST_SCHEMA_VERSION}), which a read-only open cannot do.`);
      }
      db.pragma('query_only = ON');
      return db;
    }
    withBusyRetry(() => db.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    // Savepoints (an import's units, store/chunkedWrite.ts) journal the pages they first touch: in
    // a temporary file, SQLite's default, that was 270,000 writes for 1,000 small runs.
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function prepareStoreFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, GITIGNORE);
}

function readSchemaVersion(db: Database.Database, file: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new UserError(`${file} is not a Model Ledger store (not a SQLite database); move it away and Model Ledger will create a new one.`);
    }
    throw error;
  }
}

/** Applies pending migrations in one immediate transaction; a second process waits, then finds nothing to do. */
function migrate(db: Database.Database): void {
  const pending = () => MIGRATIONS.filter((m) => m.version > (db.pragma('user_version', { simple: true }) as number));
  if (pending().length === 0) return;
  const apply = db.transaction(() => {
    for (const migration of pending()) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  withBusyRetry(() => apply.immediate());
}
