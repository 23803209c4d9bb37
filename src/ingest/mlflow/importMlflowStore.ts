import * as path from 'node:path';
import { errorMessage } from '../../core/errors';
import { ChunkedWrite, ChunkLost, whatWasKept, type UnitCommits } from '../../store/chunkedWrite';
import { evaluatesLink } from '../evaluationLink';
import { runImportMark, saveRunRecord, type RunRecord } from '../runRecord';
import type { ImportSummary, IngestContext } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { experimentFolders, experimentFoldersOfRuns, type ExperimentFolder } from './experiments';
import { loggedModelsByRun } from './loggedModels';
import { readMeta } from './meta';
import { importMetricFile } from './metrics';
import { importRegistry } from './registry';
import { readRunRecord, type RunPlace } from './runs';
import { keyedFiles } from './sourceFiles';

export { isMlflowStore } from './layout';

/**
 * Imports an MLflow file store (`mlruns/` or any folder laid out like one) into the workspace
 * store: experiments, runs with params, tags, metrics, artifacts and inputs, then the model
 * registry. Writes are committed in chunks (store/chunkedWrite.ts); each run is a unit that rolls
 * back alone when it fails, with a diagnostic, and the import goes on. A run too big for one chunk
 * is committed in pieces and marked as importing until its last piece. Importing again reads only
 * what was appended to metric files and replaces the rest, so any number of imports leave the
 * same store.
 *
 * With `runDirs`, only those run folders are read (and the experiments holding them): a live
 * change to one training run costs one run's work, not the whole store's.
 */
export function importMlflowStore(ctx: IngestContext, storeDir: string, runDirs?: readonly string[]): ImportSummary {
  const dir = path.resolve(ctx.workspace, storeDir);
  const storeRel = relativeToWorkspace(ctx.workspace, dir);
  const summary: ImportSummary = { kind: 'mlflow', source: storeRel, experiments: 0, runs: 0, models: 0, failedRuns: 0 };
  if (realPathInside(ctx.workspace, dir, ctx.diagnostics) === null) return summary;

  const experiments = runDirs ? experimentFoldersOfRuns(ctx, dir, storeRel, runDirs) : experimentFolders(ctx, dir, storeRel);
  const total = experiments.reduce((sum, e) => sum + e.runDirs.length, 0);
  const importedRunIds = new Set<string>();
  const writes = new ChunkedWrite(ctx.store);
  let done = 0;
  ctx.progress?.(done, total);
  try {
    for (const folder of experiments) {
      // Its own unit too, so an experiment without runs is listed.
      writes.unit(() => ctx.store.experiments.upsert(folder.experiment));
      summary.experiments += 1;
      const place: RunPlace = { folder, loggedModels: loggedModelsByRun(ctx, folder.dir) };
      for (const runDir of folder.runDirs) {
        if (importRun(ctx, writes, place, runDir, importedRunIds)) summary.runs += 1;
        else summary.failedRuns += 1;
        ctx.progress?.(++done, total);
      }
    }
  } finally {
    writes.finish();
  }
  if (!runDirs) summary.models = importRegistry(ctx, dir, storeRel);
  return summary;
}

/** Imports one run folder as one unit of the import; false (with a diagnostic) when it is left out. */
function importRun(ctx: IngestContext, writes: ChunkedWrite, place: RunPlace, runDir: string, importedRunIds: Set<string>): boolean {
  const { folder } = place;
  const metaFile = path.join(runDir, 'meta.yaml');
  const meta = readMeta(ctx, metaFile);
  if (meta === null) return false;
  const recordedExperiment = meta.text('experiment_id');
  if (recordedExperiment !== null && recordedExperiment !== folder.mlflowId) {
    ctx.diagnostics.error(metaFile, `run recorded for experiment ${recordedExperiment} but found in ${folder.mlflowId}; skipped, as MLflow does`);
    return false;
  }
  const record = readRunRecord(ctx, place, runDir, meta);
  if (record === null) return false;
  if (importedRunIds.has(record.run.id)) {
    ctx.diagnostics.error(runDir, `run id ${record.run.id} appears twice in this store; this copy skipped`);
    return false;
  }
  const existing = ctx.store.runs.get(record.run.id);
  if (existing && (existing.origin.source !== record.run.origin.source || existing.origin.path !== record.run.origin.path)) {
    const from = `${existing.origin.source}${existing.origin.path === null ? '' : ` ${existing.origin.path}`}`;
    ctx.diagnostics.error(runDir, `run id ${record.run.id} is already in the store from ${from}; skipped`);
    return false;
  }
  try {
    writes.unit((commits) => writeRun(ctx, { folder, runDir, record, commits }), runImportMark(ctx.store, record.run.id));
    importedRunIds.add(record.run.id);
    return true;
  } catch (error) {
    if (error instanceof ChunkLost) throw error;
    const kept = whatWasKept(error, 'nothing of it was written');
    ctx.diagnostics.error(runDir, `run ${record.run.id} not imported (${kept}): ${errorMessage(error)}`);
    return false;
  }
}

interface RunWrite {
  folder: ExperimentFolder;
  runDir: string;
  record: RunRecord;
  commits: UnitCommits;
}

/** The body of a run's unit: its experiment, its record, and the new points of its metrics. */
function writeRun(ctx: IngestContext, { folder, runDir, record, commits }: RunWrite): void {
  const { store } = ctx;
  const { run } = record;
  // Asserted again here so that the run never lands without its experiment.
  store.experiments.upsert(folder.experiment);
  saveRunRecord(store, record);
  const link = evaluatesLink(record.tags, record.params);
  if (link.problem) ctx.diagnostics.warning(path.join(runDir, 'tags'), link.problem);
  const running = run.status === 'running';
  for (const metric of keyedFiles(ctx, path.join(runDir, 'metrics'))) {
    importMetricFile(ctx, { id: run.id, running }, metric, commits);
  }
}
