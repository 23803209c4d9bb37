// The team store's schema on a real PostgreSQL server: created and migrated by init, a newer one
// refused untouched, and the server's summaries and pyramid equal to what the local store computes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { FIELDS } from '../../../src/core/compare/packedBuckets';
import { extendPyramid } from '../../../src/core/compare/pyramid';
import { migrateTeamSchema, requireCurrentTeamSchema, TeamSchemaMissing, TeamSchemaTooNew } from '../../../src/team/schema/migrate';
import { LATEST_TEAM_SCHEMA_VERSION } from '../../../src/team/schema/migrations';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';

const PYRAMID_COLUMNS = 'count, first_step, last_step, min_time, max_time, sum, min, max, nan, pos_inf, neg_inf';

describe('team store schema', () => {
  let server: PostgresServer;
  let client: pg.Client;
  before(async () => {
    server = await startPostgres({ name: 'team-schema' });
    client = await connectTeamClient(server);
  });
  after(async () => {
    await client?.end();
    server?.close();
  });

  it('is refused before init, created by init, and left as it is by a second init', async () => {
    await assert.rejects(requireCurrentTeamSchema(client), (e) => e instanceof TeamSchemaMissing && /team init/.test(e.message));
    assert.deepEqual(await migrateTeamSchema(client), { from: 0, to: LATEST_TEAM_SCHEMA_VERSION });
    assert.deepEqual(await migrateTeamSchema(client), { from: LATEST_TEAM_SCHEMA_VERSION, to: LATEST_TEAM_SCHEMA_VERSION });
    await requireCurrentTeamSchema(client);
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM model_ledger.schema_version');
    assert.equal(Number(rows[0]!.n), LATEST_TEAM_SCHEMA_VERSION);
  });

  it('summarises appended points as the local store does, in order and out of order', async () => {
    await seedRun(client, 'run-a');
    const { rows } = await client.query<{ id: string }>("INSERT INTO model_ledger.metric_series (run_id, key) VALUES ('run-a', 'loss') RETURNING id");
    const series = rows[0]!.id;
    // 5,000 points with NaN and infinities, appended in two batches, then a batch that goes back in steps.
    const points = Array.from({ length: 5000 }, (_, i) => ({ step: i, timestamp: 1_700_000_000_000 + i, value: i % 997 === 5 ? Number.NaN : i % 1499 === 7 ? Number.POSITIVE_INFINITY : Math.sin(i / 50) * 100 }));
    await append(client, series, points.slice(0, 3000), 0);
    await append(client, series, points.slice(3000), 3000);
    await assertMatchesLocal(client, series, points);

    const late = [{ step: 10, timestamp: 1_800_000_000_000, value: -500 }, { step: 2500, timestamp: 1_800_000_000_001, value: 900 }];
    await append(client, series, late, 5000);
    const all = [...points, ...late].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
    await assertMatchesLocal(client, series, all);
  });

  it('refuses points numbered with a gap, and a changed param', async () => {
    const { rows } = await client.query<{ id: string }>("INSERT INTO model_ledger.metric_series (run_id, key) VALUES ('run-a', 'acc') RETURNING id");
    await client.query('BEGIN');
    await client.query('INSERT INTO model_ledger.metric_points VALUES ($1, 1, 0, 0, 1)', [rows[0]!.id]);
    await assert.rejects(client.query('SELECT model_ledger.points_appended($1)', [rows[0]!.id]), /numbered from 0 without gaps/);
    await client.query('ROLLBACK');
    await client.query("INSERT INTO model_ledger.params VALUES ('run-a', 'lr', '0.1')");
    await assert.rejects(client.query("UPDATE model_ledger.params SET value = '0.2' WHERE run_id = 'run-a'"), /params never change once written/);
  });

  it('notifies a new run on channel model_ledger', async () => {
    const listener = await connectTeamClient(server);
    try {
      await listener.query('LISTEN model_ledger');
      const heard = new Promise<string>((resolve) => listener.once('notification', (n) => resolve(n.payload ?? '')));
      await seedRun(client, 'run-b');
      assert.deepEqual(JSON.parse(await heard), { kind: 'run', experiment: 'exp-1', run: 'run-b' });
    } finally {
      await listener.end();
    }
  });

  it('refuses a newer schema without changing it', async () => {
    server.psql("INSERT INTO model_ledger.schema_version (version, description) VALUES (99, 'from the future')");
    await assert.rejects(migrateTeamSchema(client), (e) => e instanceof TeamSchemaTooNew && /version 99.*update Model Ledger/.test(e.message));
    await assert.rejects(requireCurrentTeamSchema(client), TeamSchemaTooNew);
    assert.equal(server.psql('SELECT max(version) FROM model_ledger.schema_version').trim(), '99');
  });
});

async function seedRun(client: pg.Client, runId: string): Promise<void> {
  await client.query("INSERT INTO model_ledger.experiments (id, name, origin_source, created_at) VALUES ('exp-1', 'exp', 'native', 0) ON CONFLICT DO NOTHING");
  await client.query(
    "INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from) VALUES ($1, 'exp-1', $1, 'finished', 'native', 'ann@box', 'box')",
    [runId],
  );
}

async function append(client: pg.Client, series: string, points: { step: number; timestamp: number; value: number }[], from: number): Promise<void> {
  await client.query('BEGIN');
  await client.query('SELECT count FROM model_ledger.metric_series WHERE id = $1 FOR UPDATE', [series]);
  await client.query(
    'INSERT INTO model_ledger.metric_points SELECT $1, $2 + o - 1, s, t, v FROM unnest($3::bigint[], $4::bigint[], $5::float8[]) WITH ORDINALITY AS u(s, t, v, o)',
    [series, from, points.map((p) => p.step), points.map((p) => p.timestamp), points.map((p) => String(p.value))],
  );
  await client.query('SELECT model_ledger.points_appended($1)', [series]);
  await client.query('COMMIT');
}

async function assertMatchesLocal(client: pg.Client, series: string, points: { step: number; timestamp: number; value: number }[]): Promise<void> {
  const finite = points.map((p) => p.value).filter(Number.isFinite);
  const last = points[points.length - 1]!;
  const summary = (await client.query('SELECT count, last_step, last_timestamp, last_value, min_value, max_value FROM model_ledger.metric_series WHERE id = $1', [series])).rows[0];
  assert.deepEqual(
    { ...summary, count: Number(summary.count), last_step: Number(summary.last_step), last_timestamp: Number(summary.last_timestamp) },
    { count: points.length, last_step: last.step, last_timestamp: last.timestamp, last_value: last.value, min_value: Math.min(...finite), max_value: Math.max(...finite) },
  );
  const local = extendPyramid([], 0, { steps: points.map((p) => p.step), timestamps: points.map((p) => p.timestamp), values: points.map((p) => p.value), length: points.length });
  for (const [index, tail] of local.entries()) {
    const { rows } = await client.query({ text: `SELECT ${PYRAMID_COLUMNS} FROM model_ledger.metric_pyramid WHERE series_id = $1 AND level = $2 ORDER BY idx`, values: [series, index + 1], rowMode: 'array' });
    const server = rows.flat().map(Number);
    assert.deepEqual(server, Array.from(tail.data.subarray(0, tail.size * FIELDS)), `level ${index + 1}`);
  }
}
