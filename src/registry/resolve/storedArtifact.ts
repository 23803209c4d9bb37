import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedFiles } from '../../artifacts/dvcCache';
import { dvcCacheSetting, type DvcCacheSetting } from '../../artifacts/dvcConfig';
import { artifactFilesSync } from '../../artifacts/hashArtifact';
import { realPathOfMaybeMissing, resolveInside } from '../../artifacts/safePath';
import { dvcFileOuts, dvcLockOuts, dvcMetafileCandidates, outHolding, type DvcOut } from '../../core/artifacts/dvcOuts';
import { UserError } from '../../core/errors';
import { pathInside } from '../../core/pathInside';
import { blobBytes, filesAt, type CommitFile } from '../../git/commitTree';
import type { GitRepo } from '../../git/repo';
import type { VersionArtifact } from './versionArtifact';

/** Where a version's artifact can be read from on this machine. */
export type StoredArtifact =
  /** Committed at the version's commit. */
  | { kind: 'git'; commit: string; files: CommitFile[] }
  /** Tracked by DVC at the version's commit (a `.dvc` file or a `dvc.lock` out), its bytes in the cache (looked up when copied). */
  | { kind: 'dvc'; out: DvcOut; inside: string; cache: DvcCacheSetting }
  /** An MLflow version's copy in the workspace's MLflow store (mlruns/, mlartifacts/). */
  | { kind: 'mlflow'; /** Real path (resolveInside). */ file: string }
  /** Neither committed nor DVC-tracked (an ignored model file): the working tree's copy, which the hash check vouches for. */
  | { kind: 'workspace'; file: string };

/**
 * Every place `artifact` can be read from, in the order to try them: the version's commit, DVC's
 * cache as that commit's metafiles name it, then the working tree (a committed folder may hold
 * git-ignored files, a cache may lack an object); an MLflow version's store alone. Every path is
 * resolved inside the repository, the workspace or the cache; a symbolic link or submodule in the
 * commit is refused. None at all is a UserError saying where it looked.
 */
export async function locateArtifact(repo: GitRepo, workspace: string, artifact: VersionArtifact): Promise<StoredArtifact[]> {
  if (artifact.registry === 'mlflow') return [{ kind: 'mlflow', file: resolveInside(workspace, artifact.path) }];
  const commit = artifact.commit!;
  const places: StoredArtifact[] = [];
  const files = await filesAt(repo, commit, artifact.path);
  for (const file of files) assertPlainFile(file, commit);
  if (files.length > 0) places.push({ kind: 'git', commit, files });
  const tracked = await dvcOutAt(repo, commit, artifact.path);
  if (tracked !== null) places.push({ kind: 'dvc', out: tracked.out, inside: tracked.inside, cache: dvcCacheSetting(repo.root) });
  if (fs.existsSync(path.join(repo.root, artifact.path))) places.push({ kind: 'workspace', file: resolveInside(repo.root, artifact.path) });
  if (places.length > 0) return places;
  const { dvcFiles, lockFiles } = dvcMetafileCandidates(artifact.path);
  throw new UserError(
    `${artifact.path} of ${artifact.model} ${artifact.version} is not in commit ${commit.slice(0, 12)}, not tracked by DVC there (no .dvc file or dvc.lock out names it; looked in ${[...dvcFiles, ...lockFiles].join(', ')}: a dvc.lock is searched for in the artifact's folder and those above, not below) and not in the working tree: there is nothing to resolve it from.`,
  );
}

/**
 * A destination inside a folder that is copied from (the workspace's or the MLflow store's) would
 * copy the copy into itself; it is refused before anything is written.
 */
export function assertOutsideSources(places: readonly StoredArtifact[], destination: string): void {
  for (const place of places) {
    if (place.kind !== 'workspace' && place.kind !== 'mlflow') continue;
    // resolveInside made place.file a real path.
    const source = place.file;
    if (pathInside(source, realPathOfMaybeMissing(destination)) !== null) {
      throw new UserError(`The destination ${destination} is inside ${source}, the artifact it would be copied from; choose a folder outside it.`);
    }
  }
}

/** Words for where the bytes came from. */
export function describeStored(stored: StoredArtifact, repoRoot: string): string {
  switch (stored.kind) {
    case 'git':
      return `git (commit ${stored.commit.slice(0, 12)})`;
    case 'dvc':
      return `the DVC cache ${pathInside(repoRoot, stored.cache.dir) || stored.cache.dir} (${stored.out.recordedIn}, md5 ${stored.out.md5})`;
    case 'mlflow':
      return `the MLflow store (${stored.file})`;
    case 'workspace':
      return `the working tree (${stored.file})`;
  }
}

/** Writes the stored artifact to `destination` (a file, or a folder of its files). */
export async function copyStored(repo: GitRepo, stored: StoredArtifact, artifactPath: string, destination: string): Promise<void> {
  switch (stored.kind) {
    case 'git': {
      for (const file of stored.files) {
        const rel = file.path === artifactPath ? '' : file.path.slice(artifactPath.length + 1);
        writeFile(path.join(destination, rel), await blobBytes(repo, file.oid), file.mode === '100755' ? 0o755 : 0o644);
      }
      return;
    }
    case 'dvc':
      // Cache objects are read-only (DVC protects them); the copy is the user's to change.
      for (const file of cachedFiles(stored.cache, stored.out, stored.inside)) writeFile(path.join(destination, file.rel), fs.readFileSync(file.object), 0o644);
      return;
    case 'mlflow':
    case 'workspace':
      copyInside(stored.file, destination);
      return;
  }
}

function writeFile(file: string, bytes: Buffer, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes, { mode });
}

/**
 * Copies a file or folder whose every file, links followed, must stay inside `root`: the files
 * the hash lists (artifactFilesSync), so that the copy holds what the hash covers, no more.
 */
function copyInside(root: string, destination: string): void {
  if (!fs.statSync(root).isDirectory()) {
    fs.copyFileSync(root, destination);
    return;
  }
  fs.mkdirSync(destination, { recursive: true });
  for (const rel of artifactFilesSync(root)) {
    const target = path.join(destination, rel);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(resolveInside(root, rel), target);
  }
}

/** A committed symbolic link or submodule holds no artifact bytes; it is refused with its path. */
function assertPlainFile(file: CommitFile, commit: string): void {
  if (file.mode === '100644' || file.mode === '100755') return;
  const what = file.mode === '120000' ? 'a symbolic link' : file.mode === '160000' ? 'a submodule' : `of mode ${file.mode}`;
  throw new UserError(`${file.path} at commit ${commit.slice(0, 12)} is ${what}; it is not followed.`);
}

/** The DVC out that holds `artifact` at `commit`: a `.dvc` file first (it names one path), then `dvc.lock` files, nearest first. */
async function dvcOutAt(repo: GitRepo, commit: string, artifact: string): Promise<{ out: DvcOut; inside: string } | null> {
  const { dvcFiles, lockFiles } = dvcMetafileCandidates(artifact);
  for (const file of dvcFiles) {
    const text = await repo.fileAt(commit, file);
    const held = text === null ? null : outHolding(dvcFileOuts(text, file), artifact);
    if (held !== null) return held;
  }
  for (const file of lockFiles) {
    const text = await repo.fileAt(commit, file);
    const yaml = text === null ? null : await repo.fileAt(commit, file.replace(/dvc\.lock$/, 'dvc.yaml'));
    const held = text === null ? null : outHolding(dvcLockOuts(text, file, yaml), artifact);
    if (held !== null) return held;
  }
  return null;
}
