import * as path from 'node:path';
import type { ArtifactRoot } from '../core/artifacts/types';
import type { Artifact } from '../core/types';
import type { Store } from '../store/store';
import { listArtifactRoot, type KnownArtifact, type ListedRoot } from './artifactTree';

/** A run's artifact folders, each listed, and what the run recorded that none of them holds. */
export interface RunArtifactTree {
  roots: ArtifactRoot[];
  listed: ListedRoot[];
  /** Recorded artifacts in no root here: a URI, a path outside the workspace, a file not pulled, an MLflow 3 logged model's folder. */
  elsewhere: Artifact[];
}

/** Lists every artifact folder of a run (`roots`: runArtifactRoots), with the sizes and hashes the store recorded for its files. */
export async function listRunArtifacts(workspace: string, store: Store, runId: string, roots: ArtifactRoot[]): Promise<RunArtifactTree> {
  const recorded = store.runs.artifacts(runId);
  const listed = await Promise.all(roots.map((root) => listArtifactRoot(root, knownArtifacts(workspace, root, recorded))));
  return { roots, listed, elsewhere: notInRoots(workspace, roots, listed, recorded) };
}

/** A recorded artifact's path in `root`: MLflow records paths relative to its artifact folder, the others relative to the workspace. */
function pathInRoot(workspace: string, root: ArtifactRoot, recorded: string): string {
  return root.layout === 'mlflow' ? recorded : path.relative(root.dir, path.resolve(workspace, recorded)).split(path.sep).join('/');
}

/** What the store recorded of files of `root`, by path in it. */
function knownArtifacts(workspace: string, root: ArtifactRoot, recorded: readonly Artifact[]): Map<string, KnownArtifact> {
  const known = new Map<string, KnownArtifact>();
  for (const artifact of recorded) known.set(pathInRoot(workspace, root, artifact.path), { size: artifact.size, sha256: artifact.sha256 });
  return known;
}

function notInRoots(workspace: string, roots: readonly ArtifactRoot[], listed: readonly ListedRoot[], recorded: readonly Artifact[]): Artifact[] {
  const listedPaths = listed.map((l) => new Set(l.entries.map((e) => e.path)));
  return recorded.filter((a) => !roots.some((root, i) => listedPaths[i]!.has(pathInRoot(workspace, root, a.path))));
}
