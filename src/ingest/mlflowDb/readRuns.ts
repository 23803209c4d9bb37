import type Database from 'better-sqlite3';
import type { Artifact, DatasetInput } from '../../core/types';
import type { SourceSchema } from './sourceSchema';

/** One row of MLflow's `runs` table, with the columns this importer uses. */
export interface SourceRunRow {
  run_uuid: string;
  name: string | null;
  status: string | null;
  start_time: number | null;
  end_time: number | null;
  source_version: string | null;
  lifecycle_stage: string | null;
  experiment_id: number | string | null;
}

/** A run's row and everything else MLflow keeps for it except metrics. */
export interface SourceRunRows {
  run: SourceRunRow;
  params: Record<string, string>;
  tags: Record<string, string>;
  inputs: DatasetInput[];
  loggedModels: Artifact[];
}

/** Every run id, oldest first. */
export function listRunIds(db: Database.Database): string[] {
  return db.prepare<[], { run_uuid: string }>('SELECT run_uuid FROM runs ORDER BY start_time, run_uuid').all().map((r) => r.run_uuid);
}

/** One run's rows, or undefined when the run is gone (MLflow's gc deleted it since it was listed). */
export function readRunRows(db: Database.Database, schema: SourceSchema, runUuid: string): SourceRunRows | undefined {
  const col = (name: string) => schema.column('runs', name, 'NULL');
  const run = db
    .prepare<[string], SourceRunRow>(
      `SELECT run_uuid, ${col('name')}, ${col('status')}, ${col('start_time')}, ${col('end_time')}, ${col('source_version')},
              ${col('lifecycle_stage')}, ${col('experiment_id')}
       FROM runs WHERE run_uuid = ?`,
    )
    .get(runUuid);
  if (!run) return undefined;
  return {
    run,
    params: readPairs(db, schema, 'params', runUuid),
    tags: readPairs(db, schema, 'tags', runUuid),
    inputs: readInputs(db, schema, runUuid),
    loggedModels: readLoggedModels(db, schema, runUuid),
  };
}

function readPairs(db: Database.Database, schema: SourceSchema, table: 'params' | 'tags', runUuid: string): Record<string, string> {
  if (!schema.hasTable(table)) return {};
  const rows = db.prepare<[string], { key: string; value: string | null }>(`SELECT key, value FROM ${table} WHERE run_uuid = ?`).all(runUuid);
  // A null prototype keeps a key named __proto__ an ordinary key. MLflow allows a NULL tag value; it reads as empty.
  const pairs: Record<string, string> = Object.create(null);
  for (const row of rows) pairs[row.key] = row.value ?? '';
  return pairs;
}

/** Datasets the run read (MLflow ≥ 2.4 `inputs` → `datasets`), each once. */
function readInputs(db: Database.Database, schema: SourceSchema, runUuid: string): DatasetInput[] {
  if (!schema.hasTable('inputs') || !schema.hasTable('datasets')) return [];
  // The input's context tag (MLflow ≥ 2.4 writes input_tags with the inputs table).
  const context = schema.hasTable('input_tags')
    ? `(SELECT t.value FROM input_tags t WHERE t.input_uuid = i.input_uuid AND t.name = 'mlflow.data.context')`
    : 'NULL';
  const rows = db
    .prepare<[string], { name: string; dataset_source: string | null; context: string | null }>(
      `SELECT d.name, d.dataset_source, ${context} AS context FROM inputs i JOIN datasets d ON d.dataset_uuid = i.source_id
       WHERE i.destination_type = 'RUN' AND i.destination_id = ? AND i.source_type = 'DATASET'
       ORDER BY d.name, d.dataset_uuid`,
    )
    .all(runUuid);
  const byPath = new Map<string, DatasetInput>();
  for (const row of rows) {
    const path = datasetLocation(row.dataset_source) ?? row.name;
    // MLflow's digest is a short, truncated hash of its own making, not a SHA-256 of the data.
    if (!byPath.has(path)) byPath.set(path, row.context ? { path, sha256: null, context: row.context } : { path, sha256: null });
  }
  return [...byPath.values()];
}

/** The URI or path in a dataset's source JSON ({"uri": …} for files, {"url": …} for HTTP, {"path"|"table": …} for others). */
function datasetLocation(sourceJson: string | null): string | null {
  if (!sourceJson) return null;
  let source: unknown;
  try {
    source = JSON.parse(sourceJson);
  } catch {
    return null;
  }
  if (typeof source !== 'object' || source === null) return null;
  for (const field of ['uri', 'url', 'path', 'table']) {
    const value = (source as Record<string, unknown>)[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

/** MLflow 3 logged models made by the run, as artifacts at their artifact location (no file here to hash). */
function readLoggedModels(db: Database.Database, schema: SourceSchema, runUuid: string): Artifact[] {
  if (!schema.hasColumn('logged_models', 'source_run_id') || !schema.hasColumn('logged_models', 'artifact_location')) return [];
  const live = schema.hasColumn('logged_models', 'lifecycle_stage') ? "AND ifnull(lifecycle_stage, 'active') <> 'deleted'" : '';
  return db
    .prepare<[string], { artifact_location: string }>(
      `SELECT DISTINCT artifact_location FROM logged_models WHERE source_run_id = ? AND artifact_location IS NOT NULL ${live} ORDER BY artifact_location`,
    )
    .all(runUuid)
    .map((row) => ({ path: row.artifact_location, sha256: null, size: null }));
}
