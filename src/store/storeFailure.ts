import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';

/** Why the store itself failed, as opposed to the data written to it. */
export type StoreFailureKind = 'read-only' | 'full' | 'io' | 'damaged';

/** A store the user must fix before Model Ledger can use it: the message says what is wrong and what to do. */
export class StoreFailure extends UserError {
  constructor(
    readonly kind: StoreFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreFailure(error: unknown): error is StoreFailure {
  return error instanceof StoreFailure;
}

/** SQLite keeps these beside the store, and makes them with the store file's permissions. */
const SIDE_FILE_SUFFIXES = ['-wal', '-shm'] as const;

/** Node's codes for a file system that refuses the store's files, and for one that is full. */
const READ_ONLY_FILE_CODES = ['EACCES', 'EPERM', 'EROFS'];
const FULL_FILE_CODES = ['ENOSPC', 'EDQUOT'];

/**
 * The StoreFailure an error on the store `file` stands for (a read-only file or folder, a full
 * disk, an I/O error, a damaged file), from SQLite or from making the store's folder; null for
 * any other error.
 */
export function storeFailure(error: unknown, file: string): StoreFailure | null {
  if (error instanceof StoreFailure) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  const detail = code.startsWith('SQLITE_') ? `SQLite: ${(error as Error).message}` : code;
  if (code === 'SQLITE_FULL' || FULL_FILE_CODES.includes(code)) {
    return new StoreFailure('full', `The disk holding ${file} is full (${detail}); free some space and run the command again: nothing half-written was kept.`, { cause: error });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || READ_ONLY_FILE_CODES.includes(code)) {
    return new StoreFailure('read-only', readOnlyMessage(file, detail), { cause: error });
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StoreFailure(
      'io',
      `Reading or writing ${file} failed (${detail}, ${code}): the disk may be full, failing or gone, or a file size limit (ulimit -f) was reached; check it and run the command again.`,
      { cause: error },
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return damagedStore(file, detail, error);
  return null;
}

/** A store file SQLite cannot read as a database. */
export function damagedStore(file: string, detail: string, cause?: unknown): StoreFailure {
  return new StoreFailure(
    'damaged',
    `${file} is not a usable Model Ledger store (${detail}); move it away: import and the registry commands then build a new one from the run sources and git tags (only its audit log and notes are lost).`,
    { cause },
  );
}

/** Names the store's folder, file, -wal and -shm that this user cannot write (or read), and how to fix them. */
function readOnlyMessage(file: string, detail: string): string {
  // A store not made yet is blocked by the workspace folder it would be made in.
  const dir = fs.existsSync(path.dirname(file)) ? path.dirname(file) : path.dirname(path.dirname(file));
  const blocked: { path: string; code: string; readable: boolean }[] = [];
  const dirAccess = accessProblem(dir, true);
  if (dirAccess !== null) blocked.push({ path: dir, ...dirAccess });
  // What is inside a folder this user cannot enter is unknown, even whether -wal and -shm exist.
  if (dirAccess === null || dirAccess.readable) {
    for (const p of [file, ...SIDE_FILE_SUFFIXES.map((s) => file + s)]) {
      const access = accessProblem(p, false);
      if (access !== null) blocked.push({ path: p, ...access });
    }
  }
  if (blocked.length === 0) {
    return `${file} cannot be written (${detail}); check the permissions of ${dir} and of the files in it.`;
  }
  if (blocked.some((b) => b.code === 'EROFS')) {
    return `${file} cannot be written: it is on a read-only file system (${detail}); remount it read-write, or work in a copy of the workspace elsewhere. Commands that only read work as it is.`;
  }
  const unreadable = blocked.some((b) => !b.readable);
  const names = blocked.map((b) => `${b.path === dir ? `the folder ${dir}` : b.path} (${b.readable ? 'read-only' : 'not readable'})`);
  const sideFiles = blocked.some((b) => b.path !== file && b.path !== dir)
    ? `; SQLite makes ${path.basename(file)}-wal and -shm with the permissions ${path.basename(file)} had, so they stay read-only after it is made writable again`
    : '';
  const them = blocked.length === 1 ? 'it' : 'them';
  const files = blocked.filter((b) => b.path !== dir).map((b) => quote(b.path));
  const chmod = [
    ...(blocked.some((b) => b.path === dir) ? [`chmod u+rwx ${quote(dir)}`] : []),
    ...(files.length > 0 ? [`chmod u+rw ${files.join(' ')}`] : []),
  ].join(' and ');
  return (
    `The Model Ledger store cannot be ${unreadable ? 'used' : 'written'} by this user: ${names.join(', ')}${sideFiles}. ` +
    `Make ${them} ${unreadable ? 'readable and writable' : 'writable'} (${chmod}), or run as the user who owns ${them}.` +
    (unreadable ? '' : ' Commands that only read work as it is.')
  );
}

/** Whether this user may read and write `p` (and enter it, for a folder); null when it may, or when `p` is absent. */
function accessProblem(p: string, folder: boolean): { code: string; readable: boolean } | null {
  const can = (mode: number): string | null => {
    try {
      fs.accessSync(p, mode);
      return null;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code ?? 'EACCES';
    }
  };
  const readCode = can(fs.constants.R_OK | (folder ? fs.constants.X_OK : 0));
  if (readCode === 'ENOENT') return null;
  if (readCode !== null) return { code: readCode, readable: false };
  const writeCode = can(fs.constants.W_OK);
  return writeCode === null ? null : { code: writeCode, readable: true };
}

function quote(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}
