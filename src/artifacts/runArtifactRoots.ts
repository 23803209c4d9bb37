import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRoot } from '../core/artifacts/types';
import { MAX_META_BYTES, parseMeta } from '../core/mlflowMeta';
import { pathInside } from '../core/pathInside';
import type { Run } from '../core/types';
import type { Store } from '../store/store';
import { declaredPlotPaths } from './media/dvcliveMedia';
import { runLogMediaDir } from './media/runLogMediaDir';
import { databaseArtifactRoots, fileStoreArtifactRoots, mlflowArtifactDir } from './mlflowArtifactDir';

/**
 * The folders a run's artifacts live in, by where the run was logged: an MLflow run's artifact
 * folder, a DVCLive folder and the artifacts its dvc.yaml declares, the files a run log named and
 * its media folder (images, plots and tables from the Python client).
 * Only folders inside the workspace (after symbolic links) are returned; none for a run the store
 * does not hold, or whose files are not on this machine.
 */
export function runArtifactRoots(workspace: string, store: Store, runId: string): ArtifactRoot[] {
  const run = store.runs.get(runId);
  if (!run || run.origin.path === null) return [];
  const sourcePath = path.resolve(workspace, run.origin.path);
  switch (run.origin.source) {
    case 'mlflow':
      return rootOf('artifacts', 'mlflow', mlflowFileStoreDir(workspace, store, run, sourcePath), workspace);
    case 'mlflow-db':
      return rootOf('artifacts', 'mlflow', firstRunFolder(store, run, databaseArtifactRoots(sourcePath)), workspace);
    case 'dvclive':
      return [
        ...rootOf(run.origin.path, 'dvclive', sourcePath, workspace),
        // Its plots that dvc.yaml declares outside the DVCLive folder (`reports/importance.png`) are the run's too.
        ...declaredFiles(workspace, store, runId, 'workspace', 'dvc.yaml artifacts', sourcePath, declaredPlotPaths(sourcePath)),
      ];
    case 'native':
      return [...declaredFiles(workspace, store, runId, 'runlog', 'logged files', null), ...rootOf('media', 'runlog', runLogMediaDir(workspace, run.origin.id ?? runId), workspace)];
    case 'git':
    case 'demo':
      return [];
  }
}

/** The run's artifact folder in a file store: its meta.yaml's artifact URI, else `<run>/artifacts`, else a server's `mlartifacts/`. */
function mlflowFileStoreDir(workspace: string, store: Store, run: Run, storeDir: string): string | null {
  const experimentId = store.experiments.get(run.experimentId)?.origin.id;
  if (experimentId == null || run.origin.id === null) return null;
  for (const parent of [storeDir, path.join(storeDir, '.trash')]) {
    const runDir = path.join(parent, experimentId, run.origin.id);
    if (!fs.existsSync(runDir)) continue;
    const dir = mlflowArtifactDir(workspace, runDir, artifactUriOf(path.join(runDir, 'meta.yaml')), (target) => realInside(workspace, target));
    if (dir !== null) return dir;
  }
  return firstRunFolder(store, run, fileStoreArtifactRoots(storeDir).slice(1));
}

/** `<root>/<experiment>/<run>/artifacts` under the first of `roots` that holds it. */
function firstRunFolder(store: Store, run: Run, roots: readonly string[]): string | null {
  const experimentId = store.experiments.get(run.experimentId)?.origin.id;
  if (experimentId == null || run.origin.id === null) return null;
  for (const root of roots) {
    const dir = path.join(root, experimentId, run.origin.id, 'artifacts');
    if (fs.existsSync(dir)) return dir;
  }
  return null;
}

/** A run's meta.yaml `artifact_uri`, or null when the file is missing, too big or not MLflow's. */
function artifactUriOf(metaFile: string): string | null {
  let text: string;
  try {
    if (fs.statSync(metaFile).size > MAX_META_BYTES) return null;
    text = fs.readFileSync(metaFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const meta = parseMeta(text);
  return typeof meta === 'string' ? null : meta.text('artifact_uri');
}

/**
 * The run's stored artifacts that are files of the workspace (a run log or dvc.yaml names them
 * relative to it), and `plots` (absolute), as one root listing only them. `except` leaves out
 * those under a folder that is a root of its own. URIs, absolute artifact paths and paths leading
 * out are not the run's files here.
 */
function declaredFiles(workspace: string, store: Store, runId: string, layout: ArtifactRoot['layout'], label: string, except: string | null, plots: readonly string[] = []): ArtifactRoot[] {
  const files = new Set<string>();
  const declared = store.runs.artifacts(runId).map((a) => a.path).filter((p) => !/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(p) && !path.isAbsolute(p));
  for (const file of [...declared.map((p) => path.resolve(workspace, p)), ...plots]) {
    const relative = pathInside(workspace, file);
    if (relative === null || relative === '') continue;
    if (except !== null && pathInside(except, file) !== null) continue;
    files.add(relative.split(path.sep).join('/'));
  }
  return files.size === 0 ? [] : [{ label, dir: workspace, layout, files: [...files] }];
}

function rootOf(label: string, layout: ArtifactRoot['layout'], dir: string | null, workspace: string): ArtifactRoot[] {
  if (dir === null || realInside(workspace, dir) === null || !fs.statSync(dir).isDirectory()) return [];
  return [{ label, dir, layout }];
}

/** `target`'s real path when it exists and lies inside the workspace's real path, else null. */
function realInside(workspace: string, target: string): string | null {
  let real: string;
  try {
    real = fs.realpathSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ELOOP') return null;
    throw error;
  }
  return pathInside(fs.realpathSync(workspace), real) === null ? null : real;
}
