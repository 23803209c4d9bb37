import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';

interface StoredRow {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The hash as docs/governance.md defines it, written out again here rather than imported. */
function documentedHash(r: StoredRow): string {
  const bytes = JSON.stringify(['model-ledger/audit/1', r.id, r.at, r.actor, r.action, r.target, r.before_json, r.after_json, r.prev_hash]);
  return createHash('sha256').update(Buffer.from(bytes, 'utf8')).digest('hex');
}

function storedRows(file: string): StoredRow[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare<[], StoredRow>('SELECT * FROM audit_log ORDER BY id').all();
  } finally {
    db.close();
  }
}

/** A store with five entries of several kinds (run edits, a registry-like stage change, unicode and quotes). */
function storeWithEntries(): Store {
  const store = Store.open(tempDir());
  const run = addRun(store, { name: 'first' });
  store.runAnnotations.rename(run, 'renamed "quoted"', 'Ada <ada@example.com>');
  store.runAnnotations.setNote(run, 'Ünïcode — note\nwith a line break', 'Ada <ada@example.com>');
  store.write(() => store.audit.append({ actor: 'Bob <bob@example.com>', action: 'stage.assign', target: 'churn#prod', before: { version: null }, after: { version: 'v1.0.0', tag: 'churn#prod#1' } }));
  store.write(() => store.audit.append({ actor: null, action: 'test.entry', target: 'x' }));
  store.audit.append({ actor: 'Eve', action: 'test.outside', target: 'y', before: [1, 2] });
  return store;
}

/** As an attacker with the file would: lift a trigger, change the table, put the trigger back. */
function tamper(file: string, trigger: 'audit_log_no_update' | 'audit_log_no_delete', sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  try {
    const definition = db.prepare<[string], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?").get(trigger)!.sql;
    db.exec(`DROP TRIGGER ${trigger}`);
    db.prepare(sql).run(...params);
    db.exec(definition);
  } finally {
    db.close();
  }
}

describe('audit log hash chain', () => {
  it('chains every entry to the one before with the documented SHA-256, and verifies', () => {
    const store = storeWithEntries();
    const report = store.audit.verify();
    assert.deepEqual(report, { ok: true, count: 5 });
    const rows = storedRows(store.path);
    assert.equal(rows.length, 5);
    assert.equal(rows[0]!.prev_hash, null, 'the first entry has no predecessor');
    for (const [i, row] of rows.entries()) {
      assert.match(row.hash ?? '', /^[0-9a-f]{64}$/);
      assert.equal(row.hash, documentedHash(row), `entry ${row.id} hashes as documented`);
      if (i > 0) assert.equal(row.prev_hash, rows[i - 1]!.hash, `entry ${row.id} links to ${rows[i - 1]!.id}`);
    }
    store.close();
  });

  it('reports a changed entry as a content break at that entry', () => {
    const store = storeWithEntries();
    store.close();
    tamper(store.path, 'audit_log_no_update', "UPDATE audit_log SET actor = 'Mallory <m@example.com>' WHERE id = 3");
    const reopened = Store.openFile(store.path);
    const report = reopened.audit.verify();
    assert.equal(report.ok, false);
    assert.ok(!report.ok);
    assert.deepEqual({ ...report.broken, expected: undefined }, { id: 3, kind: 'content', expected: undefined, found: storedRows(store.path)[2]!.hash });
    assert.notEqual(report.broken.expected, report.broken.found);
    assert.deepEqual([report.checked, report.count], [2, 5]);
    reopened.close();
  });

  it('reports an entry rewritten with its hash recomputed as a link break at the next entry', () => {
    const store = storeWithEntries();
    store.close();
    const second = storedRows(store.path)[1]!;
    const forged = { ...second, after_json: '{"note":"forged"}' };
    tamper(store.path, 'audit_log_no_update', 'UPDATE audit_log SET after_json = ?, hash = ? WHERE id = ?', forged.after_json, documentedHash(forged), second.id);
    const reopened = Store.openFile(store.path);
    const report = reopened.audit.verify();
    assert.ok(!report.ok);
    assert.deepEqual(report.broken, { id: 3, kind: 'link', expected: documentedHash(forged), found: second.hash });
    reopened.close();
  });

  it('reports a removed entry as a link break at the entry after it, and a removed first entry too', () => {
    const store = storeWithEntries();
    store.close();
    const rows = storedRows(store.path);
    tamper(store.path, 'audit_log_no_delete', 'DELETE FROM audit_log WHERE id = 4');
    let reopened = Store.openFile(store.path);
    let report = reopened.audit.verify();
    assert.ok(!report.ok);
    assert.deepEqual(report.broken, { id: 5, kind: 'link', expected: rows[2]!.hash, found: rows[3]!.hash });
    reopened.close();

    tamper(store.path, 'audit_log_no_delete', 'DELETE FROM audit_log WHERE id = 1');
    reopened = Store.openFile(store.path);
    report = reopened.audit.verify();
    assert.ok(!report.ok);
    assert.deepEqual(report.broken, { id: 2, kind: 'link', expected: null, found: rows[0]!.hash });
    reopened.close();
  });

  it('reports entries removed from the end as a tail break at the first missing id', () => {
    const store = storeWithEntries();
    store.close();
    tamper(store.path, 'audit_log_no_delete', 'DELETE FROM audit_log WHERE id >= 4');
    const reopened = Store.openFile(store.path);
    const report = reopened.audit.verify();
    assert.ok(!report.ok, 'what is left still links: SQLite numbered entries past it');
    assert.deepEqual(report.broken, { id: 4, kind: 'tail', expected: null, found: null });
    assert.deepEqual([report.checked, report.count], [3, 3]);
    reopened.close();
  });

  it('refuses an insert that does not chain, and updates and deletes as before', () => {
    const store = storeWithEntries();
    const last = storedRows(store.path).at(-1)!;
    const insert = store.db.prepare('INSERT INTO audit_log (at, actor, action, target, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)');
    assert.throws(() => insert.run(1, 'x', 'a', 't', last.hash, null), /must carry its hash and the hash of the entry before it/);
    assert.throws(() => insert.run(1, 'x', 'a', 't', 'f'.repeat(64), 'e'.repeat(64)), /must carry its hash/);
    assert.throws(() => store.db.prepare('UPDATE audit_log SET actor = ? WHERE id = 1').run('x'), /append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM audit_log WHERE id = 1').run(), /append-only/);
    assert.deepEqual(store.audit.verify(), { ok: true, count: 5 });
    store.close();
  });

  it('chains the appends of two processes writing one store at once', async () => {
    const ENTRIES = 300;
    const workspace = tempDir();
    Store.open(workspace).close();
    const writer = path.join(__dirname, 'auditWriter.js');
    const start = path.join(workspace, 'start');
    let ready = 0;
    const runWriter = (name: string) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [writer, workspace, name, String(ENTRIES), start], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (d.toString().startsWith('ready') && ++ready === 2) fs.writeFileSync(start, '');
        });
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} exited ${code}: ${err}`))));
      });
    const done = await Promise.all([runWriter('cli'), runWriter('extension')]);
    assert.deepEqual(done.map((o) => JSON.parse(o.split('\n')[1]!).done), [ENTRIES, ENTRIES]);
    const store = Store.open(workspace);
    assert.deepEqual(store.audit.verify(), { ok: true, count: 2 * ENTRIES });
    const actors = store.audit.list().map((e) => e.actor);
    assert.ok(actors.indexOf('cli') < actors.lastIndexOf('extension') && actors.indexOf('extension') < actors.lastIndexOf('cli'), 'the two writers interleaved');
    store.close();
  });
});
