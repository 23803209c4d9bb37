import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { UserError } from '../../src/core/errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/migrations';
import { storePath } from '../../src/store/paths';
import { Store } from '../../src/store/store';
import { addRun } from './helpers/sample';
import { tempDir } from './helpers/temp';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Files git would offer to add, sorted. */
function untracked(ws: string): string[] {
  return execFileSync('git', ['-C', ws, 'status', '--porcelain', '--untracked-files=all'], { encoding: 'utf8' })
    .split('\n').filter(Boolean).map((line) => line.slice(3)).sort();
}

describe('store: creation and schema', () => {
  it('creates .modelledger/ledger.db with its own .gitignore: git sees the shared files, never the store', () => {
    const ws = tempDir();
    execFileSync('git', ['init', '-q', ws]);
    const store = Store.open(ws);
    store.close();
    assert.ok(fs.existsSync(storePath(ws)));
    const folder = path.join(ws, '.modelledger');
    fs.writeFileSync(path.join(folder, 'monitor.yaml'), 'version: 1\n');
    fs.writeFileSync(path.join(folder, 'policy.yaml'), 'version: 1\n');
    fs.mkdirSync(path.join(folder, 'profiles'));
    fs.writeFileSync(path.join(folder, 'profiles', `${'a'.repeat(64)}.json`), '{}');
    fs.writeFileSync(path.join(folder, 'profiles', 'scratch.tmp'), '');
    assert.deepEqual(untracked(ws), ['.modelledger/monitor.yaml', '.modelledger/policy.yaml', `.modelledger/profiles/${'a'.repeat(64)}.json`]);
  });

  it("upgrades the first versions' .gitignore (which ignored everything) when the store is opened", () => {
    const ws = tempDir();
    execFileSync('git', ['init', '-q', ws]);
    Store.open(ws).close();
    const ignore = path.join(ws, '.modelledger', '.gitignore');
    fs.writeFileSync(ignore, '# Model Ledger store: a local index, rebuilt from run sources and git tags. Never commit it.\n*\n');
    fs.writeFileSync(path.join(ws, '.modelledger', 'monitor.yaml'), 'version: 1\n');
    assert.deepEqual(untracked(ws), []);
    Store.open(ws).close();
    assert.deepEqual(untracked(ws), ['.modelledger/monitor.yaml']);
    // A .gitignore the user wrote is theirs: left as it is.
    fs.writeFileSync(ignore, '*\n');
    Store.open(ws).close();
    assert.equal(fs.readFileSync(ignore, 'utf8'), '*\n');
  });

  it('runs every migration in order and records the schema version', () => {
    const store = Store.open(tempDir());
    assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
    assert.deepEqual(MIGRATIONS.map((m) => m.version), MIGRATIONS.map((_, i) => i + 1), 'migrations are numbered 1..n');
    const tables = store.db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((t) => t.name);
    for (const t of ['experiments', 'runs', 'params', 'tags', 'metric_series', 'metric_points', 'artifacts', 'models', 'model_versions', 'stage_events', 'audit_log']) {
      assert.ok(tables.includes(t), `table ${t}`);
    }
    store.close();
  });

  it('uses WAL, a busy timeout and foreign keys', () => {
    const store = Store.open(tempDir());
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((store.db.pragma('busy_timeout', { simple: true }) as number) >= 5000);
    assert.throws(() => store.write(() => store.runs.setParams('no-such-run', { a: '1' })), /FOREIGN KEY/);
    store.close();
  });

  it('upgrades a store made by an older schema in place, keeping its data', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, '.modelledger'));
    const db = new Database(storePath(ws));
    db.exec(MIGRATIONS[0]!.sql);
    db.pragma('user_version = 1');
    db.prepare("INSERT INTO experiments (id, name, origin_source, created_at) VALUES ('e1', 'old', 'native', 0)").run();
    db.close();
    const store = Store.open(ws);
    assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
    assert.equal(store.experiments.get('e1')?.name, 'old');
    store.close();
  });

  it('reopening is idempotent and keeps data', () => {
    const ws = tempDir();
    const first = Store.open(ws);
    addRun(first, { id: 'r1' });
    first.close();
    const second = Store.open(ws);
    assert.equal(second.runs.get('r1')?.name, 'a run');
    second.close();
  });

  it('refuses a store written by a newer schema and leaves it byte for byte untouched', () => {
    const ws = tempDir();
    Store.open(ws).close();
    const db = new Database(storePath(ws));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();
    const before = sha(storePath(ws));
    const walBefore = fs.existsSync(`${storePath(ws)}-wal`) ? sha(`${storePath(ws)}-wal`) : null;
    const expected = `newer Model Ledger (schema ${LATEST_SCHEMA_VERSION + 5}; this version reads up to ${LATEST_SCHEMA_VERSION})`;
    assert.throws(() => Store.open(ws), (e: unknown) => e instanceof UserError && e.message.includes(expected) && /left untouched/.test(e.message));
    assert.equal(sha(storePath(ws)), before);
    assert.equal(fs.existsSync(`${storePath(ws)}-wal`) ? sha(`${storePath(ws)}-wal`) : null, walBefore);
  });

  it('names a file that is not a database instead of crashing', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, '.modelledger'));
    fs.writeFileSync(storePath(ws), 'this is not sqlite, just text '.repeat(200));
    assert.throws(() => Store.open(ws), (e: unknown) => e instanceof UserError && e.message.includes(storePath(ws)) && /not a SQLite database/.test(e.message));
  });

  it('does not create a store when asked to only read', () => {
    const ws = tempDir();
    assert.throws(() => Store.open(ws, { create: false }), /No Model Ledger store at/);
    assert.throws(() => Store.open(ws, { readonly: true }), /No Model Ledger store at/);
    assert.equal(fs.existsSync(path.join(ws, '.modelledger')), false);
  });

  it('a store another process is still creating reads as such, not as one to upgrade', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, '.modelledger'));
    // As Store.open creates it: the file made, its first migration begun and not yet committed.
    const creator = new Database(storePath(ws));
    creator.pragma('journal_mode = WAL');
    creator.exec('BEGIN IMMEDIATE; CREATE TABLE first_migration (x); PRAGMA user_version = 1;');
    assert.throws(() => Store.open(ws, { readonly: true }), /ledger\.db is being created by another process and holds nothing yet; try again in a moment\./);
    creator.exec('ROLLBACK');
    creator.close();
    Store.open(ws).close();
    Store.open(ws, { readonly: true }).close();
  });

  it('a read-only store refuses writes', () => {
    const ws = tempDir();
    Store.open(ws).close();
    const store = Store.open(ws, { readonly: true });
    assert.throws(() => addRun(store), /readonly|read-only|query_only/i);
    store.close();
  });
});

describe('store: records', () => {
  it('keeps params, tags and artifacts per run, hostile keys included', () => {
    const store = Store.open(tempDir());
    const id = addRun(store, { name: '<img src=x onerror=alert(1)>' });
    store.write(() => {
      store.runs.setParams(id, { lr: '0.1', ['__proto__']: 'p', 'a/b c': 'x' });
      store.runs.setTags(id, { 'mlflow.user': 'me' });
      store.runs.addArtifact(id, { path: 'model/model.pkl', sha256: 'ab'.repeat(32), size: 12 });
    });
    assert.equal(store.runs.get(id)?.name, '<img src=x onerror=alert(1)>');
    const params = store.runs.params(id);
    assert.deepEqual(Object.keys(params), ['__proto__', 'a/b c', 'lr']);
    assert.equal(Object.getPrototypeOf(params), Object.prototype, 'a __proto__ key does not replace the prototype');
    assert.deepEqual(store.runs.tags(id), { 'mlflow.user': 'me' });
    assert.deepEqual(store.runs.artifacts(id), [{ path: 'model/model.pkl', sha256: 'ab'.repeat(32), size: 12 }]);
    store.close();
  });

  it('pages an experiment\'s runs newest first', () => {
    const store = Store.open(tempDir());
    for (let i = 0; i < 25; i++) addRun(store, { id: `r${String(i).padStart(2, '0')}`, startTime: 1000 + i });
    const experimentId = store.experiments.list()[0]!.id;
    const first = store.runs.listByExperiment(experimentId, { limit: 10 });
    const second = store.runs.listByExperiment(experimentId, { limit: 10, offset: 10 });
    assert.deepEqual(first.map((r) => r.id).slice(0, 3), ['r24', 'r23', 'r22']);
    assert.equal(second[0]!.id, 'r14');
    assert.equal(store.runs.countByExperiment(experimentId), 25);
    store.close();
  });

  it('hides deleted runs and experiments unless asked', () => {
    const store = Store.open(tempDir());
    addRun(store, { id: 'kept' });
    addRun(store, { id: 'gone', deleted: true });
    const experimentId = store.experiments.list()[0]!.id;
    assert.deepEqual(store.runs.listByExperiment(experimentId, { limit: 10 }).map((r) => r.id), ['kept']);
    assert.equal(store.runs.listByExperiment(experimentId, { limit: 10, includeDeleted: true }).length, 2);
    store.close();
  });

  it('a failed write leaves nothing behind', () => {
    const store = Store.open(tempDir());
    assert.throws(() =>
      store.write(() => {
        addRunInside(store, 'half');
        throw new Error('importer gave up');
      }),
    );
    assert.equal(store.runs.get('half'), undefined);
    assert.equal(store.counts().experiments, 0);
    store.close();
  });

  it('the audit log is append-only', () => {
    const store = Store.open(tempDir());
    store.write(() => store.audit.append({ actor: 'Ada <ada@example.com>', action: 'stage.assign', target: 'm#prod', before: { version: null }, after: { version: 'v1' } }));
    assert.deepEqual(
      store.audit.list().map(({ actor, action, target, before, after }) => ({ actor, action, target, before, after })),
      [{ actor: 'Ada <ada@example.com>', action: 'stage.assign', target: 'm#prod', before: { version: null }, after: { version: 'v1' } }],
    );
    assert.throws(() => store.db.prepare("UPDATE audit_log SET actor = 'mallory'").run(), /append-only/);
    assert.throws(() => store.db.prepare('DELETE FROM audit_log').run(), /append-only/);
    assert.equal(store.audit.list()[0]!.actor, 'Ada <ada@example.com>');
    store.close();
  });
});

function addRunInside(store: Store, id: string): void {
  const experimentId = store.experiments.upsert({ name: 'e', origin: { source: 'native', id: null, path: null } });
  store.runs.upsert({
    id, experimentId, name: id, status: 'running', deleted: false, startTime: 1, endTime: null, git: null, command: null, parentRunId: null,
    origin: { source: 'native', id, path: null },
  });
}
