import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/migrations';
import { storePath } from '../../../src/store/paths';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';

/** The entries a schema-11 Model Ledger wrote, through the INSERT its AuditLog.append ran. */
const OLD_ENTRIES = [
  { at: 1_760_000_000_000, actor: 'Ada Lovelace <ada@example.com>', action: 'version.register', target: 'churn@v0.0.1', before: undefined, after: { tag: 'churn@v0.0.1', commit: 'a'.repeat(40) } },
  { at: 1_760_000_001_000, actor: 'Ada Lovelace <ada@example.com>', action: 'stage.assign', target: 'churn#prod', before: { version: null }, after: { version: 'v0.0.1', tag: 'churn#prod#1' } },
  { at: 1_760_000_002_000, actor: null, action: 'run.rename', target: 'run-1', before: { name: null }, after: { name: '=cmd|"/C calc"!A0 «ü»' } },
];

function schema11Store(): string {
  const workspace = tempDir();
  fs.mkdirSync(path.join(workspace, '.modelledger'));
  const db = new Database(storePath(workspace));
  for (const migration of MIGRATIONS.filter((m) => m.version <= 11)) db.exec(migration.sql);
  db.pragma('user_version = 11');
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, target, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?)');
  for (const e of OLD_ENTRIES) insert.run(e.at, e.actor, e.action, e.target, e.before === undefined ? null : JSON.stringify(e.before), e.after === undefined ? null : JSON.stringify(e.after));
  db.close();
  return workspace;
}

describe('migration 12: the audit hash chain on a store written at schema 11', () => {
  it('keeps every entry as it was, chains them in id order, and new appends follow the chain', () => {
    const workspace = schema11Store();
    const before = new Database(storePath(workspace), { readonly: true });
    const oldRows = before.prepare('SELECT * FROM audit_log ORDER BY id').all();
    before.close();

    const store = Store.open(workspace);
    assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION); // 12 and every migration after it
    const rows = store.db.prepare<[], Record<string, unknown>>('SELECT * FROM audit_log ORDER BY id').all();
    assert.deepEqual(
      rows.map(({ prev_hash: _p, hash: _h, ...rest }) => rest),
      oldRows,
      'the entries are unchanged',
    );
    let prev: unknown = null;
    for (const row of rows) {
      const bytes = JSON.stringify(['model-ledger/audit/1', row.id, row.at, row.actor, row.action, row.target, row.before_json, row.after_json, prev]);
      assert.equal(row.prev_hash, prev);
      assert.equal(row.hash, createHash('sha256').update(bytes).digest('hex'));
      prev = row.hash;
    }
    assert.deepEqual(store.audit.verify(), { ok: true, count: 3 });
    assert.deepEqual(store.audit.list().map((e) => e.after), OLD_ENTRIES.map((e) => e.after ?? null));

    store.audit.append({ actor: 'Bob <bob@example.com>', action: 'stage.assign', target: 'churn#staging', after: { version: 'v0.0.1' } });
    assert.deepEqual(store.audit.verify(), { ok: true, count: 4 });
    assert.throws(() => store.db.prepare('UPDATE audit_log SET actor = NULL WHERE id = 1').run(), /append-only/, 'the no-update trigger is back');
    store.close();

    // Opening again migrates nothing more and the chain still holds.
    const again = Store.open(workspace);
    assert.deepEqual(again.audit.verify(), { ok: true, count: 4 });
    again.close();
  });

  it('migrates an empty log', () => {
    const workspace = tempDir();
    fs.mkdirSync(path.join(workspace, '.modelledger'));
    const db = new Database(storePath(workspace));
    for (const migration of MIGRATIONS.filter((m) => m.version <= 11)) db.exec(migration.sql);
    db.pragma('user_version = 11');
    db.close();
    const store = Store.open(workspace);
    assert.deepEqual(store.audit.verify(), { ok: true, count: 0 });
    store.audit.append({ actor: null, action: 'test.first', target: 'x' });
    assert.deepEqual(store.audit.verify(), { ok: true, count: 1 });
    store.close();
  });
});
