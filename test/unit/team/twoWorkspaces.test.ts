// Two workspaces (two people, each with a local store) syncing through a real PostgreSQL server:
// push and pull idempotent, a teammate's run with its owner, summaries and coarse pyramid but no
// points, full resolution fetched from the server, annotations last-writer-wins with both audits kept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { pyramidOf } from '../../../src/store/metricPyramid';
import { Store } from '../../../src/store/store';
import { fetchPoints } from '../../../src/team/points';
import { pullFromTeam } from '../../../src/team/pull';
import { pushToTeam } from '../../../src/team/push';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';
import { metricPoints, writeTeamRun } from '../../../testkit/teamRuns';
import { tempDir } from '../helpers/temp';

const ANN = 'ann@box-a';
const BOB = 'bob@box-b';

/** Every row of the team store's tables, as text: equal before and after means nothing was written. */
async function serverState(client: pg.Client): Promise<string> {
  const tables = ['experiments', 'runs', 'params', 'tags', 'run_inputs', 'run_annotations', 'audit_entries', 'metric_series', 'metric_pyramid'];
  const parts = [];
  for (const table of tables) {
    const { rows } = await client.query(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM model_ledger.${table} t`);
    parts.push(`${table}:${rows[0].digest}`);
  }
  const points = await client.query('SELECT count(*) AS n, max(xmin::text::bigint) AS x FROM model_ledger.metric_points');
  return `${parts.join(' ')} points:${points.rows[0].n}/${points.rows[0].x}`;
}

/** Rows this connection of the store has changed so far (SQLite's total_changes()). */
function localChanges(store: Store): number {
  return store.db.prepare<[], { n: number }>('SELECT total_changes() AS n').get()!.n;
}

describe('two workspaces syncing through the team store', () => {
  let server: PostgresServer;
  let client: pg.Client;
  let ann: Store;
  let bob: Store;
  before(async () => {
    server = await startPostgres({ name: 'two-workspaces' });
    client = await connectTeamClient(server);
    await migrateTeamSchema(client);
    ann = Store.open(tempDir());
    bob = Store.open(tempDir());
  });
  after(async () => {
    ann?.close();
    bob?.close();
    await client?.end();
    server?.close();
  });

  it("pushes Ann's runs with everything they hold, and a second push writes nothing", async () => {
    writeTeamRun(ann, { id: 'ann-1', metrics: { loss: 10_000, acc: 300 } });
    writeTeamRun(ann, { id: 'ann-2', params: { lr: '0.1', layers: '8' }, metrics: { loss: 50 } });
    ann.runAnnotations.rename('ann-1', 'baseline', ANN);
    ann.runAnnotations.setNote('ann-1', 'first try', ANN);
    ann.runAnnotations.setPinned(['ann-1'], true, ANN);

    const first = await pushToTeam(client, ann, { owner: ANN, batchPoints: 3000 });
    assert.deepEqual(first, { runsPushed: 2, runsUnchanged: 0, points: 10_350, conflicts: [] });
    const run = (await client.query("SELECT owner, name, status FROM model_ledger.runs WHERE id = 'ann-1'")).rows[0];
    assert.deepEqual(run, { owner: ANN, name: 'ann-1', status: 'finished' });
    const annotation = (await client.query("SELECT display_name, note, deleted_at FROM model_ledger.run_annotations WHERE run_id = 'ann-1'")).rows[0];
    assert.deepEqual(annotation, { display_name: 'baseline', note: 'first try', deleted_at: null });
    const audit = (await client.query("SELECT action FROM model_ledger.audit_entries WHERE run_id = 'ann-1' ORDER BY id")).rows.map((r) => r.action);
    // Pins stay personal: the pin's entry stays in Ann's workspace.
    assert.deepEqual(audit, ['run.rename', 'run.note']);
    const series = (await client.query("SELECT count, min_value, max_value FROM model_ledger.metric_series WHERE run_id = 'ann-1' AND key = 'loss'")).rows[0];
    const local = ann.metrics.summaries('ann-1').get('loss')!;
    assert.deepEqual({ count: Number(series.count), min: series.min_value, max: series.max_value }, { count: local.count, min: local.min, max: local.max });

    const before = await serverState(client);
    const localWrites = localChanges(ann);
    assert.deepEqual(await pushToTeam(client, ann, { owner: ANN }), { runsPushed: 0, runsUnchanged: 2, points: 0, conflicts: [] });
    assert.equal(await serverState(client), before);
    // Not even its sync record: a write would be a store change, and the editor pushes on every change.
    assert.equal(localChanges(ann), localWrites, 'a push that sent nothing writes nothing to the local store');
    // Even without the local record of what was pushed, the server takes nothing new.
    ann.write(() => ann.db.prepare('DELETE FROM team_pushed_runs').run());
    assert.deepEqual(await pushToTeam(client, ann, { owner: ANN }), { runsPushed: 2, runsUnchanged: 0, points: 0, conflicts: [] });
    assert.equal(await serverState(client), before);
  });

  it("pulls Ann's runs into Bob's store with their owner, summaries and coarse pyramid, never every point", async () => {
    writeTeamRun(bob, { id: 'bob-1', metrics: { loss: 20 } });
    const report = await pullFromTeam(client, bob);
    assert.deepEqual(report, { runsPulled: 2, runsAnnotated: 1, auditEntries: 2 });

    const pulled = bob.runs.get('ann-1')!;
    assert.equal(pulled.owner, ANN);
    assert.equal(pulled.name, 'baseline');
    assert.deepEqual(bob.runs.params('ann-2'), { lr: '0.1', layers: '8' });
    assert.deepEqual(bob.runs.tags('ann-1'), { team: 'vision' });
    assert.deepEqual(bob.runs.inputs('ann-1'), [{ path: 'data/train.csv', sha256: 'b'.repeat(64), context: 'training' }]);
    assert.deepEqual(bob.metrics.summaries('ann-1'), ann.metrics.summaries('ann-1'));
    const annotations = bob.runAnnotations.annotations('ann-1');
    assert.deepEqual([annotations.note, annotations.pinned], ['first try', false], 'notes travel, pins stay personal');
    const points = bob.db.prepare("SELECT count(*) AS n FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.run_id LIKE 'ann-%'").get() as { n: number };
    assert.equal(points.n, 0);

    // The owner filter of the listing, and its choices.
    const byOwner = (owner: string | null) => bob.runList.listRuns('exp-shared', { ...DEFAULT_RUN_QUERY, filter: { ...DEFAULT_RUN_QUERY.filter, owner } }, { offset: 0, limit: 10, keyMetric: null });
    assert.deepEqual(byOwner(ANN).runs.map((r) => r.run.id).sort(), ['ann-1', 'ann-2']);
    assert.deepEqual(byOwner(null).runs.map((r) => r.run.id), ['bob-1']);
    assert.deepEqual(bob.runList.owners('exp-shared'), [ANN]);

    // A wide chart reads the coarse levels; a zoom past them says so, and the server has the points.
    const pyramid = pyramidOf(bob.db);
    const wide = pyramid.series('ann-1', 'loss', { axis: 'step', xFrom: 0, xTo: 9999, width: 100 });
    assert.equal(wide.buckets.length, 100);
    assert.equal(wide.finerOnTeamStore, undefined);
    assert.deepEqual(wide, pyramidOf(ann.db).series('ann-1', 'loss', { axis: 'step', xFrom: 0, xTo: 9999, width: 100 }));
    const zoomed = pyramid.series('ann-1', 'loss', { axis: 'step', xFrom: 1000, xTo: 1100, width: 800 });
    assert.equal(zoomed.finerOnTeamStore, true);
    const full = await fetchPoints(client, { runId: 'ann-1', key: 'loss', fromStep: 1000, toStep: 1100, maxPoints: 10_000 });
    assert.equal(full.truncated, false);
    assert.deepEqual(full.points, metricPoints('loss', 10_000, 1_760_000_000_000).slice(1000, 1101));
    const capped = await fetchPoints(client, { runId: 'ann-1', key: 'loss', fromStep: 0, toStep: 9999, maxPoints: 500 });
    assert.deepEqual([capped.points.length, capped.truncated], [500, true]);

    const localWrites = localChanges(bob);
    const again = await pullFromTeam(client, bob);
    assert.deepEqual(again, { runsPulled: 0, runsAnnotated: 0, auditEntries: 0 });
    assert.equal(localChanges(bob), localWrites, 'a pull that found nothing new writes nothing to the local store');
  });

  it('takes the later of two edits of a note on both sides, and keeps both audit entries', async () => {
    bob.runAnnotations.setNote('ann-1', "Bob's later note", BOB);
    await pushToTeam(client, bob, { owner: BOB });
    assert.equal((await client.query("SELECT note FROM model_ledger.run_annotations WHERE run_id = 'ann-1'")).rows[0].note, "Bob's later note");
    const pulled = await pullFromTeam(client, ann);
    assert.equal(pulled.runsPulled, 1, "Bob's own run");
    assert.equal(ann.runAnnotations.annotations('ann-1').note, "Bob's later note");
    assert.equal(ann.runAnnotations.annotations('ann-1').pinned, true, "Ann's pin stays");
    const notes = (store: Store) => store.audit.list().filter((e) => e.target === 'ann-1' && e.action === 'run.note').map((e) => e.actor);
    assert.deepEqual(notes(ann), [ANN, BOB]);
    assert.deepEqual(notes(bob), [ANN, BOB]);
    assert.equal(ann.audit.verify().ok, true);
    assert.equal(bob.audit.verify().ok, true);
    // The note Ann took from Bob does not go back up as hers.
    await pushToTeam(client, ann, { owner: ANN });
    assert.equal(Number((await client.query("SELECT count(*) AS n FROM model_ledger.audit_entries WHERE action = 'run.note'")).rows[0].n), 2);
  });

  it("resumes Ann's new points after Bob's view and pulls them as new summaries", async () => {
    ann.write(() => ann.metrics.append('ann-2', metricPoints('loss', 80, 1_760_000_000_000).slice(50)));
    const pushed = await pushToTeam(client, ann, { owner: ANN });
    assert.deepEqual([pushed.runsPushed, pushed.points], [1, 30]);
    await pullFromTeam(client, bob);
    assert.equal(bob.metrics.summaries('ann-2').get('loss')!.count, 80);
  });

  it('sends a series rewritten at its source again whole, replacing the copy on the team store', async () => {
    const rewritten = metricPoints('loss', 60, 1_770_000_000_000).map((p) => ({ ...p, value: p.value * 2 }));
    ann.write(() => {
      ann.metrics.deleteSeries('ann-2', 'loss');
      ann.metrics.append('ann-2', rewritten);
    });
    const pushed = await pushToTeam(client, ann, { owner: ANN });
    assert.equal(pushed.points, 60);
    const full = await fetchPoints(client, { runId: 'ann-2', key: 'loss', fromStep: 0, toStep: 1000, maxPoints: 1000 });
    assert.deepEqual(full.points, rewritten);
  });

  it('reports a param that differs from the one on the team store, and keeps both', async () => {
    ann.write(() => ann.runs.replaceParams('ann-2', { lr: '0.5', layers: '8' }));
    const report = await pushToTeam(client, ann, { owner: ANN });
    assert.equal(report.conflicts.length, 1);
    assert.match(report.conflicts[0]!, /param lr of run ann-2 is "0\.1" on the team store and "0\.5" here: params never change once written/);
    assert.equal((await client.query("SELECT value FROM model_ledger.params WHERE run_id = 'ann-2' AND key = 'lr'")).rows[0].value, '0.1');
    assert.equal(ann.runs.params('ann-2').lr, '0.5');
  });
});
