// team.pull_1k_runs's baseline: the rows a pull reads (runs with their experiments, params, tags,
// inputs, series summaries, pyramid levels of at most 1,024 summaries) read raw with COPY TO STDOUT.
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

// What pullFromTeam takes by default (src/team/pull.ts, coarseSummaries).
const COARSE_SUMMARIES = 1024;

const QUERIES = [
  'SELECT r.*, e.* FROM model_ledger.runs r JOIN model_ledger.experiments e ON e.id = r.experiment_id',
  'SELECT run_id, key, value FROM model_ledger.params',
  'SELECT run_id, key, value FROM model_ledger.tags',
  'SELECT run_id, path, sha256, context FROM model_ledger.run_inputs',
  'SELECT id, run_id, key, count, last_step, last_timestamp, last_value, min_value, max_value FROM model_ledger.metric_series WHERE count > 0',
  `SELECT p.* FROM model_ledger.metric_pyramid p JOIN model_ledger.metric_series s ON s.id = p.series_id
   WHERE ceil(s.count / power(16, p.level)) <= ${COARSE_SUMMARIES}`,
];

/** Seconds and bytes of reading those rows once, binary COPY, kept nowhere. */
export async function rawPullRead(client: pg.Client): Promise<{ seconds: number; bytes: number }> {
  const start = performance.now();
  let bytes = 0;
  for (const query of QUERIES) {
    const stream = client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`));
    for await (const chunk of stream) bytes += (chunk as Buffer).length;
  }
  return { seconds: (performance.now() - start) / 1000, bytes };
}
