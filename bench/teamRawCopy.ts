// team.push_10m's baseline: the same points as raw COPY rows into the team store's points table,
// with nothing else done (no summaries, no pyramid, no reading of a local store).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { benchMetricKey, benchRunId, benchTimestamp, benchValue, LONG_RUN, workspacePoints, type TeamBenchShape } from './teamWorkspace';

const ROWS_PER_CHUNK = 10_000;

/** Whose runs the rows are, and in which experiment: as a push from the bench workspace would write them. */
export interface RawRunsOf {
  experimentId: string;
  owner: string;
  host: string;
}

/** The experiment, runs and series rows the points belong to (untimed: a few thousand rows). */
async function seriesRows(client: pg.Client, shape: TeamBenchShape, of: RawRunsOf): Promise<Map<string, string>> {
  await client.query(`INSERT INTO model_ledger.experiments (id, name, origin_source, created_at) VALUES ($1, 'bench', 'native', 0)`, [of.experimentId]);
  await client.query(
    `INSERT INTO model_ledger.runs (id, experiment_id, name, status, origin_source, owner, pushed_from)
     SELECT id, $2, id, 'finished', 'native', $3, $4 FROM unnest($1::text[]) AS id`,
    [[...Array.from({ length: shape.runs }, (_, run) => benchRunId(run)), LONG_RUN.id], of.experimentId, of.owner, of.host],
  );
  await client.query('INSERT INTO model_ledger.metric_series (run_id, key) VALUES ($1, $2)', [LONG_RUN.id, LONG_RUN.key]);
  const { rows } = await client.query<{ id: string; run_id: string; key: string }>(
    `INSERT INTO model_ledger.metric_series (run_id, key)
     SELECT run_id, key FROM unnest($1::text[]) AS run_id CROSS JOIN unnest($2::text[]) AS key RETURNING id, run_id, key`,
    [Array.from({ length: shape.runs }, (_, run) => benchRunId(run)), Array.from({ length: shape.metrics }, (_, metric) => benchMetricKey(metric))],
  );
  const ids = new Map(rows.map((row) => [`${row.run_id}/${row.key}`, row.id]));
  const long = await client.query<{ id: string }>('SELECT id FROM model_ledger.metric_series WHERE run_id = $1', [LONG_RUN.id]);
  return ids.set(`${LONG_RUN.id}/${LONG_RUN.key}`, long.rows[0]!.id);
}

/** COPY text of every point, series after series, in chunks as a writer streams them. */
function* copyText(shape: TeamBenchShape, seriesIds: Map<string, string>): Generator<string> {
  const series: { id: string; run: number; metric: number; steps: number }[] = [];
  for (let run = 0; run < shape.runs; run++) {
    for (let metric = 0; metric < shape.metrics; metric++) series.push({ id: seriesIds.get(`${benchRunId(run)}/${benchMetricKey(metric)}`)!, run, metric, steps: shape.steps });
  }
  series.push({ id: seriesIds.get(`${LONG_RUN.id}/${LONG_RUN.key}`)!, run: shape.runs, metric: 0, steps: LONG_RUN.points });
  let chunk = '';
  let rows = 0;
  for (const { id, run, metric, steps } of series) {
    for (let step = 0; step < steps; step++) {
      chunk += `${id}\t${step}\t${step}\t${benchTimestamp(step)}\t${benchValue(run, metric, step)}\n`;
      if (++rows === ROWS_PER_CHUNK) {
        yield chunk;
        chunk = '';
        rows = 0;
      }
    }
  }
  if (chunk) yield chunk;
}

/** Points per second of one COPY of all the shape's points into an empty team store. */
export async function rawCopyRate(client: pg.Client, shape: TeamBenchShape, of: RawRunsOf): Promise<number> {
  const seriesIds = await seriesRows(client, shape, of);
  const start = performance.now();
  const copy = client.query(copyFrom('COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN'));
  await pipeline(Readable.from(copyText(shape, seriesIds)), copy);
  const seconds = (performance.now() - start) / 1000;
  if (copy.rowCount !== workspacePoints(shape)) throw new Error(`the raw COPY wrote ${copy.rowCount} rows, not ${workspacePoints(shape)}`);
  return workspacePoints(shape) / seconds;
}
