import * as fs from 'node:fs';
import * as path from 'node:path';
import { artifactStamp, hashArtifactSync } from '../../artifacts/hashArtifact';
import { databaseArtifactRoots, fileStoreArtifactRoots } from '../../artifacts/mlflowArtifactDir';
import { errorMessage } from '../../core/errors';
import { pathInside } from '../../core/pathInside';
import type { Artifact, ModelVersion } from '../../core/types';
import type { HashedArtifact } from '../../store/models';
import type { Store } from '../../store/store';
import type { IngestContext } from '../types';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { listFolder } from './sourceFiles';
import { parseVersionSource, type StorePlace } from './versionSource';

export interface VersionArtifact {
  /** The copy in this workspace, relative to it, with its sha256; null when none is here. */
  artifact: Artifact | null;
  /** The artifact's stamp when its sha256 was computed (see artifactStamp), kept beside it for the next import. */
  stamp: string | null;
}

/**
 * A version's artifact in this workspace: the file or folder its MLflow `source` names, found
 * under one of `roots` by the tail MLflow's layout gives it (or at the source itself, when that
 * is a path inside the workspace), with its sha256. The files are read again only when one of them
 * was added, removed, resized or modified since `previous` was hashed. Never reads outside the
 * workspace.
 */
export function resolveVersionArtifact(ctx: IngestContext, roots: readonly string[], source: string, previous: HashedArtifact | undefined): VersionArtifact {
  const file = locate(ctx, roots, source);
  if (file === null) return { artifact: null, stamp: null };
  const rel = relativeToWorkspace(ctx.workspace, file);
  try {
    // The stamp is taken before the hash: a file that changes while it is read gets hashed again next time.
    const stamp = artifactStamp(file, ctx.workspace);
    if (previous && previous.path === rel && previous.stamp === stamp) {
      return { artifact: { path: rel, sha256: previous.sha256, size: previous.size }, stamp };
    }
    return { artifact: { path: rel, ...hashArtifactSync(file) }, stamp };
  } catch (error) {
    ctx.diagnostics.error(file, `a registered version's artifact cannot be hashed (${errorMessage(error)}); listed without its sha256`);
    return { artifact: { path: rel, sha256: null, size: null }, stamp: null };
  }
}

function locate(ctx: IngestContext, roots: readonly string[], source: string): string | null {
  const place = parseVersionSource(source);
  const inStore = place.inStore;
  const candidates = function* (): Generator<string> {
    if (inStore !== null) for (const root of roots) yield* storeCandidates(ctx, root, inStore);
    const local = place.localPath === null ? null : localCandidate(ctx.workspace, place.localPath);
    if (local !== null) yield local;
  };
  for (const candidate of candidates()) {
    if (fs.existsSync(candidate)) return realPathInside(ctx.workspace, candidate, ctx.diagnostics) === null ? null : candidate;
  }
  return null;
}

/**
 * Where a place can be under an artifact root: in the experiment the source names, else in any
 * experiment of the root (a `runs:/` or `models:/` source names none), deleted ones (`.trash/`)
 * last. The root is listed only when the named experiment does not hold it.
 */
function* storeCandidates(ctx: IngestContext, root: string, place: StorePlace): Generator<string> {
  if (!fs.existsSync(root)) return;
  const inExperiment = (experimentDir: string) => placeIn(experimentDir, place);
  const trash = path.join(root, '.trash');
  if (place.experimentId !== null) {
    yield inExperiment(path.join(root, place.experimentId));
    yield inExperiment(path.join(trash, place.experimentId));
  }
  for (const parent of [root, trash]) {
    if (!fs.existsSync(parent)) continue;
    for (const dir of listFolder(ctx, parent).dirs) {
      const name = path.basename(dir);
      if (name !== place.experimentId && name !== '.trash' && name !== 'models') yield inExperiment(dir);
    }
  }
}

/** A place's file or folder under an experiment's folder, in MLflow's layout. */
function placeIn(experimentDir: string, place: StorePlace): string {
  return place.kind === 'run'
    ? path.join(experimentDir, place.runId, 'artifacts', place.path)
    : path.join(experimentDir, 'models', place.modelId, 'artifacts', place.path);
}

/**
 * Where a version's artifact would be in this workspace, relative to it: the first place
 * resolveVersionArtifact looks, in the store its run was imported from. Null when the source names
 * no place in a store, or its run is not in this store (a file store or an mlflow.db's).
 */
export function expectedArtifactPath(store: Store, version: Pick<ModelVersion, 'runId' | 'artifactSource'>): string | null {
  const place = version.artifactSource === null ? null : parseVersionSource(version.artifactSource).inStore;
  const run = place && store.runs.get(place.kind === 'run' ? place.runId : (version.runId ?? ''));
  if (!place || !run || run.origin.path === null) return null;
  const roots = run.origin.source === 'mlflow' ? fileStoreArtifactRoots(run.origin.path) : run.origin.source === 'mlflow-db' ? databaseArtifactRoots(run.origin.path) : [];
  const experiment = place.experimentId ?? store.experiments.get(run.experimentId)?.origin.id;
  if (roots.length === 0 || experiment == null) return null;
  return placeIn(path.join(roots[0]!, experiment), place).split(path.sep).join('/');
}

/** A local source path that lies in the workspace; another machine's (or a drive letter off Windows) is none. */
function localCandidate(workspace: string, localPath: string): string | null {
  if (!path.isAbsolute(localPath) && /^[a-zA-Z]:/.test(localPath)) return null;
  const file = path.resolve(workspace, localPath);
  const relative = pathInside(workspace, file);
  return relative === null || relative === '' ? null : file;
}
