// The team store's roles, run as those roles on a real server: a writer pushes runs and points
// (COPY and the pyramid function included), a read-only role reads and listens but cannot write
// (and is told so before anything is written), and row-level security lets a writer change only
// the annotations of runs it pushed.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { readTeamAccess, requirePushAccess } from '../../../src/team/access';
import { openTeamClient } from '../../../src/team/connect';
import { applyTeamRoles } from '../../../src/team/roles';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { explainTeamError, TeamError, teamErrorKind } from '../../../src/team/teamErrors';

describe('team store roles and row-level security', () => {
  let server: PostgresServer;
  const clients: pg.Client[] = [];
  let admin: pg.Client;
  let alice: pg.Client;
  let bob: pg.Client;
  let carol: pg.Client;

  const connect = async (user: string, password = `${user}-secret`) => {
    const url = server.url({ user, password, database: 'team', params: { sslmode: 'verify-full', sslrootcert: server.caFile } });
    const client = await openTeamClient(url, { env: {} });
    clients.push(client);
    return client;
  };

  before(async () => {
    server = await startPostgres({ name: 'team-roles' });
    server.psql('CREATE DATABASE team');
    admin = await connect(server.adminUser, server.adminPassword);
    await migrateTeamSchema(admin);
    await applyTeamRoles(admin);
    await applyTeamRoles(admin); // again, as after a later `team init`: nothing fails, nothing doubles
    server.psql(`
      CREATE ROLE alice LOGIN PASSWORD 'alice-secret' IN ROLE model_ledger_writer;
      CREATE ROLE bob LOGIN PASSWORD 'bob-secret' IN ROLE model_ledger_writer;
      CREATE ROLE carol LOGIN PASSWORD 'carol-secret' IN ROLE model_ledger_reader;
      CREATE ROLE dave LOGIN PASSWORD 'dave-secret';`);
    [alice, bob, carol] = await Promise.all([connect('alice'), connect('bob'), connect('carol')]);
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.end()));
    server?.close();
  });

  async function pushRun(client: pg.Client, runId: string, owner: string): Promise<void> {
    await client.query('BEGIN');
    await client.query("INSERT INTO model_ledger.experiments (id, name, origin_source, created_at) VALUES ('exp-1', 'tuning', 'runlog', 1) ON CONFLICT (id) DO NOTHING");
    await client.query(
      "INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from) VALUES ($1, 'exp-1', $1, 'finished', 'runlog', $2, 'laptop')",
      [runId, owner],
    );
    await client.query("INSERT INTO model_ledger.params (run_id, key, value) VALUES ($1, 'lr', '0.01')", [runId]);
    await client.query("INSERT INTO model_ledger.tags (run_id, key, value) VALUES ($1, 'team', 'vision')", [runId]);
    await client.query("INSERT INTO model_ledger.run_annotations (run_id, note, note_at, note_by) VALUES ($1, 'first try', 10, $2)", [runId, owner]);
    await client.query("INSERT INTO model_ledger.audit_entries (hash, origin, run_id, at, actor, action, target) VALUES ($1, $2, $3, 10, $2, 'run.note', $3)", [`hash-${runId}`, owner, runId]);
    const series = await client.query<{ id: string }>("INSERT INTO model_ledger.metric_series (run_id, key) VALUES ($1, 'loss') RETURNING id", [runId]);
    const seriesId = series.rows[0]!.id;
    await client.query('SELECT count FROM model_ledger.metric_series WHERE id = $1 FOR UPDATE', [seriesId]);
    const lines = Array.from({ length: 40 }, (_, i) => `${seriesId}\t${i}\t${i}\t${1000 + i}\t${1 / (i + 1)}\n`);
    await pipeline(Readable.from(lines), client.query(copyFrom('COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN')));
    const appended = await client.query<{ count: string }>('SELECT model_ledger.points_appended($1) AS count', [seriesId]);
    assert.equal(appended.rows[0]!.count, '40');
    await client.query('COMMIT');
  }

  async function failure(promise: Promise<unknown>): Promise<unknown> {
    return promise.then(
      () => assert.fail('the server should have refused'),
      (e: unknown) => e,
    );
  }

  it('a writer pushes runs, params, annotations, audit entries and points, recorded as its role', async () => {
    await pushRun(alice, 'run-alice', 'alice@laptop');
    const access = await readTeamAccess(alice);
    assert.deepEqual(access, { role: 'alice', canRead: true, canWrite: true, isOwner: false, missingForPush: [], annotationsRowSecurity: true });
    const { rows } = await admin.query("SELECT db_role, owner, (SELECT count(*) FROM model_ledger.metric_pyramid p JOIN model_ledger.metric_series s ON s.id = p.series_id WHERE s.run_id = r.id)::int AS pyramid FROM model_ledger.runs r WHERE id = 'run-alice'");
    assert.deepEqual(rows, [{ db_role: 'alice', owner: 'alice@laptop', pyramid: 4 }]);
  });

  it('a read-only role reads and listens, and its push stops before writing with a clear message', async () => {
    const runs = await carol.query<{ id: string; note: string }>('SELECT r.id, a.note FROM model_ledger.runs r JOIN model_ledger.run_annotations a ON a.run_id = r.id ORDER BY r.id');
    assert.deepEqual(runs.rows, [{ id: 'run-alice', note: 'first try' }]);
    const points = await carol.query<{ n: number }>('SELECT count(*)::int AS n FROM model_ledger.metric_points');
    assert.equal(points.rows[0]!.n, 40);

    const heard = new Promise<string>((resolve) => carol.once('notification', (message) => resolve(message.payload ?? '')));
    await carol.query('LISTEN model_ledger');
    await pushRun(alice, 'run-alice-2', 'alice@laptop');
    assert.deepEqual(JSON.parse(await heard), { kind: 'run', experiment: 'exp-1', run: 'run-alice-2' });

    const access = await readTeamAccess(carol);
    assert.equal(access.canRead, true);
    assert.equal(access.canWrite, false);
    assert.ok(access.missingForPush.includes('INSERT on runs'), access.missingForPush.join(', '));
    assert.throws(() => requirePushAccess(access), (error: unknown) => {
      assert.ok(error instanceof TeamError);
      assert.equal(error.kind, 'rights');
      assert.match(error.message, /^the role "carol" may read the team store \(pull works\) but not push to it: it lacks INSERT on experiments, UPDATE on experiments, INSERT on runs, …\. Nothing was pushed; an administrator runs GRANT model_ledger_writer TO "carol"/);
      return true;
    });

    // Had it tried anyway, the server refuses, and the refusal is explained.
    const refused = await failure(carol.query("INSERT INTO model_ledger.experiments (id, name, origin_source, created_at) VALUES ('exp-2', 'x', 'runlog', 1)"));
    assert.equal(teamErrorKind(refused), 'rights');
    assert.match(explainTeamError(refused), /^this role lacks the right for this \(permission denied for table experiments\): a read-only role can pull but not push/);
  });

  it('row-level security: a writer changes only the annotations of runs it pushed', async () => {
    await pushRun(bob, 'run-bob', 'bob@gpu-box');
    await bob.query("UPDATE model_ledger.run_annotations SET note = 'bob was here', note_at = 20, note_by = 'bob@gpu-box' WHERE run_id = 'run-bob'");

    // A teammate's run: a new annotation row and an upsert are refused by the policy...
    await alice.query("INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from) VALUES ('run-alice-3', 'exp-1', 'bare', 'running', 'runlog', 'alice@laptop', 'laptop')");
    const inserted = await failure(bob.query("INSERT INTO model_ledger.run_annotations (run_id, display_name, name_at, name_by) VALUES ('run-alice-3', 'mine now', 30, 'bob@gpu-box')"));
    assert.equal(teamErrorKind(inserted), 'row-security');
    assert.match(explainTeamError(inserted), /row-level security lets this role change only the runs it pushed and what belongs to them \(new row violates row-level security policy for table "run_annotations"\); the change stays in your local store/);
    const upserted = await failure(
      bob.query("INSERT INTO model_ledger.run_annotations (run_id, note, note_at, note_by) VALUES ('run-alice', 'overwritten', 30, 'bob@gpu-box') ON CONFLICT (run_id) DO UPDATE SET note = excluded.note"),
    );
    assert.equal(teamErrorKind(upserted), 'row-security');

    // ...a plain UPDATE does not see the row at all, and no writer deletes annotation rows.
    assert.equal((await bob.query("UPDATE model_ledger.run_annotations SET deleted_at = 40, deletion_at = 40, deletion_by = 'bob' WHERE run_id = 'run-alice'")).rowCount, 0);
    assert.equal(teamErrorKind(await failure(bob.query('DELETE FROM model_ledger.run_annotations'))), 'rights');

    // Everyone still reads every annotation; alice's note is unchanged and she may change it.
    const seen = await bob.query<{ run_id: string; note: string | null; deleted_at: string | null }>('SELECT run_id, note, deleted_at FROM model_ledger.run_annotations ORDER BY run_id');
    assert.deepEqual(seen.rows, [
      { run_id: 'run-alice', note: 'first try', deleted_at: null },
      { run_id: 'run-alice-2', note: 'first try', deleted_at: null },
      { run_id: 'run-bob', note: 'bob was here', deleted_at: null },
    ]);
    assert.equal((await alice.query("UPDATE model_ledger.run_annotations SET note = 'second try' WHERE run_id = 'run-alice'")).rowCount, 1);
    // The schema's owner (who ran team init) moderates: not bound by the policy.
    assert.equal((await admin.query("UPDATE model_ledger.run_annotations SET note = 'moderated' WHERE run_id = 'run-bob'")).rowCount, 1);
  });

  it('a role granted neither group can do nothing, and is told whom to ask', async () => {
    const dave = await connect('dave');
    const access = await readTeamAccess(dave);
    assert.deepEqual(access, { role: 'dave', canRead: false, canWrite: false, isOwner: false, missingForPush: ['USAGE on schema model_ledger'], annotationsRowSecurity: false });
    assert.throws(() => requirePushAccess(access), /the role "dave" may neither read nor write the team store: it lacks USAGE on schema model_ledger\. Nothing was pushed/);
    const refused = await failure(dave.query('SELECT * FROM model_ledger.runs'));
    assert.equal(teamErrorKind(refused), 'rights');
  });
});
