import type Database from 'better-sqlite3';
import { errorMessage } from '../core/errors';
import { sleep, withBusyRetry } from './busy';
import type { Store } from './store';

/**
 * How long one chunk of an import holds the store's write lock before it commits. Long enough that
 * a thousand small runs cost a few commits rather than a thousand (each commit rewrites the pages
 * it touched into the WAL), short enough that another writer (a rename in the editor, the CLI)
 * waits about a second at most and views see the import progress.
 */
export const CHUNK_BUDGET_MS = 900;
/**
 * After a chunk that used its budget, the lock stays free this long before the import takes it
 * again. A writer waiting in SQLite's busy handler looks again every 100 ms at most; without the
 * pause it would find the lock taken again each time and wait out chunk after chunk (1.7 s
 * measured with 400 ms chunks). The chunk's WAL checkpoint runs within the pause, as it needs no
 * lock, so the pause costs the import only what the checkpoint leaves of it.
 */
export const CHUNK_PAUSE_MS = 100;

/** What a unit that spans commits leaves in the store while it is incomplete. */
export interface InProgressMark {
  /** Written in the commit that leaves the unit incomplete. */
  mark(): void;
  /** Written in the commit that completes it. */
  clear(): void;
}

/** What a unit may do between pieces that are consistent on their own. */
export interface UnitCommits {
  /** Whether the chunk has held the lock for its budget: a reader of a long file stops at its next line break. */
  isDue(): boolean;
  /** Commits the unit so far when the chunk is due (marking it in progress); otherwise does nothing. */
  commitSoFar(): void;
}

/**
 * A unit that failed after part of it was committed: that part stays, marked in progress, and the
 * next import of its source completes it.
 */
export class UnitCutOff extends Error {
  constructor(readonly reason: unknown) {
    super(errorMessage(reason));
  }
}

/** What became of a unit that failed: `otherwise` unless part of it was committed (UnitCutOff). */
export function whatWasKept(error: unknown, otherwise: string): string {
  return error instanceof UnitCutOff ? 'the part written is shown as importing until an import completes it' : otherwise;
}

/**
 * The store could not take the chunk (a full disk, an I/O error, a read-only store): SQLite rolled
 * it back, its earlier units included, and the import of the source stops. Its cause is the
 * store's StoreFailure when it is one.
 */
export class ChunkLost extends Error {
  constructor(readonly reason: unknown) {
    super(errorMessage(reason), { cause: reason });
  }
}

/**
 * An import's writes, committed in chunks of about CHUNK_BUDGET_MS. The import is split into units
 * (a run): each unit runs in a savepoint, so a unit that fails rolls back alone and the chunk goes
 * on. A unit too big for one chunk (a run of millions of points) calls `commitSoFar` between pieces
 * that are consistent on their own (points with their file positions); when the chunk is due, the
 * unit is marked in progress and committed so far. Its last commit clears the mark, so a unit cut
 * off by a killed process is never taken for complete.
 */
export class ChunkedWrite {
  private begunAt: number | null = null;

  private readonly db: Database.Database;

  constructor(private readonly store: Store) {
    this.db = store.db;
  }

  /**
   * Runs one unit. Throws what `work` threw once the unit's uncommitted part is rolled back;
   * UnitCutOff when part of it had been committed; ChunkLost when SQLite rolled back the chunk.
   * `inProgress` is cleared at the end of every unit that completes, also one that an earlier,
   * cut-off import had marked.
   */
  unit<T>(work: (commits: UnitCommits) => T, inProgress?: InProgressMark): T {
    this.begin();
    this.db.exec('SAVEPOINT import_unit');
    let marked = false;
    const commits: UnitCommits = {
      isDue: () => this.due(),
      commitSoFar: () => {
        if (!this.due()) return;
        if (!marked) inProgress?.mark();
        marked = inProgress !== undefined;
        this.db.exec('RELEASE import_unit');
        this.commitAndPause();
        this.begin();
        this.db.exec('SAVEPOINT import_unit');
      },
    };
    let result: T;
    try {
      result = work(commits);
      inProgress?.clear();
    } catch (error) {
      if (error instanceof ChunkLost) throw error;
      if (!this.db.inTransaction) {
        this.begunAt = null;
        throw new ChunkLost(this.store.failureOf(error));
      }
      this.db.exec('ROLLBACK TO import_unit');
      this.db.exec('RELEASE import_unit');
      const failure = this.store.failureOf(error);
      throw marked ? new UnitCutOff(failure) : failure;
    }
    this.db.exec('RELEASE import_unit');
    if (this.due()) this.commitAndPause();
    return result;
  }

  /** Commits what is pending. Call when the import ends, also when it ends by an error. */
  finish(): void {
    if (this.begunAt !== null && this.db.inTransaction) this.commit();
    this.begunAt = null;
  }

  private due(): boolean {
    return this.begunAt !== null && performance.now() - this.begunAt >= CHUNK_BUDGET_MS;
  }

  private begin(): void {
    if (this.begunAt !== null) return;
    this.store.refuseIfOpenReadOnly();
    try {
      withBusyRetry(() => this.db.exec('BEGIN IMMEDIATE'));
    } catch (error) {
      throw new ChunkLost(this.store.failureOf(error));
    }
    this.begunAt = performance.now();
  }

  /**
   * Commits the chunk and keeps the lock free for CHUNK_PAUSE_MS, checkpointing the WAL meanwhile.
   * Left to COMMIT, the checkpoint would run there too, after the lock is released, but its time
   * could not be told from the commit's and so would add to the pause.
   */
  private commitAndPause(): void {
    const autocheckpoint = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('wal_autocheckpoint = 0');
    try {
      this.commit();
    } finally {
      this.db.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    }
    const released = performance.now();
    // Passive, as SQLite's own after a commit: it never waits for readers, and a failure (another
    // process checkpointing, a full disk) leaves the WAL longer, not the chunk uncommitted.
    if (autocheckpoint > 0) {
      try {
        this.db.pragma('wal_checkpoint(PASSIVE)');
      } catch {
        // As after SQLite's own: the next chunk's writes meet a full disk themselves, and say so.
      }
    }
    sleep(Math.max(0, CHUNK_PAUSE_MS - (performance.now() - released)));
  }

  private commit(): void {
    this.begunAt = null;
    try {
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw new ChunkLost(this.store.failureOf(error));
    }
  }
}
