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
    const metaFile = path.join(dir, 'meta.yaml');
    if (!fs.existsSync(metaFile) && isMlflowStore(dir)) continue;
    const meta = readMeta(ctx, metaFile);
    if (meta === null) continue;
    const mlflowId = meta.text('experiment_id');
    if (mlflowId === null) {
      ctx.diagnostics.error(metaFile, 'no experiment_id: not an MLflow experiment; skipped');
      continue;
    }
    // MLflow finds an experiment by its folder name and ignores one whose meta.yaml disagrees.
    if (mlflowId !== path.basename(dir)) {
      ctx.diagnostics.error(metaFile, `experiment_id ${mlflowId} does not match its folder name; skipped, as MLflow does`);
      continue;
    }
    // MLflow looks in the store before .trash, so a copy left in .trash is stale.
    if (seen.has(mlflowId)) {
      ctx.diagnostics.warning(dir, `experiment ${mlflowId} is also outside .trash; this copy skipped`);
      continue;
    }
    seen.add(mlflowId);
    const inTrash = path.dirname(dir) === trashDir;
    found.push({
      dir,
      mlflowId,
      experiment: {
        id: importedExperimentId('mlflow', storeRel, mlflowId),
        name: meta.text('name') ?? mlflowId,
        deleted: inTrash || meta.text('lifecycle_stage') === 'deleted',
        origin: { source: 'mlflow', id: mlflowId, path: storeRel },
      },
      runDirs: listFolder(ctx, dir).dirs.filter((run) => !EXPERIMENT_FOLDERS_NOT_RUNS.has(path.basename(run))),
    });
  }
  return found;
}
