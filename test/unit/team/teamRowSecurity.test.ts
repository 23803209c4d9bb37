// Sync and access as the real roles (the roles SQL applied; alice and bob login roles granted
// model_ledger_writer, never the superuser): alice's push works end to end, a rewritten series
// replaces hers, a lagging local copy leaves the server's extra points, and bob can neither change
// nor forge anything of alice's runs.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Store } from '../../../src/store/store';
import { PUSH_RIGHTS } from '../../../src/team/access';
import { fetchPoints } from '../../../src/team/points';
import { pullFromTeam } from '../../../src/team/pull';
import { pushToTeam } from '../../../src/team/push';
import { applyTeamRoles } from '../../../src/team/roles';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { isTeamFailure } from '../../../src/team/syncFailure';
import { explainTeamError, teamErrorKind } from '../../../src/team/teamErrors';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';
import { metricPoints, writeTeamRun } from '../../../testkit/teamRuns';
import { tempDir } from '../helpers/temp';

const ALICE = 'alice@laptop';
const BOB = 'bob@gpu-box';

/** Every row of the team store's tables as one digest: equal before and after means nothing changed. */
async function serverState(client: pg.Client): Promise<string> {
  const tables = ['experiments', 'runs', 'params', 'tags', 'run_inputs', 'run_annotations', 'audit_entries', 'metric_series', 'metric_points', 'metric_pyramid'];
  const parts = [];
  for (const table of tables) {
    const { rows } = await client.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM model_ledger.${table} t`);
    parts.push(`${table}:${rows[0].digest}`);
  }
  return parts.join(' ');
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('the server should have refused'),
    (e: unknown) => e,
  );
}

/** Points written straight to the server as any client does (the Python client's way): lock, COPY, points_appended. */
async function appendOnServer(client: pg.Client, seriesId: string, fromOrdinal: number, points: { step: number; timestamp: number; value: number }[]): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT count FROM model_ledger.metric_series WHERE id = $1 FOR UPDATE', [seriesId]);
    const lines = points.map((p, i) => `${seriesId}\t${fromOrdinal + i}\t${p.step}\t${p.timestamp}\t${p.value}\n`);
    await pipeline(Readable.from(lines), client.query(copyFrom('COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN')));
    await client.query('SELECT model_ledger.points_appended($1)', [seriesId]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

describe('team sync as the real roles, under row-level security', () => {
  let server: PostgresServer;
  let admin: pg.Client;
  let alice: pg.Client;
  let bob: pg.Client;
  let aliceStore: Store;
  let bobStore: Store;
  before(async () => {
    server = await startPostgres({ name: 'team-row-security' });
    server.psql('CREATE DATABASE team');
    admin = await connectTeamClient(server, { database: 'team' });
    await migrateTeamSchema(admin);
    await applyTeamRoles(admin);
    server.psql(`
      CREATE ROLE alice LOGIN PASSWORD 'alice-secret' IN ROLE model_ledger_writer;
      CREATE ROLE bob LOGIN PASSWORD 'bob-secret' IN ROLE model_ledger_writer;`);
    alice = await connectTeamClient(server, { user: 'alice', password: 'alice-secret', database: 'team' });
    bob = await connectTeamClient(server, { user: 'bob', password: 'bob-secret', database: 'team' });
    aliceStore = Store.open(tempDir());
    bobStore = Store.open(tempDir());
  });
  after(async () => {
    aliceStore?.close();
    bobStore?.close();
    await Promise.all([admin, alice, bob].map((c) => c?.end()));
    server?.close();
  });

  it('the writer role holds exactly the rights a push checks for', async () => {
    const { rows } = await admin.query<{ right: string }>(
      `SELECT table_name || ' ' || privilege_type AS right FROM information_schema.table_privileges
       WHERE grantee = 'model_ledger_writer' AND table_schema = 'model_ledger' ORDER BY 1`,
    );
    assert.deepEqual(rows.map((r) => r.right), PUSH_RIGHTS.map(([table, privilege]) => `${table} ${privilege}`).sort());
  });

  it("alice pushes as a writer end to end, and a series rewritten at its source replaces hers on the server", async () => {
    writeTeamRun(aliceStore, { id: 'a-1', metrics: { loss: 100, acc: 40 } });
    aliceStore.runAnnotations.setNote('a-1', 'baseline', ALICE);
    const first = await pushToTeam(alice, aliceStore, { owner: ALICE });
    assert.deepEqual(first, { runsPushed: 1, runsUnchanged: 0, points: 140, conflicts: [] });
    const run = (await admin.query("SELECT owner, db_role FROM model_ledger.runs WHERE id = 'a-1'")).rows[0];
    assert.deepEqual(run, { owner: ALICE, db_role: 'alice' });

    const rewritten = metricPoints('loss', 60, 1_770_000_000_000).map((p) => ({ ...p, value: p.value * 2 }));
    aliceStore.write(() => {
      aliceStore.metrics.deleteSeries('a-1', 'loss');
      aliceStore.metrics.append('a-1', rewritten);
    });
    const replaced = await pushToTeam(alice, aliceStore, { owner: ALICE });
    assert.deepEqual(replaced, { runsPushed: 1, runsUnchanged: 0, points: 60, conflicts: [] });
    const full = await fetchPoints(alice, { runId: 'a-1', key: 'loss', fromStep: 0, toStep: 1000, maxPoints: 1000 });
    assert.deepEqual(full.points, rewritten);
  });

  it('a local copy behind the server (points written straight to it) leaves the extra points there', async () => {
    const series = (await alice.query<{ id: string }>("SELECT id FROM model_ledger.metric_series WHERE run_id = 'a-1' AND key = 'loss'")).rows[0]!.id;
    const later = metricPoints('loss', 80, 1_770_000_000_000).slice(60);
    await appendOnServer(alice, series, 60, later);
    // Something else of the run changed here, so the run is sent again with its 60 local points.
    aliceStore.write(() => aliceStore.runs.replaceTags('a-1', { team: 'vision', stage: 'tuned' }));
    const pushed = await pushToTeam(alice, aliceStore, { owner: ALICE });
    assert.deepEqual(pushed, { runsPushed: 1, runsUnchanged: 0, points: 0, conflicts: [] });
    const count = (await admin.query('SELECT count FROM model_ledger.metric_series WHERE id = $1', [series])).rows[0].count;
    assert.equal(Number(count), 80, "the server's 20 extra points stay");
    const full = await fetchPoints(alice, { runId: 'a-1', key: 'loss', fromStep: 60, toStep: 79, maxPoints: 100 });
    assert.deepEqual(full.points, later);
    assert.deepEqual(await pushToTeam(alice, aliceStore, { owner: ALICE }), { runsPushed: 0, runsUnchanged: 1, points: 0, conflicts: [] });
  });

  it('a param conflict is reported once, not on every push', async () => {
    aliceStore.write(() => aliceStore.runs.replaceParams('a-1', { lr: '0.5', layers: '4' }));
    const report = await pushToTeam(alice, aliceStore, { owner: ALICE });
    assert.equal(report.conflicts.length, 1);
    assert.match(report.conflicts[0]!, /param lr of run a-1 is "0\.01" on the team store and "0\.5" here/);
    assert.deepEqual(await pushToTeam(alice, aliceStore, { owner: ALICE }), { runsPushed: 0, runsUnchanged: 1, points: 0, conflicts: [] });
  });

  it("bob changes nothing of alice's run: updates see no row, inserts and point writes are refused, forged ownership is ignored", async () => {
    const before = await serverState(admin);
    const series = (await bob.query<{ id: string }>("SELECT id FROM model_ledger.metric_series WHERE run_id = 'a-1' AND key = 'loss'")).rows[0]!.id;
    const rowSecurity = async (sql: string, params: unknown[] = []) => {
      const error = await refusal(bob.query(sql, params));
      assert.equal(teamErrorKind(error), 'row-security', `${sql}: ${String(error)}`);
      assert.match(explainTeamError(error), /row-level security lets this role change only/);
    };

    // Updates and deletes of her rows find nothing to change.
    for (const sql of [
      "UPDATE model_ledger.runs SET name = 'mine', deleted = true WHERE id = 'a-1'",
      "UPDATE model_ledger.runs SET db_role = current_user, owner = 'bob@gpu-box' WHERE id = 'a-1'",
      "UPDATE model_ledger.tags SET value = 'x' WHERE run_id = 'a-1'",
      "DELETE FROM model_ledger.tags WHERE run_id = 'a-1'",
      "DELETE FROM model_ledger.run_inputs WHERE run_id = 'a-1'",
      "UPDATE model_ledger.run_annotations SET note = 'bob was here', note_at = 9e15 WHERE run_id = 'a-1'",
      "UPDATE model_ledger.metric_series SET count = 0 WHERE run_id = 'a-1'",
      'DELETE FROM model_ledger.metric_pyramid',
    ]) {
      assert.equal((await bob.query(sql)).rowCount, 0, sql);
    }
    // Inserts about her run, and any write of her points, are refused.
    await rowSecurity("INSERT INTO model_ledger.params (run_id, key, value) VALUES ('a-1', 'dropout', '0.5')");
    await rowSecurity("INSERT INTO model_ledger.tags (run_id, key, value) VALUES ('a-1', 'bad', 'yes')");
    await rowSecurity("INSERT INTO model_ledger.metric_series (run_id, key) VALUES ('a-1', 'forged')");
    await rowSecurity(
      "INSERT INTO model_ledger.audit_entries (hash, origin, run_id, at, actor, action, target) VALUES ('forged', $1, 'a-1', 9e15, $1, 'run.rename', 'a-1')",
      [BOB],
    );
    await rowSecurity("INSERT INTO model_ledger.audit_entries (hash, origin, run_id, at, actor, action, target) VALUES ('forged-2', $1, NULL, 1, $1, 'run.rename', 'a-1')", [BOB]);
    await rowSecurity('DELETE FROM model_ledger.metric_points WHERE series_id = $1', [series]);
    await rowSecurity('INSERT INTO model_ledger.metric_points (series_id, ordinal, step, timestamp, value) VALUES ($1, 80, 80, 1, 1)', [series]);
    const copied = await refusal(appendOnServer(bob, series, 80, [{ step: 80, timestamp: 1, value: 1 }]));
    assert.equal(teamErrorKind(copied), 'row-security');
    assert.match(String(copied), /metric series \d+ is not of a run role bob pushed/);
    // An upsert of her run (the same owner string claimed) is refused too.
    await rowSecurity(
      `INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from) VALUES ('a-1', 'exp-shared', 'mine', 'finished', 'native', $1, 'gpu-box')
       ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
      [ALICE],
    );
    // Summarising her series again changes nothing.
    assert.equal((await bob.query('SELECT model_ledger.points_appended($1) AS n', [series])).rows[0].n, '80');
    assert.equal(await serverState(admin), before);

    // A run bob inserts is his whatever db_role he names, and even alice cannot change who logged hers.
    await bob.query(
      "INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from, db_role, created_at) VALUES ('b-1', 'exp-shared', 'b', 'finished', 'native', $1, 'gpu-box', 'alice', '2000-01-01')",
      [BOB],
    );
    const bobs = (await admin.query("SELECT db_role, created_at > now() - interval '1 hour' AS recent FROM model_ledger.runs WHERE id = 'b-1'")).rows[0];
    assert.deepEqual(bobs, { db_role: 'bob', recent: true });
    const reowned = await refusal(alice.query("UPDATE model_ledger.runs SET owner = 'mallory@x' WHERE id = 'a-1'"));
    assert.match(String(reowned), /run a-1 was first pushed by alice@laptop \(role alice\): who logged a run never changes on the team store/);

    // An audit entry about his own run from a clock far ahead is kept at most 5 minutes ahead.
    await bob.query("INSERT INTO model_ledger.audit_entries (hash, origin, run_id, at, actor, action, target) VALUES ('future', $1, 'b-1', 9e15, $1, 'run.rename', 'b-1')", [BOB]);
    const at = Number((await admin.query("SELECT at FROM model_ledger.audit_entries WHERE hash = 'future'")).rows[0].at);
    assert.ok(at <= Date.now() + 5 * 60_000 + 1000 && at > Date.now(), String(at));
  });

  it("bob's pin and note on alice's pulled run stay in his workspace; alice's second workspace pushes only what it wrote", async () => {
    await pullFromTeam(bob, bobStore);
    bobStore.runAnnotations.setPinned(['a-1'], true, BOB);
    bobStore.runAnnotations.setNote('a-1', "bob's note", BOB);
    const pushed = await pushToTeam(bob, bobStore, { owner: BOB });
    assert.equal(pushed.conflicts.length, 1);
    assert.match(pushed.conflicts[0]!, /your changes to alice@laptop's run a-1 \("a-1"\) stay in this workspace/);
    const actions = async () => (await admin.query<{ action: string }>("SELECT action FROM model_ledger.audit_entries WHERE run_id = 'a-1' ORDER BY id")).rows.map((r) => r.action);
    assert.deepEqual(await actions(), ['run.note']);

    const laptop2 = Store.open(tempDir());
    try {
      await pullFromTeam(alice, laptop2);
      laptop2.runAnnotations.setPinned(['a-1'], true, ALICE);
      const pinOnly = await pushToTeam(alice, laptop2, { owner: ALICE });
      assert.deepEqual(pinOnly.conflicts, []);
      assert.deepEqual(await actions(), ['run.note'], 'a pin is personal');
      laptop2.runAnnotations.rename('a-1', 'the baseline', ALICE);
      await pushToTeam(alice, laptop2, { owner: ALICE });
      assert.deepEqual(await actions(), ['run.note', 'run.rename']);
      assert.equal((await admin.query("SELECT display_name FROM model_ledger.run_annotations WHERE run_id = 'a-1'")).rows[0].display_name, 'the baseline');
    } finally {
      laptop2.close();
    }
  });

  it("an experiment renamed or deleted at its source reaches the team store and a teammate's store", async () => {
    aliceStore.write(() => aliceStore.db.prepare("UPDATE experiments SET name = 'vision sweep', deleted = 1 WHERE id = 'exp-shared'").run());
    await pushToTeam(alice, aliceStore, { owner: ALICE });
    assert.deepEqual((await admin.query("SELECT name, deleted FROM model_ledger.experiments WHERE id = 'exp-shared'")).rows[0], { name: 'vision sweep', deleted: true });
    await pullFromTeam(bob, bobStore);
    assert.deepEqual(bobStore.db.prepare("SELECT name, deleted FROM experiments WHERE id = 'exp-shared'").get(), { name: 'vision sweep', deleted: 1 });
  });

  it('a pulled experiment the local store cannot take stops the pull with a message naming it', async () => {
    const carolStore = Store.open(tempDir());
    try {
      // A local store that silently skips the experiment's insert (as a conflicting row would).
      carolStore.write(() => carolStore.db.exec("CREATE TRIGGER skip_experiment BEFORE INSERT ON experiments WHEN NEW.id = 'exp-shared' BEGIN SELECT RAISE(IGNORE); END"));
      await assert.rejects(pullFromTeam(alice, carolStore), /^UserError: experiment exp-shared \("vision sweep", from native at \.modelledger\/runs\) of run a-1 could not be added to the local store/);
      assert.equal(carolStore.runs.get('a-1'), undefined);
    } finally {
      carolStore.close();
    }
  });

  it('a SQL error is a bug, not an interruption that carries on next time', async () => {
    const error = await refusal(alice.query('SELECT no_such_column FROM model_ledger.runs'));
    assert.equal(isTeamFailure(error), false);
    const lost = await refusal(alice.query("SELECT pg_terminate_backend(pg_backend_pid())"));
    assert.equal(isTeamFailure(lost), true);
  });
});
