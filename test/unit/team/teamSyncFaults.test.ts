// The faults of issue 15 part 7 on a real server: each leaves both stores consistent, says what
// happened, and the next sync completes. The server is crashed (pg_ctl stop -m immediate) under a
// real `team push` process, the network is cut under a pull by a proxy, two people push at once.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { Store } from '../../../src/store/store';
import { applyTeamRoles } from '../../../src/team/roles';
import { pullFromTeam, PullInterrupted } from '../../../src/team/pull';
import { pushToTeam } from '../../../src/team/push';
import { migrateTeamSchema, TeamSchemaTooNew } from '../../../src/team/schema/migrate';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';
import { writeTeamRun } from '../../../testkit/teamRuns';
import { CLI } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

const ANN = 'ann@box-a';
const BOB = 'bob@box-b';

/** Per series on the server: its count, its points, and the points its level-1 summaries cover: all equal when consistent. */
async function assertServerConsistent(client: pg.Client): Promise<void> {
  const { rows } = await client.query(`
    SELECT s.run_id, s.key, s.count,
           (SELECT count(*) FROM model_ledger.metric_points p WHERE p.series_id = s.id) AS points,
           (SELECT coalesce(sum(count), 0) FROM model_ledger.metric_pyramid y WHERE y.series_id = s.id AND y.level = 1) AS summarised
    FROM model_ledger.metric_series s`);
  for (const row of rows) assert.deepEqual([row.points, row.summarised], [row.count, row.count], `${row.run_id}/${row.key}`);
}

function serverCount(client: pg.Client, sql: string): Promise<number> {
  return client.query(sql).then((r) => Number(r.rows[0].n));
}

/** Everything a store holds that a sync could change, to compare before and after a refused one. */
function storeDigest(store: Store): string {
  return JSON.stringify({
    counts: store.counts(),
    annotations: store.db.prepare('SELECT * FROM run_annotations ORDER BY run_id').all(),
    sync: store.db.prepare('SELECT * FROM team_sync').all(),
  });
}

/** A TCP proxy to the server that can be cut mid-stream: every connection it carries is destroyed. */
async function startProxy(port: number): Promise<{ port: number; bytes: () => number; cutAfter(bytes: number): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let carried = 0;
  let limit = Number.POSITIVE_INFINITY;
  const cut = () => sockets.forEach((s) => s.destroy());
  const proxy = net.createServer((inbound) => {
    const outbound = net.connect(port, '127.0.0.1');
    sockets.add(inbound).add(outbound);
    inbound.on('data', (data) => outbound.write(data));
    outbound.on('data', (data) => {
      carried += data.length;
      if (carried > limit) cut();
      else inbound.write(data);
    });
    for (const socket of [inbound, outbound]) {
      socket.on('error', () => cut());
      socket.on('close', () => {
        sockets.delete(socket);
        cut();
      });
    }
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as net.AddressInfo).port,
    bytes: () => carried,
    cutAfter(bytes) {
      carried = 0;
      limit = bytes;
    },
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}

describe('team sync faults', () => {
  let server: PostgresServer;
  let client: pg.Client;
  before(async () => {
    server = await startPostgres({ name: 'team-faults' });
    client = await connectTeamClient(server);
    await migrateTeamSchema(client);
  });
  after(async () => {
    await client?.end().catch(() => undefined);
    server?.close();
  });

  it('loses nothing when the server crashes under a push, and the next push completes it', async () => {
    const ws = tempDir();
    const store = Store.open(ws);
    writeTeamRun(store, { id: 'crash-1', metrics: { loss: 200_000 } });
    const localPoints = store.counts().metricPoints;
    const before = storeDigest(store);
    store.close();

    const url = server.url({ params: { sslmode: 'require' } });
    const push = spawn(process.execPath, [CLI, 'team', 'push', '--url', url, '--no-import', '--batch', '5000', '--quiet'], { cwd: ws });
    let stderr = '';
    push.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => push.on('close', resolve));
    // Crash the server once the push has committed some of the points and not all.
    for (;;) {
      const done = await serverCount(client, "SELECT coalesce(sum(count), 0) AS n FROM model_ledger.metric_series WHERE run_id = 'crash-1'");
      if (done > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.end();
    server.stop('immediate');
    assert.equal(await exited, 1, stderr);
    assert.match(stderr, /Push stopped after \d+ run\(s\) and \d+ point\(s\): .*connection.*What was committed stays on the team store, the local store keeps everything, and the next push carries on from there\./);

    server.start();
    client = await connectTeamClient(server);
    const kept = await serverCount(client, "SELECT count AS n FROM model_ledger.metric_series WHERE run_id = 'crash-1'");
    assert.ok(kept > 0 && kept < localPoints, `${kept} of ${localPoints} points committed before the crash`);
    await assertServerConsistent(client);
    const local = Store.open(ws);
    try {
      assert.equal(storeDigest(local), before, 'the local store is as it was');
      // The same owner as the CLI's push: this process's user@host.
      const report = await pushToTeam(client, local);
      assert.deepEqual([report.runsPushed, report.points, report.conflicts], [1, localPoints - kept, []]);
    } finally {
      local.close();
    }
    await assertServerConsistent(client);
    assert.equal(await serverCount(client, "SELECT count AS n FROM model_ledger.metric_series WHERE run_id = 'crash-1'"), localPoints);
  });

  it('keeps every pulled run whole when the network goes during a pull, and the next pull completes', async () => {
    const ann = Store.open(tempDir());
    for (let i = 0; i < 12; i++) writeTeamRun(ann, { id: `net-${i}`, metrics: { loss: 2000, acc: 500 } });
    await pushToTeam(client, ann, { owner: ANN });
    ann.close();

    const proxy = await startProxy(server.port);
    const through = () => new pg.Client({ connectionString: `postgresql://${server.adminUser}:${server.adminPassword}@127.0.0.1:${proxy.port}/postgres`, ssl: { rejectUnauthorized: false } });
    try {
      // How many bytes a whole pull takes, into a scratch store; then cut the next one halfway.
      const scratch = Store.open(tempDir());
      const measuring = through();
      await measuring.connect();
      await pullFromTeam(measuring, scratch, { batchRuns: 2 });
      await measuring.end();
      const wholePull = proxy.bytes();
      const expectedRuns = scratch.counts().runs;
      scratch.close();

      const bob = Store.open(tempDir());
      const cutting = through();
      cutting.on('error', () => undefined);
      await cutting.connect();
      proxy.cutAfter(wholePull / 2);
      await assert.rejects(pullFromTeam(cutting, bob, { batchRuns: 2 }), (error) => {
        assert.ok(error instanceof PullInterrupted, String(error));
        assert.match(error.message, /^Pull stopped after \d+ run\(s\): the connection to the server was lost .*the next pull reads from where the last complete pull began\.$/);
        return true;
      });
      const partial = bob.counts().runs;
      assert.ok(partial < expectedRuns, `${partial} of ${expectedRuns} runs pulled before the cut`);
      // Each run here is whole: every series has its summary and its coarse levels.
      const incomplete = bob.db
        .prepare('SELECT count(*) AS n FROM metric_series s WHERE NOT EXISTS (SELECT 1 FROM metric_pyramid p WHERE p.series_id = s.id)')
        .get() as { n: number };
      assert.equal(incomplete.n, 0);
      const cursors = bob.db.prepare('SELECT count(*) AS n FROM team_sync WHERE pull_cursor IS NOT NULL').get() as { n: number };
      assert.equal(cursors.n, 0, 'the cursor did not move');

      const report = await pullFromTeam(client, bob);
      assert.equal(bob.counts().runs, expectedRuns);
      assert.equal(report.runsPulled, expectedRuns, 'runs written before the cut are read again, and written the same');
      bob.close();
    } finally {
      await proxy.close();
    }
  });

  it('takes two people pushing runs of one experiment at the same time', async () => {
    const ann = Store.open(tempDir());
    const bob = Store.open(tempDir());
    for (let i = 0; i < 3; i++) {
      writeTeamRun(ann, { id: `same-ann-${i}`, experimentId: 'exp-together', metrics: { loss: 20_000 } });
      writeTeamRun(bob, { id: `same-bob-${i}`, experimentId: 'exp-together', metrics: { loss: 20_000 } });
    }
    const bobClient = await connectTeamClient(server);
    try {
      const [a, b] = await Promise.all([pushToTeam(client, ann, { owner: ANN, batchPoints: 4000 }), pushToTeam(bobClient, bob, { owner: BOB, batchPoints: 4000 })]);
      assert.deepEqual([a.runsPushed, a.points, a.conflicts, b.runsPushed, b.points, b.conflicts], [3, 60_000, [], 3, 60_000, []]);
    } finally {
      await bobClient.end();
    }
    assert.equal(await serverCount(client, "SELECT count(*) AS n FROM model_ledger.runs WHERE experiment_id = 'exp-together'"), 6);
    assert.equal(await serverCount(client, "SELECT count(*) AS n FROM model_ledger.experiments WHERE id = 'exp-together'"), 1);
    await assertServerConsistent(client);
    await pullFromTeam(client, ann);
    assert.deepEqual(ann.runList.owners('exp-together'), [BOB]);
    ann.close();
    bob.close();
  });

  it('keeps a deletion on one side and a note on the other, with both audit entries everywhere', async () => {
    const ann = Store.open(tempDir());
    const bob = Store.open(tempDir());
    writeTeamRun(ann, { id: 'contested', metrics: { loss: 10 } });
    await pushToTeam(client, ann, { owner: ANN });
    await pullFromTeam(client, bob);
    ann.runAnnotations.softDelete(['contested'], ANN);
    bob.runAnnotations.setNote('contested', 'this one diverged at step 3', BOB);
    await pushToTeam(client, ann, { owner: ANN });
    await pushToTeam(client, bob, { owner: BOB });
    await pullFromTeam(client, ann);
    await pullFromTeam(client, bob);
    for (const store of [ann, bob]) {
      const annotation = store.runAnnotations.annotations('contested');
      assert.equal(annotation.note, 'this one diverged at step 3');
      assert.ok(annotation.deletedAt !== null);
      assert.equal(store.runs.get('contested')!.deleted, true);
      const actions = store.audit
        .list()
        .filter((e) => e.target === 'contested')
        .map((e) => `${e.action} by ${e.actor}`)
        .sort();
      assert.deepEqual(actions, [`run.delete by ${ANN}`, `run.note by ${BOB}`]);
      assert.equal(store.audit.verify().ok, true);
    }
    ann.close();
    bob.close();
  });

  it('refuses a server with a newer schema, changing nothing, and syncs once it is current', async () => {
    const store = Store.open(tempDir());
    writeTeamRun(store, { id: 'future-1' });
    const before = storeDigest(store);
    const runsThere = await serverCount(client, 'SELECT count(*) AS n FROM model_ledger.runs');
    await client.query("INSERT INTO model_ledger.schema_version (version, description) VALUES (99, 'from a newer Model Ledger')");
    for (const sync of [pushToTeam(client, store, { owner: ANN }), pullFromTeam(client, store)]) {
      await assert.rejects(sync, (error) => error instanceof TeamSchemaTooNew && /schema is version 99.*Nothing was changed on the server; update Model Ledger/.test(error.message));
    }
    assert.equal(storeDigest(store), before);
    assert.equal(await serverCount(client, 'SELECT count(*) AS n FROM model_ledger.runs'), runsThere);
    await client.query('DELETE FROM model_ledger.schema_version WHERE version = 99');
    assert.equal((await pushToTeam(client, store, { owner: ANN })).runsPushed, 1);
    store.close();
  });

  it("stops a read-only role's push before it writes, and lets it pull", async () => {
    await applyTeamRoles(client);
    await client.query("CREATE ROLE carol LOGIN PASSWORD 'carol-secret' IN ROLE model_ledger_reader");
    const carol = await connectTeamClient(server, { user: 'carol', password: 'carol-secret' });
    const store = Store.open(tempDir());
    try {
      writeTeamRun(store, { id: 'carol-1' });
      await assert.rejects(pushToTeam(carol, store, { owner: 'carol@laptop' }), /the role "carol" may read the team store \(pull works\) but not push to it.*Nothing was pushed/);
      assert.equal(await serverCount(client, "SELECT count(*) AS n FROM model_ledger.runs WHERE id = 'carol-1'"), 0);
      const pulled = await pullFromTeam(carol, store);
      assert.ok(pulled.runsPulled > 0);
    } finally {
      await carol.end();
      store.close();
    }
  });
});
