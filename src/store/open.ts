import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../core/errors';
import { describeFileError, fileErrorCode } from '../core/fileErrors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { withBusyRetry } from './busy';
import { damagedStore, isStoreFailure, StoreFailure, storeFailure } from './storeFailure';

// A store in a read-only folder is read through an `immutable=1` URI (openImmutable). better-sqlite3
// reads URIs only when SQLITE_USE_URI is set as its addon loads, once per process, so it is set
// before any connection is made. Store and source paths are absolute: none starts with "file:".
process.env.SQLITE_USE_URI ??= '1';

/** How long one statement waits for another process's write lock before SQLite gives up. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * The store is a local index, never committed; the files a team shares sit beside it and are:
 * monitor.yaml and policy.yaml (versioned with the code), and profiles/ (content-addressed, named
 * by hash in tag messages, so a clone can check drift against a version's training data). The
 * .gitignore itself stays ignored: a repository that shares none of them sees nothing new.
 */
const GITIGNORE = [
  '# Model Ledger: the store (ledger.db) is a local index, rebuilt from run sources and git tags.',
  '# Commit the rest: monitor.yaml, policy.yaml and profiles/ (named by hash in registry tags).',
  '*',
  '!monitor.yaml',
  '!policy.yaml',
  '!profiles/',
  '!profiles/*.json',
  '',
].join('\n');
/** What stores made before profiles and policies wrote: replaced by GITIGNORE. */
const FIRST_GITIGNORE = '# Model Ledger store: a local index, rebuilt from run sources and git tags. Never commit it.\n*\n';

export interface OpenOptions {
  /** Create the store (and its folder, in an existing workspace folder) when missing. Default true. */
  create?: boolean;
  /** Open without writing anything, not even a migration (untrusted workspaces). */
  readonly?: boolean;
  /**
   * Only reads will follow: a store this user cannot write (a read-only file or folder) is then
   * opened read-only instead of refused. A store that can be written opens as usual (it is
   * upgraded if need be, and its -wal and -shm are removed when it closes).
   */
  forReading?: boolean;
}

export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  const { create = true, readonly = false, forReading = false } = options;
  if (!storeFileExists(file)) {
    if (!create || readonly || forReading) {
      throw new UserError(`No Model Ledger store at ${file}; run "model-ledger init" or import runs first.`);
    }
    prepareStoreFolder(file);
  }
  if (readonly) return openForReading(file);
  try {
    const db = openForWriting(file);
    upgradeGitignore(path.dirname(file));
    return db;
  } catch (error) {
    if (!forReading || !isStoreFailure(error) || error.kind !== 'read-only') throw error;
    return openForReading(file);
  }
}

function openForWriting(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    // Check the version before any pragma that writes, so a newer store is left untouched.
    refuseNewer(readSchemaVersion(db, file), file);
    withBusyRetry(() => db!.pragma('journal_mode = WAL'));
    db.pragma('synchronous = NORMAL');
    // Savepoints (an import's units, store/chunkedWrite.ts) journal the pages they first touch: in
    // a temporary file, SQLite's default, that was 270,000 writes for 1,000 small runs.
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    throw storeFailure(error, file) ?? error;
  }
}

/** Opens an existing store read-only (query_only), writing nothing, not even its -shm where its folder is read-only. */
function openForReading(file: string): Database.Database {
  const { db, version } = openReadOnlyConnection(file);
  try {
    refuseNewer(version, file);
    // Version 0 is a store another process is creating: its first migration has not committed yet.
    if (version === 0) throw new UserError(`${file} is being created by another process and holds nothing yet; try again in a moment.`);
    if (version < LATEST_SCHEMA_VERSION) {
      throw new UserError(
        `${file} needs an upgrade (schema ${version} to ${LATEST_SCHEMA_VERSION}), which a read-only open cannot do; open it once where it can be written (in a trusted workspace, by a user who may write it).`,
      );
    }
    db.pragma('query_only = ON');
    return db;
  } catch (error) {
    db.close();
    throw storeFailure(error, file) ?? error;
  }
}

function openReadOnlyConnection(file: string): { db: Database.Database; version: number } {
  try {
    return withSchemaVersion(new Database(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS }), file);
  } catch (error) {
    if (!sharedMemoryRefused(error, file)) throw storeFailure(error, file) ?? error;
    return openImmutable(file, error);
  }
}

/**
 * Reading a WAL store needs its `-shm` file, which SQLite cannot create in a read-only folder. With
 * no `-shm`, no connection has the store open, so nothing changes it while it is read as
 * immutable (no locks, no `-shm`); but an immutable read skips the `-wal`, so a `-wal` holding
 * changes is refused rather than read stale.
 */
function openImmutable(file: string, cause: unknown): { db: Database.Database; version: number } {
  const dir = path.dirname(file);
  const name = path.basename(file);
  const howToFix = `make the folder writable (chmod u+rwx ${dir}), or have its owner run any model-ledger command there once`;
  if (fileSize(`${file}-wal`) > 0) {
    throw new StoreFailure(
      'read-only',
      `${file} has changes in ${name}-wal that SQLite can read only by creating ${name}-shm beside it, which the read-only folder ${dir} does not allow; ${howToFix} (that folds the changes into ${name}).`,
      { cause },
    );
  }
  try {
    return withSchemaVersion(new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, fileMustExist: true }), file);
  } catch (error) {
    const failure = storeFailure(error, file);
    if (failure?.kind === 'damaged') throw failure;
    throw new StoreFailure('read-only', `${file} cannot be read: its folder ${dir} is read-only, and SQLite needs to create ${name}-shm there to read it; ${howToFix}.`, {
      cause: error,
    });
  }
}

/** Whether opening failed only because SQLite could not create the `-shm` file in a read-only folder. */
function sharedMemoryRefused(error: unknown, file: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))) return false;
  if (fs.existsSync(`${file}-shm`)) return false;
  try {
    fs.accessSync(path.dirname(file), fs.constants.W_OK);
    return false;
  } catch {
    return true; // the folder is not writable: that is the refusal
  }
}

function withSchemaVersion(db: Database.Database, file: string): { db: Database.Database; version: number } {
  try {
    return { db, version: readSchemaVersion(db, file) };
  } catch (error) {
    db.close();
    throw error;
  }
}

function refuseNewer(version: number, file: string): void {
  if (version > LATEST_SCHEMA_VERSION) {
    throw new UserError(
      `${file} was written by a newer Model Ledger (schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}). ` +
        'Update Model Ledger; the store was left untouched.',
    );
  }
}

/** Whether the store file exists; a UserError naming what is in its place when something else is. */
function storeFileExists(file: string): boolean {
  const dir = path.dirname(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT') return false;
    if (fileErrorCode(error) === 'ENOTDIR' && fs.statSync(dir, { throwIfNoEntry: false })?.isFile()) {
      throw new UserError(`${dir} is a file, but Model Ledger keeps its store in a folder of that name; move the file away and run the command again.`);
    }
    throw asUserError(error, file);
  }
  if (stat.isDirectory()) {
    throw new UserError(`${file} is a folder, not a Model Ledger store; move it away (the next import or "model-ledger init" makes a new store in its place).`);
  }
  if (!stat.isFile()) throw new UserError(`${file} is not a regular file, so it cannot be a Model Ledger store; move it away and run the command again.`);
  return true;
}

/** Makes `.modelledger/` with its .gitignore, in a workspace folder that must exist already. */
function prepareStoreFolder(file: string): void {
  const dir = path.dirname(file);
  const workspace = path.dirname(dir);
  try {
    if (!fs.existsSync(dir)) fs.mkdirSync(dir);
    const ignore = path.join(dir, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, GITIGNORE);
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT' && !fs.existsSync(workspace)) {
      throw new UserError(`The workspace folder ${workspace} does not exist; Model Ledger makes only its ${path.basename(dir)}/ folder, inside an existing folder.`);
    }
    throw asUserError(error, file);
  }
}

/** Lets git see the shared files in a store folder whose .gitignore predates them. */
function upgradeGitignore(dir: string): void {
  const ignore = path.join(dir, '.gitignore');
  try {
    if (fs.readFileSync(ignore, 'utf8') === FIRST_GITIGNORE) fs.writeFileSync(ignore, GITIGNORE);
  } catch (error) {
    // A missing or unwritable .gitignore is the user's own choice; the old one only ignores more.
    const code = fileErrorCode(error);
    if (code !== 'ENOENT' && code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error;
  }
}

/** A file-system error on the store's path in words, when it is one; else the error itself. */
function asUserError(error: unknown, file: string): unknown {
  const failure = storeFailure(error, file);
  if (failure) return failure;
  const described = describeFileError(error);
  return described === null ? error : new UserError(described, { cause: error });
}

function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}

function readSchemaVersion(db: Database.Database, file: string): number {
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw damagedStore(file, 'not a SQLite database', error);
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
      migration.backfill?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  withBusyRetry(() => apply.immediate());
}
