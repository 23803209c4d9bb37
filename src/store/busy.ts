import { UserError } from '../core/errors';

/** Total time a write keeps retrying a busy store, on top of SQLite's own busy timeout per attempt. */
const GIVE_UP_AFTER_MS = 120_000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Runs a write, retrying while another process holds the lock. SQLite's busy handler covers
 * most waits; this covers the cases it skips (a WAL snapshot that went stale, a long writer),
 * so a user never sees "database is locked" from two processes sharing one store.
 */
export function withBusyRetry<T>(write: () => T): T {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return write();
    } catch (error) {
      if (!isBusy(error)) throw error;
      if (Date.now() - started > GIVE_UP_AFTER_MS) {
        throw new UserError(`The Model Ledger store stayed busy for ${GIVE_UP_AFTER_MS / 1000} s: another process is holding its write lock.`);
      }
      sleep(Math.min(5 * 2 ** attempt, 200));
    }
  }
}

/** Blocks the thread: the store's writes are synchronous, and so are their waits. */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
