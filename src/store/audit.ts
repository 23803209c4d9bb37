import type Database from 'better-sqlite3';
import type { AuditEntry } from '../core/types';
import { auditEntryHash, verifyChain, type AuditChainReport } from './auditChain';
import { withBusyRetry } from './busy';

/** An audit_log row as stored, without its chain columns. */
export interface AuditRow {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
}

export interface AuditInput {
  actor: string | null;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  at?: number;
}

/** The columns the chain hashes, in table order, then the hash: what verifyChain reads. */
const CHAIN_COLUMNS = 'id, at, actor, action, target, before_json, after_json, prev_hash, hash';

/**
 * The append-only audit log; triggers in the schema refuse updates and deletes, and inserts that
 * do not chain to the last entry (store/auditChain.ts).
 */
export class AuditLog {
  private readonly last: Database.Statement<[], { id: number; hash: string | null }>;
  private readonly sequence: Database.Statement<[], { seq: number }>;
  private readonly insert: Database.Statement<unknown[]>;

  constructor(private readonly db: Database.Database) {
    this.last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.sequence = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'");
    this.insert = db.prepare('INSERT INTO audit_log (id, at, actor, action, target, before_json, after_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /**
   * Appends an entry chained to the last one. The id and the previous hash are read and the row
   * written in one transaction: inside a store write (an immediate transaction, so another
   * process's append waits for it), or in an immediate transaction of its own.
   */
  append(entry: AuditInput): void {
    const write = this.db.transaction(() => {
      const last = this.last.get();
      const id = Math.max(last?.id ?? 0, this.sequence.get()?.seq ?? 0) + 1;
      const row = {
        id,
        at: entry.at ?? Date.now(),
        actor: entry.actor,
        action: entry.action,
        target: entry.target,
        before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
        after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
        prev_hash: last?.hash ?? null,
      };
      this.insert.run(row.id, row.at, row.actor, row.action, row.target, row.before_json, row.after_json, row.prev_hash, auditEntryHash(row));
    });
    if (this.db.inTransaction) write();
    else withBusyRetry(() => write.immediate());
  }

  list(): AuditEntry[] {
    return this.db
      .prepare<[], AuditRow>('SELECT id, at, actor, action, target, before_json, after_json FROM audit_log ORDER BY id')
      .all()
      .map((row) => ({
        id: row.id,
        at: row.at,
        actor: row.actor,
        action: row.action,
        target: row.target,
        before: row.before_json === null ? null : JSON.parse(row.before_json),
        after: row.after_json === null ? null : JSON.parse(row.after_json),
      }));
  }

  /**
   * Re-hashes every entry in id order: OK with the count, or the first broken link. A chain cut
   * at its end still links; SQLite's own counter of the ids it gave out tells (unless it was
   * edited too).
   */
  verify(): AuditChainReport {
    const report = verifyChain(this.db.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_log ORDER BY id`).raw().iterate() as Iterable<unknown[]>);
    if (!report.ok) return report;
    const last = (this.db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number | null) ?? 0;
    const given = this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").pluck().get() as number | undefined;
    if (given === undefined || given <= last) return report;
    return { ok: false, count: report.count, checked: report.count, broken: { id: last + 1, kind: 'tail', expected: null, found: null } };
  }
}
