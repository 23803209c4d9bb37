import { hash } from 'node:crypto';
import type { AuditRow } from './audit';

/**
 * The audit log's hash chain (migration 12). Each entry stores `prev_hash`, the `hash` of the entry
 * before it in id order (null for the first), and `hash`: the lowercase hex SHA-256 of the UTF-8
 * bytes of
 *
 *   JSON.stringify(["model-ledger/audit/1", id, at, actor, action, target, before_json, after_json, prev_hash])
 *
 * where every value is the column exactly as stored: `id` and `at` integers, `actor`,
 * `before_json`, `after_json` and `prev_hash` text or null, `action` and `target` text. Hashing
 * the stored JSON text (not a value parsed back) makes the bytes exact; ECMAScript fixes how
 * JSON.stringify writes strings and integers. Changing one entry changes its hash; removing or
 * reordering entries breaks the next entry's prev_hash. docs/governance.md describes it for users.
 */
export const AUDIT_CHAIN_FORMAT = 'model-ledger/audit/1';

/** An audit_log row as stored, the chain columns included. */
export interface ChainedAuditRow extends AuditRow {
  prev_hash: string | null;
}

export function auditEntryHash(row: ChainedAuditRow): string {
  return hashOf(row.id, row.at, row.actor, row.action, row.target, row.before_json, row.after_json, row.prev_hash);
}

/** The same hash from the columns in their table order (a raw row), for the verify scan. */
export function hashOf(
  id: number,
  at: number,
  actor: string | null,
  action: string,
  target: string,
  beforeJson: string | null,
  afterJson: string | null,
  prevHash: string | null,
): string {
  const bytes = JSON.stringify([AUDIT_CHAIN_FORMAT, id, at, actor, action, target, beforeJson, afterJson, prevHash]);
  // One-shot hash: for inputs this small, creating a Hash object per entry costs more than hashing.
  return hash('sha256', bytes, 'hex');
}

/** Where the chain first breaks: an entry whose content no longer matches its hash, or whose prev_hash is not its predecessor's hash. */
export interface AuditChainBreak {
  /** The entry the break is found at. */
  id: number;
  /**
   * content: the entry was changed (its hash is not the hash of what it holds); link: an entry
   * before it was removed, added or changed with its hash recomputed; tail: entries from `id` on
   * were removed from the end (SQLite had numbered entries past the last one left).
   */
  kind: 'content' | 'link' | 'tail';
  expected: string | null;
  found: string | null;
}

export type AuditChainReport = { ok: true; count: number } | { ok: false; count: number; checked: number; broken: AuditChainBreak };

/**
 * Walks raw rows (id, at, actor, action, target, before_json, after_json, prev_hash, hash) in id
 * order and reports the first break; `count` is every row seen, `checked` those before the break.
 */
export function verifyChain(rows: Iterable<unknown[]>): AuditChainReport {
  let prev: string | null = null;
  let count = 0;
  let broken: { at: number; what: AuditChainBreak } | null = null;
  for (const row of rows) {
    count++;
    if (broken) continue;
    const [id, at, actor, action, target, beforeJson, afterJson, prevHash, hash] = row as [number, number, string | null, string, string, string | null, string | null, string | null, string | null];
    const expected = hashOf(id, at, actor, action, target, beforeJson, afterJson, prevHash);
    if (hash !== expected) broken = { at: count - 1, what: { id, kind: 'content', expected, found: hash } };
    else if (prevHash !== prev) broken = { at: count - 1, what: { id, kind: 'link', expected: prev, found: prevHash } };
    prev = hash;
  }
  return broken ? { ok: false, count, checked: broken.at, broken: broken.what } : { ok: true, count };
}
