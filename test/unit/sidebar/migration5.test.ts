import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { importSources } from '../../../src/ingest/importWorkspace';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/store/migrations';
import { storePath } from '../../../src/store/paths';
import { Store } from '../../../src/store/store';
import { copyFixture, ingestContext } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';
import { ALL, HAND_RUNS, sortedBy, writeRuns } from './handRuns';

/** Every table of schema 4 with its columns, read from the database itself. */
function schema4Tables(db: Database.Database): Map<string, string[]> {
  const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
  return new Map(tables.map(({ name }) => [name, db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((c) => c.name)]));
}

function rowsOf(db: Database.Database, table: string, columns: string[]): unknown[] {
  const list = columns.map((c) => `"${c}"`).join(', ');
  return db.prepare(`SELECT ${list} FROM "${table}" ORDER BY ${list}`).raw().all();
}

describe('migration 5: from a schema-4 store with data', () => {
  it('keeps every row of every table, fills the new columns, and lists as a store made at schema 5 does', () => {
    // A real store (an MLflow project and the hand-made runs, with an audit entry), copied into a schema-4 database.
    const ws = copyFixture('silver6wings__MLFlowSample');
    const ctx = ingestContext(ws);
    importSources({ ...ctx, sources: 'discover' });
    const hand = writeRuns(ctx.store, 'hand', HAND_RUNS);
    ctx.store.audit.append({ actor: null, action: 'test.entry', target: 'x', before: { a: 1 } });

    const old = tempDir();
    fs.mkdirSync(path.join(old, '.modelledger'));
    const db = new Database(storePath(old));
    for (const migration of MIGRATIONS.filter((m) => m.version <= 4)) db.exec(migration.sql);
    db.pragma('user_version = 4');
    const tables = schema4Tables(db);
    db.pragma('foreign_keys = OFF'); // tables are copied in name order, children before parents
    db.exec(`ATTACH DATABASE '${ctx.store.path.replaceAll("'", "''")}' AS current`);
    for (const [table, columns] of tables) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      db.exec(`INSERT INTO main."${table}" (${list}) SELECT ${list} FROM current."${table}"`);
    }
    db.exec('DETACH DATABASE current');
    const before = new Map([...tables].map(([table, columns]) => [table, rowsOf(db, table, columns)]));
    assert.ok((before.get('runs')?.length ?? 0) > HAND_RUNS.length && (before.get('metric_points')?.length ?? 0) > 0 && before.get('audit_log')?.length === 1);
    db.close();

    const migrated = Store.open(old);
    assert.equal(migrated.schemaVersion, LATEST_SCHEMA_VERSION);
    for (const [table, columns] of tables) assert.deepEqual(rowsOf(migrated.db, table, columns), before.get(table), `rows of ${table}`);
    const orphans = migrated.db
      .prepare<[], { n: number }>(
        `SELECT (SELECT count(*) FROM metric_series s JOIN runs r ON r.id = s.run_id WHERE s.experiment_id IS NOT r.experiment_id)
              + (SELECT count(*) FROM params p JOIN runs r ON r.id = p.run_id WHERE p.experiment_id IS NOT r.experiment_id) AS n`,
      )
      .get()!.n;
    assert.equal(orphans, 0, 'every series and param carries its run’s experiment');
    for (const query of [DEFAULT_RUN_QUERY, sortedBy({ kind: 'metric', key: 'acc' }, true), sortedBy({ kind: 'param', key: 'batch' }, false)]) {
      const ids = (store: Store) => store.runList.listRuns(hand, query, ALL).runs.map((l) => l.run);
      assert.deepEqual(ids(migrated), ids(ctx.store));
    }
    migrated.close();
    ctx.store.close();
  });
});

describe('experiment stamps', () => {
  it('change for the experiment whose runs, params, tags, metrics or annotations change, and only for it', () => {
    const store = Store.open(tempDir());
    const a = writeRuns(store, 'a', HAND_RUNS.slice(0, 3));
    const b = writeRuns(store, 'b', [{ ...HAND_RUNS[3]!, id: 'b-1' }]);
    const empty = store.write(() => store.experiments.upsert({ name: 'empty', origin: { source: 'native', id: 'empty', path: null } }));
    let last = store.runList.experimentStamps();
    assert.deepEqual([...last.keys()].sort(), [a, b, empty].sort());
    const changed = () => {
      const now = store.runList.experimentStamps();
      const ids = [...now].filter(([id, stamp]) => last.get(id) !== stamp).map(([id]) => (id === a ? 'a' : id === b ? 'b' : id));
      last = now;
      return ids;
    };
    const run = store.runs.get('id-1')!;

    store.write(() => store.metrics.append('id-1', [{ key: 'acc', step: 1, timestamp: 5, value: 0.91 }]));
    assert.deepEqual(changed(), ['a'], 'a metric point');
    store.write(() => store.runs.setParams('b-1', { depth: '4' }));
    assert.deepEqual(changed(), ['b'], 'a new param');
    store.write(() => store.runs.replaceParams('b-1', { depth: '5' }));
    assert.deepEqual(changed(), ['b'], 'a changed param');
    store.write(() => store.runs.replaceTags('id-2', { team: 'x' }));
    assert.deepEqual(changed(), ['a'], 'a tag');
    store.write(() => store.runs.upsert({ ...run, status: 'failed' }));
    assert.deepEqual(changed(), ['a'], 'a run column');
    store.runAnnotations.setPinned(['b-1'], true, null);
    assert.deepEqual(changed(), ['b'], 'a pin');
    store.runAnnotations.setNote('id-1', 'n', null);
    assert.deepEqual(changed(), ['a'], 'a note');
    writeRuns(store, 'b', [{ ...HAND_RUNS[0]!, id: 'b-2' }]);
    assert.deepEqual(changed(), ['b'], 'a new run');
    store.write(() => store.runs.upsert({ ...store.runs.get('b-2')!, name: HAND_RUNS[0]!.name, experimentId: a }));
    assert.deepEqual(changed().sort(), ['a', 'b'], 'a run moved between experiments');
    assert.equal(store.runList.listRuns(a, sortedBy({ kind: 'metric', key: 'acc' }, false), ALL).runs.some((l) => l.run.id === 'b-2'), true, 'its metrics moved too');

    store.write(() => {
      store.runs.upsert({ ...run, status: 'failed' });
      store.runs.replaceParams('b-1', { depth: '5' });
      store.runs.setParams('id-1', HAND_RUNS[0]!.params);
      store.runs.replaceTags('id-2', { team: 'x' });
    });
    store.runAnnotations.setPinned(['b-1'], true, null);
    assert.deepEqual(changed(), [], 'rewriting the same values changes nothing');
    assert.equal(last.get(empty), '0');
  });

  it('stay the same when a real source is imported again unchanged', () => {
    const ws = copyFixture('silver6wings__MLFlowSample');
    const ctx = ingestContext(ws);
    importSources({ ...ctx, sources: 'discover' });
    const first = ctx.store.runList.experimentStamps();
    importSources({ ...ctx, sources: 'discover' });
    assert.deepEqual(ctx.store.runList.experimentStamps(), first);
    ctx.store.close();
  });
});
