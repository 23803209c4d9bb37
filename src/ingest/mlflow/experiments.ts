import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Experiment } from '../../core/types';
import { importedExperimentId } from '../runRecord';
import type { IngestContext } from '../types';
import { EXPERIMENT_FOLDERS_NOT_RUNS, isMlflowStore, REGISTRY_FOLDER, TRASH_FOLDER } from './layout';
import { readMeta } from './meta';
import { listFolder } from './sourceFiles';

/** One experiment folder of a store, read, with the folders of its runs (not yet read). */
export interface ExperimentFolder {
  dir: string;
  /** The experiment's id in MLflow. */
  mlflowId: string;
  experiment: Experiment;
  runDirs: string[];
}

/**
 * The experiments of a store: its child folders, then those in `.trash` (deleted experiments,
 * imported as deleted). A child folder that is itself a store (`mlruns/mlruns`) is not an
 * experiment of this one: discovery imports it on its own. A folder whose meta.yaml is missing
 * or unreadable is skipped with a diagnostic.
 */
export function experimentFolders(ctx: IngestContext, storeDir: string, storeRel: string): ExperimentFolder[] {
  const found: ExperimentFolder[] = [];
  const seen = new Set<string>();
  const trashDir = path.join(storeDir, TRASH_FOLDER);
  const candidates = [
    ...listFolder(ctx, storeDir).dirs.filter((dir) => ![TRASH_FOLDER, REGISTRY_FOLDER].includes(path.basename(dir))),
    ...(fs.existsSync(trashDir) ? listFolder(ctx, trashDir).dirs : []),
  ];
  for (const dir of candidates) {
    if (!fs.existsSync(path.join(dir, 'meta.yaml')) && isMlflowStore(dir)) continue;
    const experiment = readExperimentFolder(ctx, dir, storeDir, storeRel);
    if (experiment === null) continue;
    // MLflow looks in the store before .trash, so a copy left in .trash is stale.
    if (seen.has(experiment.mlflowId)) {
      ctx.diagnostics.warning(dir, `experiment ${experiment.mlflowId} is also outside .trash; this copy skipped`);
      continue;
    }
    seen.add(experiment.mlflowId);
    found.push({ ...experiment, runDirs: runFoldersOf(ctx, dir) });
  }
  return found;
}

/**
 * The experiments of the given run folders, each with only those of its runs: what a live change
 * to a few runs reads. Only their experiments' meta.yaml files are read, not the store's others
 * nor the thousands of run folders beside them.
 */
export function experimentFoldersOfRuns(ctx: IngestContext, storeDir: string, storeRel: string, runDirs: readonly string[]): ExperimentFolder[] {
  const byExperiment = new Map<string, string[]>();
  for (const runDir of runDirs) {
    const dir = path.dirname(path.resolve(runDir));
    if (!fs.existsSync(runDir)) continue; // removed since the change was seen
    byExperiment.set(dir, [...(byExperiment.get(dir) ?? []), path.resolve(runDir)]);
  }
  const trashDir = path.join(storeDir, TRASH_FOLDER);
  const found: ExperimentFolder[] = [];
  for (const [dir, runs] of byExperiment) {
    const experiment = readExperimentFolder(ctx, dir, storeDir, storeRel);
    if (experiment === null) continue;
    if (path.dirname(dir) === trashDir && fs.existsSync(path.join(storeDir, experiment.mlflowId))) continue; // stale, as above
    found.push({ ...experiment, runDirs: runs.filter((run) => !EXPERIMENT_FOLDERS_NOT_RUNS.has(path.basename(run))) });
  }
  return found;
}

/** One experiment folder, read: null (with a diagnostic) when MLflow would not take it for one. */
function readExperimentFolder(ctx: IngestContext, dir: string, storeDir: string, storeRel: string): Omit<ExperimentFolder, 'runDirs'> | null {
  const metaFile = path.join(dir, 'meta.yaml');
  const meta = readMeta(ctx, metaFile);
  if (meta === null) return null;
  const mlflowId = meta.text('experiment_id');
  if (mlflowId === null) {
    ctx.diagnostics.error(metaFile, 'no experiment_id: not an MLflow experiment; skipped');
    return null;
  }
  // MLflow finds an experiment by its folder name and ignores one whose meta.yaml disagrees.
  if (mlflowId !== path.basename(dir)) {
    ctx.diagnostics.error(metaFile, `experiment_id ${mlflowId} does not match its folder name; skipped, as MLflow does`);
    return null;
  }
  const inTrash = path.dirname(dir) === path.join(storeDir, TRASH_FOLDER);
  return {
    dir,
    mlflowId,
    experiment: {
      id: importedExperimentId('mlflow', storeRel, mlflowId),
      name: meta.text('name') ?? mlflowId,
      deleted: inTrash || meta.text('lifecycle_stage') === 'deleted',
      origin: { source: 'mlflow', id: mlflowId, path: storeRel },
    },
  };
}

function runFoldersOf(ctx: IngestContext, experimentDir: string): string[] {
  return listFolder(ctx, experimentDir).dirs.filter((run) => !EXPERIMENT_FOLDERS_NOT_RUNS.has(path.basename(run)));
}
