import * as path from 'node:path';
import { errorMessage } from '../../core/errors';
import { saveRunRecord, type RunRecord } from '../runRecord';
import type { ImportSummary, IngestContext } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { experimentFolders, type ExperimentFolder } from './experiments';
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
 * registry. Each run is one transaction; a run that fails rolls back alone, with a diagnostic,
 * and the import goes on. Importing again reads only what was appended to metric files and
 * replaces the rest, so any number of imports leave the same store.
 *
 * With `runDirs`, only those run folders are read (and the experiments holding them): a live
 * change to one training run costs one run's work, not the whole store's.
 */
export function importMlflowStore(ctx: IngestContext, storeDir: string, runDirs?: readonly string[]): ImportSummary {
  const dir = path.resolve(ctx.workspace, storeDir);
  const storeRel = relativeToWorkspace(ctx.workspace, dir);
  const summary: ImportSummary = { kind: 'mlflow', source: storeRel, experiments: 0, runs: 0, models: 0, failedRuns: 0 };
  if (realPathInside(ctx.workspace, dir, ctx.diagnostics) === null) return summary;

  const experiments = runDirs ? onlyRuns(experimentFolders(ctx, dir, storeRel), runDirs) : experimentFolders(ctx, dir, storeRel);
  const total = experiments.reduce((sum, e) => sum + e.runDirs.length, 0);
  const importedRunIds = new Set<string>();
  let done = 0;
  ctx.progress?.(done, total);
  for (const folder of experiments) {
    // Its own write too, so an experiment without runs is listed.
    ctx.store.write(() => ctx.store.experiments.upsert(folder.experiment));
    summary.experiments += 1;
    const place: RunPlace = { folder, loggedModels: loggedModelsByRun(ctx, folder.dir) };
    for (const runDir of folder.runDirs) {
      if (importRun(ctx, place, runDir, importedRunIds)) summary.runs += 1;
      else summary.failedRuns += 1;
      ctx.progress?.(++done, total);
    }
  }
  if (!runDirs) summary.models = importRegistry(ctx, dir, storeRel);
  return summary;
}

/** The experiments holding the given run folders, each with only those of its runs. */
function onlyRuns(experiments: ExperimentFolder[], runDirs: readonly string[]): ExperimentFolder[] {
  const wanted = new Set(runDirs.map((d) => path.resolve(d)));
  return experiments.map((e) => ({ ...e, runDirs: e.runDirs.filter((d) => wanted.has(path.resolve(d))) })).filter((e) => e.runDirs.length > 0);
}

/** Imports one run folder in one transaction; false (with a diagnostic) when it is left out. */
function importRun(ctx: IngestContext, place: RunPlace, runDir: string, importedRunIds: Set<string>): boolean {
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
  try {
    const written = ctx.store.write(() => writeRun(ctx, folder, runDir, record));
    if (written) importedRunIds.add(record.run.id);
    return written;
  } catch (error) {
    ctx.diagnostics.error(runDir, `run ${record.run.id} not imported (nothing of it was written): ${errorMessage(error)}`);
    return false;
  }
}

/** The body of a run's transaction: its experiment, its record, and the new points of its metrics. */
function writeRun(ctx: IngestContext, folder: ExperimentFolder, runDir: string, record: RunRecord): boolean {
  const { store } = ctx;
  const { run } = record;
  const existing = store.runs.get(run.id);
  if (existing && (existing.origin.source !== run.origin.source || existing.origin.path !== run.origin.path)) {
    const from = `${existing.origin.source}${existing.origin.path === null ? '' : ` ${existing.origin.path}`}`;
    ctx.diagnostics.error(runDir, `run id ${run.id} is already in the store from ${from}; skipped`);
    return false;
  }
  // Asserted again here so that the run never lands without its experiment.
  store.experiments.upsert(folder.experiment);
  saveRunRecord(store, record);
  const running = run.status === 'running';
  for (const metric of keyedFiles(ctx, path.join(runDir, 'metrics'))) {
    importMetricFile(ctx, { id: run.id, running }, metric);
  }
  return true;
}
