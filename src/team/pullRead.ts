// What a pull reads from the team store for a batch of changed runs: their rows, series summaries,
// the coarse pyramid levels packed as the local store keeps them, annotations and audit entries.
import type pg from 'pg';
import { FIELDS } from '../core/compare/packedBuckets';
import { CHUNK, FAN_OUT } from '../core/compare/pyramid';
import type { RunStatus } from '../core/types';

export interface TeamRunRow {
  id: string;
  experiment_id: string;
  name: string;
  status: RunStatus;
  deleted: boolean;
  start_time: string | null;
  end_time: string | null;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: boolean | null;
  command: string | null;
  parent_run_id: string | null;
  origin_source: string;
  origin_id: string | null;
  origin_path: string | null;
  owner: string;
  e_name: string;
  e_deleted: boolean;
  e_origin_source: string;
  e_origin_id: string | null;
  e_origin_path: string | null;
  e_created_at: string;
}

export interface TeamSeriesRow {
  id: string;
  run_id: string;
  key: string;
  count: string;
  last_step: string | null;
  last_timestamp: string | null;
  last_value: number | null;
  min_value: number | null;
  max_value: number | null;
}

export interface TeamPyramidChunk {
  seriesId: string;
  level: number;
  chunk: number;
  /** CHUNK summaries or fewer, FIELDS float64 each, as core/compare/packedBuckets.ts lays them out (little-endian). */
  summaries: Buffer;
}

export interface TeamAnnotationRow {
  run_id: string;
  display_name: string | null;
  name_at: string | null;
  name_by: string | null;
  note: string | null;
  note_at: string | null;
  note_by: string | null;
  deleted_at: string | null;
  deletion_at: string | null;
  deletion_by: string | null;
}

export interface TeamAuditRow {
  hash: string;
  run_id: string;
  at: string;
  actor: string | null;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
}

export interface TeamRunBatch {
  params: Map<string, Record<string, string>>;
  tags: Map<string, Record<string, string>>;
  inputs: Map<string, { path: string; sha256: string | null; context: string | null }[]>;
  /** By run id. */
  series: Map<string, TeamSeriesRow[]>;
  /** By series id: a batch holds thousands of series, each written on its own. */
  pyramid: Map<string, TeamPyramidChunk[]>;
  annotations: Map<string, TeamAnnotationRow>;
  audit: TeamAuditRow[];
}

/** The runs changed since `cursor` (an xid8 as text; null: every run), with their experiment's columns. */
export async function changedRuns(client: pg.ClientBase, cursor: string | null): Promise<TeamRunRow[]> {
  const { rows } = await client.query<TeamRunRow>(
    `SELECT r.id, r.experiment_id, r.name, r.status, r.deleted, r.start_time, r.end_time, r.git_commit, r.git_branch, r.git_dirty,
            r.command, r.parent_run_id, r.origin_source, r.origin_id, r.origin_path, r.owner,
            e.name AS e_name, e.deleted AS e_deleted, e.origin_source AS e_origin_source, e.origin_id AS e_origin_id,
            e.origin_path AS e_origin_path, e.created_at AS e_created_at
     FROM model_ledger.runs r JOIN model_ledger.experiments e ON e.id = r.experiment_id
     WHERE $1::xid8 IS NULL OR r.changed_xid >= $1::xid8 ORDER BY r.id`,
    [cursor],
  );
  return rows;
}

/**
 * The rows of `pulledIds` (teammates' runs) and the annotations and audit entries of every run in
 * `runIds`. Of each series' pyramid, only levels of at most `coarseSummaries` summaries.
 */
export async function readRunBatch(client: pg.ClientBase, runIds: string[], pulledIds: string[], coarseSummaries: number): Promise<TeamRunBatch> {
  const pairs = async (table: 'params' | 'tags') => {
    const byRun = new Map<string, Record<string, string>>();
    const { rows } = await client.query<{ run_id: string; key: string; value: string }>(`SELECT run_id, key, value FROM model_ledger.${table} WHERE run_id = ANY($1)`, [pulledIds]);
    for (const row of rows) (byRun.get(row.run_id) ?? byRun.set(row.run_id, {}).get(row.run_id)!)[row.key] = row.value;
    return byRun;
  };
  const inputs = new Map<string, { path: string; sha256: string | null; context: string | null }[]>();
  const inputRows = await client.query<{ run_id: string; path: string; sha256: string | null; context: string | null }>(
    'SELECT run_id, path, sha256, context FROM model_ledger.run_inputs WHERE run_id = ANY($1) ORDER BY run_id, path',
    [pulledIds],
  );
  for (const { run_id, ...input } of inputRows.rows) (inputs.get(run_id) ?? inputs.set(run_id, []).get(run_id)!).push(input);
  const series = await client.query<TeamSeriesRow>(
    `SELECT id::text, run_id, key, count, last_step, last_timestamp, last_value, min_value, max_value
     FROM model_ledger.metric_series WHERE run_id = ANY($1) AND count > 0`,
    [pulledIds],
  );
  const annotations = await client.query<TeamAnnotationRow>('SELECT * FROM model_ledger.run_annotations WHERE run_id = ANY($1)', [runIds]);
  const audit = await client.query<TeamAuditRow>(
    'SELECT hash, run_id, at, actor, action, target, before_json, after_json FROM model_ledger.audit_entries WHERE run_id = ANY($1) ORDER BY id',
    [runIds],
  );
  return {
    params: await pairs('params'),
    tags: await pairs('tags'),
    inputs,
    series: groupBy(series.rows, (row) => row.run_id),
    pyramid: groupBy(await coarsePyramid(client, pulledIds, coarseSummaries), (chunk) => chunk.seriesId),
    annotations: new Map(annotations.rows.map((row) => [row.run_id, row])),
    audit: audit.rows,
  };
}

const PACKED_SUMMARY = ['count::float8', 'first_step::float8', 'last_step::float8', 'min_time::float8', 'max_time::float8', 'sum', 'min', 'max', 'nan::float8', 'pos_inf::float8', 'neg_inf::float8']
  .map((field) => `float8send(p.${field})`)
  .join(' || ');

/** The levels of at most `coarseSummaries` summaries, packed on the server into the local store's chunks (big-endian there). */
async function coarsePyramid(client: pg.ClientBase, runIds: string[], coarseSummaries: number): Promise<TeamPyramidChunk[]> {
  const { rows } = await client.query<{ series_id: string; level: number; chunk: string; summaries: Buffer }>(
    `SELECT p.series_id::text, p.level, p.idx / ${CHUNK} AS chunk, string_agg(${PACKED_SUMMARY}, ''::bytea ORDER BY p.idx) AS summaries
     FROM model_ledger.metric_pyramid p JOIN model_ledger.metric_series s ON s.id = p.series_id
     WHERE s.run_id = ANY($1) AND ceil(s.count / power(${FAN_OUT}, p.level)) <= $2
     GROUP BY p.series_id, p.level, p.idx / ${CHUNK}`,
    [runIds, coarseSummaries],
  );
  return rows.map((row) => ({ seriesId: row.series_id, level: row.level, chunk: Number(row.chunk), summaries: toLittleEndian(row.summaries) }));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) (groups.get(keyOf(item)) ?? groups.set(keyOf(item), []).get(keyOf(item))!).push(item);
  return groups;
}

function toLittleEndian(bigEndian: Buffer): Buffer {
  const values = new Float64Array(bigEndian.length / 8);
  for (let i = 0; i < values.length; i++) values[i] = bigEndian.readDoubleBE(i * 8);
  if (values.length % FIELDS !== 0) throw new Error(`a pyramid chunk from the team store holds ${values.length} values, not whole summaries of ${FIELDS}`);
  return Buffer.from(values.buffer);
}
