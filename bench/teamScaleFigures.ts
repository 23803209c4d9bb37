// Figures behind docs/team-store.md's "Scale on paper": what a metric point costs on the server's
// disk (heap, its key (series_id, ordinal), pyramid), how fast a raw COPY and the pyramid function
// go, a zoom window read as a range of the key, and how many NOTIFYs a listener receives per second. Run on a harness
// server at a small size (sizes per point do not depend on it):
//   ./node_modules/.bin/node out/bench/teamScaleFigures.js [series=200] [points per series=10000]
// (not in `npm run bench`: it prints sizes and rates for the docs, not a goal against a baseline)
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startPostgres } from '../testkit/postgres';
import { migrateTeamSchema } from '../src/team/schema/migrate';

const SERIES = Number(process.argv[2] ?? 200);
const PER_SERIES = Number(process.argv[3] ?? 10_000);
const ZOOM_WINDOW = 10_000;

function* copyRows(seriesIds: string[]): Generator<string> {
  for (const id of seriesIds) {
    let chunk = '';
    for (let i = 0; i < PER_SERIES; i++) chunk += `${id}\t${i}\t${i}\t${1_700_000_000_000 + i * 1000}\t${Math.exp(-i / PER_SERIES) + Math.sin(i) / 100}\n`;
    yield chunk;
  }
}

async function main(): Promise<void> {
  const server = await startPostgres({ name: 'team-scale' });
  server.psql('CREATE DATABASE team');
  const client = new pg.Client({ connectionString: server.url({ database: 'team' }), ssl: { rejectUnauthorized: false } });
  await client.connect();
  try {
    await migrateTeamSchema(client);
    await client.query("INSERT INTO model_ledger.experiments (id, name, origin_source, created_at) VALUES ('e', 'scale', 'native', 0)");
    await client.query(
      "INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from) SELECT 'r' || n, 'e', 'r' || n, 'finished', 'native', 'me@here', 'here' FROM generate_series(1, $1) n",
      [SERIES],
    );
    const { rows } = await client.query<{ id: string }>("INSERT INTO model_ledger.metric_series (run_id, key) SELECT 'r' || n, 'loss' FROM generate_series(1, $1) n RETURNING id", [SERIES]);
    const seriesIds = rows.map((r) => r.id);
    const points = SERIES * PER_SERIES;

    let start = performance.now();
    await pipeline(Readable.from(copyRows(seriesIds)), client.query(copyFrom('COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN')));
    const copySeconds = (performance.now() - start) / 1000;

    start = performance.now();
    for (const id of seriesIds) await client.query('SELECT model_ledger.points_appended($1)', [id]);
    const pyramidSeconds = (performance.now() - start) / 1000;

    await client.query('VACUUM ANALYZE model_ledger.metric_points');
    await client.query('VACUUM ANALYZE model_ledger.metric_pyramid');
    const sizes = await client.query<Record<string, string>>(`SELECT
        pg_relation_size('model_ledger.metric_points')::text AS heap,
        pg_relation_size('model_ledger.metric_points_pkey')::text AS key,
        pg_total_relation_size('model_ledger.metric_pyramid')::text AS pyramid,
        (SELECT count(*) FROM model_ledger.metric_pyramid)::text AS pyramid_rows`);

    // A zoom: one series' full-resolution window, a range scan of the key.
    const middle = seriesIds[Math.floor(seriesIds.length / 2)]!;
    const zoomTimes: number[] = [];
    for (let i = 0; i < 20; i++) {
      const from = (i * 997) % Math.max(1, PER_SERIES - ZOOM_WINDOW);
      const t = performance.now();
      await client.query('SELECT step, timestamp, value FROM model_ledger.metric_points WHERE series_id = $1 AND ordinal >= $2 AND ordinal < $3 ORDER BY ordinal', [middle, from, from + ZOOM_WINDOW]);
      zoomTimes.push(performance.now() - t);
    }
    zoomTimes.sort((a, b) => a - b);
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) SELECT step, timestamp, value FROM model_ledger.metric_points WHERE series_id = ${middle} AND ordinal >= 0 AND ordinal < ${ZOOM_WINDOW} ORDER BY ordinal`,
    );

    // NOTIFY: one listener, one notifier, 5,000 committed notifications.
    const listener = new pg.Client({ connectionString: server.url({ database: 'team' }), ssl: { rejectUnauthorized: false } });
    await listener.connect();
    const NOTIFICATIONS = 5000;
    let received = 0;
    const allReceived = new Promise<void>((resolve) => listener.on('notification', () => ++received === NOTIFICATIONS && resolve()));
    await listener.query('LISTEN model_ledger');
    start = performance.now();
    for (let i = 0; i < NOTIFICATIONS; i++) await client.query("SELECT pg_notify('model_ledger', $1)", [JSON.stringify({ kind: 'points', experiment: 'e', run: `r${i}` })]);
    await allReceived;
    const notifySeconds = (performance.now() - start) / 1000;
    await listener.end();

    const heap = Number(sizes.rows[0]!.heap);
    const key = Number(sizes.rows[0]!.key);
    const pyramid = Number(sizes.rows[0]!.pyramid);
    console.log(
      JSON.stringify(
        {
          series: SERIES,
          pointsPerSeries: PER_SERIES,
          points,
          heapBytesPerPoint: +(heap / points).toFixed(1),
          keyBytesPerPoint: +(key / points).toFixed(1),
          pyramidRows: Number(sizes.rows[0]!.pyramid_rows),
          pyramidBytesPerPoint: +(pyramid / points).toFixed(2),
          rawCopyPointsPerSecond: Math.round(points / copySeconds),
          pyramidPointsPerSecond: Math.round(points / pyramidSeconds),
          zoomWindowMs: { median: +zoomTimes[10]!.toFixed(1), max: +zoomTimes[19]!.toFixed(1) },
          zoomPlan: plan.rows.map((r) => r['QUERY PLAN']),
          notifyPerSecond: Math.round(NOTIFICATIONS / notifySeconds),
          loadAverage: (await import('node:os')).loadavg().map((l) => +l.toFixed(1)),
        },
        null,
        2,
      ),
    );
  } finally {
    await client.end();
    server.close();
  }
}

void main();
