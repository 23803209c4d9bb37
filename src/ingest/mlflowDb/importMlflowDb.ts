import * as path from 'node:path';
import type Database from 'better-sqlite3';
import { errorMessage } from '../../core/errors';
import { ChunkedWrite, ChunkLost, whatWasKept } from '../../store/chunkedWrite';
import { databaseArtifactRoots } from '../../artifacts/mlflowArtifactDir';
import type { IngestContext, ImportSummary } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { readExperiments, saveExperiments } from './experiments';
import { runImportMark } from '../runRecord';
import { evaluatesLink } from '../evaluationLink';
import { toRunRecord } from './mapRun';
import { readRegistry } from './readRegistry';
import { listRunIds } from './readRuns';
import { readRunSnapshot, saveRunSnapshot } from './runSnapshot';
import { resolveRegistryArtifacts, saveRegistry } from './saveRegistry';
import { DEFAULT_BUSY_TIMEOUT_MS, openSourceDb, readSnapshot, SourceBusyError } from './sourceDb';
import { SourceSchema } from './sourceSchema';

export interface MlflowDbImportOptions {
  /** How long each read waits for MLflow's write lock before the import of this file stops. */
  busyTimeoutMs?: number;
}

/** One database being imported: its connection, its paths, and how long its reads wait. */
interface Source {
  db: Database.Database;
  /** As given by the caller, named in diagnostics. */
  file: string;
  relPath: string;
  busyTimeoutMs: number;
}

/**
 * Imports an MLflow SQLite backend (`mlflow.db`) into the store, reading it without ever writing
 * it, even while MLflow writes. Experiments land first, then the runs, committed in chunks
 * (store/chunkedWrite.ts) with each run a unit that rolls back alone when it fails (reported and
 * counted) and a run too big for one chunk committed in pieces, then the registry.
 * A database locked by a writer for longer than the busy timeout is reported and its import
 * stops between runs, never inside one; the next import takes it up again.
 */
export function importMlflowDb(ctx: IngestContext, dbFile: string, options: MlflowDbImportOptions = {}): ImportSummary {
  const relPath = relativeToWorkspace(ctx.workspace, dbFile);
  const summary: ImportSummary = { kind: 'mlflow-db', source: relPath, experiments: 0, runs: 0, models: 0, failedRuns: 0 };
  const file = realPathInside(ctx.workspace, dbFile, ctx.diagnostics);
  if (file === null) return summary;
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  let db: Database.Database | undefined;
  try {
    db = openSourceDb(file, busyTimeoutMs);
    importSource(ctx, { db, file: dbFile, relPath, busyTimeoutMs }, summary);
  } catch (error) {
    if (error instanceof ChunkLost) throw error; // the store failed, not this file: said by the caller
    const problem = error instanceof SourceBusyError ? error.message : `cannot be imported: ${errorMessage(error)}`;
    const done = summary.runs > 0 ? `${summary.runs} runs were imported before` : 'nothing was imported from it';
    ctx.diagnostics.error(dbFile, `${problem}; ${done}`);
  } finally {
    db?.close();
  }
  return summary;
}

function importSource(ctx: IngestContext, source: Source, summary: ImportSummary): void {
  const { store } = ctx;
  const snapshot = <T>(read: () => T): T => readSnapshot(source.db, source.busyTimeoutMs, read);
  const { schema, experiments, runIds } = snapshot(() => {
    const schema = SourceSchema.read(source.db);
    if (!schema.hasTable('experiments') || !schema.hasTable('runs')) throw new Error('it has no experiments or runs table');
    return { schema, experiments: readExperiments(source.db, schema), runIds: listRunIds(source.db) };
  });

  const experimentIds = store.write(() => saveExperiments(store, experiments, source.relPath));
  summary.experiments = experimentIds.size;

  ctx.progress?.(0, runIds.length);
  const writes = new ChunkedWrite(store);
  try {
    for (const [index, runUuid] of runIds.entries()) {
      // Read with the store's current summaries, then write after the read snapshot ended, so the
      // source's read lock is never held while waiting for the store's write lock. (A chunk may
      // hold the store's lock while a read waits out MLflow's commit, which takes milliseconds.)
      try {
        const known = store.metrics.summaries(runUuid);
        const run = snapshot(() => readRunSnapshot(source.db, schema, runUuid, known));
        if (run) {
          const experimentId = experimentIds.get(String(run.rows.run.experiment_id));
          if (experimentId === undefined) throw new Error(`its experiment ${String(run.rows.run.experiment_id)} is not in the database`);
          const record = toRunRecord(run.rows, experimentId, source.relPath);
          const link = evaluatesLink(record.tags, record.params);
          if (link.problem) ctx.diagnostics.warning(source.file, `run ${record.run.id}: ${link.problem}`);
          writes.unit((commits) => saveRunSnapshot(store, record, run, commits), runImportMark(store, record.run.id));
          summary.runs += 1;
        }
      } catch (error) {
        if (error instanceof SourceBusyError || error instanceof ChunkLost) throw error;
        const kept = whatWasKept(error, 'run skipped');
        ctx.diagnostics.error(source.file, `run ${runUuid}: ${errorMessage(error)}; ${kept}`);
        summary.failedRuns += 1;
      }
      ctx.progress?.(index + 1, runIds.length);
    }
  } finally {
    writes.finish();
  }

  const models = snapshot(() => readRegistry(source.db, schema));
  const artifacts = resolveRegistryArtifacts(ctx, models, databaseArtifactRoots(path.resolve(ctx.workspace, source.file)));
  store.write(() => saveRegistry(store, models, source.relPath, artifacts));
  summary.models = models.length;
}
