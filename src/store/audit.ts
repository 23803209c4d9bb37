import type Database from 'better-sqlite3';
import type { AuditEntry } from '../core/types';

interface AuditRow {
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

/** The append-only audit log; triggers in the schema refuse updates and deletes. */
export class AuditLog {
  constructor(private readonly db: Database.Database) {}

  append(entry: AuditInput): void {
    this.db
      .prepare('INSERT INTO audit_log (at, actor, action, target, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)')
      .run(
        entry.at ?? Date.now(),
        entry.actor,
        entry.action,
        entry.target,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      );
  }

  list(): AuditEntry[] {
    return this.db
      .prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY id')
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
}
