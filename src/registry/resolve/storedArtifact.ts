import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedFiles, dvcCacheDir, type CachedFile } from '../../artifacts/dvcCache';
import { resolveInside } from '../../artifacts/safePath';
import { dvcFileOuts, dvcLockOuts, dvcMetafileCandidates, outHolding, type DvcOut } from '../../core/artifacts/dvcOuts';
import { UserError } from '../../core/errors';
import { blobBytes, filesAt, type CommitFile } from '../../git/commitTree';
import type { GitRepo } from '../../git/repo';
import type { VersionArtifact } from './versionArtifact';

/** Where a version's artifact can be read from on this machine. */
export type StoredArtifact =
  /** Committed at the version's commit. */
  | { kind: 'git'; commit: string; files: CommitFile[] }
  /** Tracked by DVC at the version's commit (a `.dvc` file or a `dvc.lock` out), its bytes in the cache. */
  | { kind: 'dvc'; out: DvcOut; cacheDir: string; files: CachedFile[] }
  /** An MLflow version's copy in the workspace's MLflow store (mlruns/, mlartifacts/). */
  | { kind: 'mlflow'; file: string }
  /** Neither committed nor DVC-tracked (an ignored model file): the working tree's copy, which the hash check vouches for. */
  | { kind: 'workspace'; file: string };

/**
 * Where to read `artifact` from: the version's commit, DVC's cache as that commit's metafiles
 * name it, the MLflow store, or the working tree (in that order). Every path is resolved inside
 * the repository, the workspace or the cache; a symbolic link or submodule in the commit is refused.
 */
export async function locateArtifact(repo: GitRepo, workspace: string, artifact: VersionArtifact): Promise<StoredArtifact> {
  if (artifact.registry === 'mlflow') return { kind: 'mlflow', file: resolveInside(workspace, artifact.path) };
  const commit = artifact.commit!;
  const files = await filesAt(repo, commit, artifact.path);
  if (files.length > 0) {
    for (const file of files) assertPlainFile(file, commit);
    return { kind: 'git', commit, files };
  }
  const tracked = await dvcOutAt(repo, commit, artifact.path);
  if (tracked !== null) {
    const cacheDir = dvcCacheDir(repo.root);
    return { kind: 'dvc', out: tracked.out, cacheDir, files: cachedFiles(cacheDir, tracked.out, tracked.inside) };
  }
  if (fs.existsSync(path.join(repo.root, artifact.path))) return { kind: 'workspace', file: resolveInside(repo.root, artifact.path) };
  throw new UserError(
    `${artifact.path} of ${artifact.model} ${artifact.version} is not in commit ${commit.slice(0, 12)}, not tracked by DVC there (no .dvc file or dvc.lock out names it) and not in the working tree: there is nothing to resolve it from.`,
  );
}

/** Words for where the bytes came from. */
export function describeStored(stored: StoredArtifact, repoRoot: string): string {
  switch (stored.kind) {
    case 'git':
      return `git (commit ${stored.commit.slice(0, 12)})`;
    case 'dvc':
      return `the DVC cache ${path.relative(repoRoot, stored.cacheDir) || stored.cacheDir} (${stored.out.recordedIn}, md5 ${stored.out.md5})`;
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
      for (const file of stored.files) writeFile(path.join(destination, file.rel), fs.readFileSync(file.object), 0o644);
      return;
    case 'mlflow':
    case 'workspace':
      copyInside(stored.file, '', destination);
      return;
  }
}

function writeFile(file: string, bytes: Buffer, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes, { mode });
}

/** Copies a file or folder whose every entry, links followed, must stay inside `root`. */
function copyInside(root: string, rel: string, destination: string): void {
  const real = rel === '' ? root : resolveInside(root, rel);
  if (!fs.statSync(real).isDirectory()) {
    fs.copyFileSync(real, destination);
    return;
  }
  fs.mkdirSync(destination, { recursive: true });
  for (const name of fs.readdirSync(real)) copyInside(root, rel === '' ? name : `${rel}/${name}`, path.join(destination, name));
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
    const held = text === null ? null : outHolding(dvcLockOuts(text, file), artifact);
    if (held !== null) return held;
  }
  return null;
}
