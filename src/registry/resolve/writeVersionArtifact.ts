import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeVerified, type WriteOutcome } from '../../artifacts/verifiedWrite';
import { UserError } from '../../core/errors';
import { GitRepo } from '../../git/repo';
import { storeDir } from '../../store/paths';
import type { Store } from '../../store/store';
import type { Registry } from '../registry';
import { copyStored, describeStored, locateArtifact, type StoredArtifact } from './storedArtifact';
import { findVersionArtifact, type VersionArtifact } from './versionArtifact';

export interface WrittenArtifact {
  /** The file or folder written (or found there already, identical): `<folder>/<the artifact's name>`. */
  file: string;
  outcome: WriteOutcome;
  stored: StoredArtifact['kind'];
  /** Where the bytes came from, in words. */
  from: string;
}

/**
 * Writes a version's artifact into `folder` (created when missing) under its own name, from
 * wherever it is stored, and only once its sha256 matches the registration's (writeVerified).
 */
export async function writeVersionArtifact(repo: GitRepo, workspace: string, artifact: VersionArtifact, folder: string, options: { replace?: boolean } = {}): Promise<WrittenArtifact> {
  const stored = await locateArtifact(repo, workspace, artifact);
  const from = describeStored(stored, repo.root);
  const name = artifact.path.split('/').at(-1)!;
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new UserError(`Cannot make the folder ${folder} to write ${name} in (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { cause: error });
  }
  const file = path.join(folder, name);
  const outcome = await writeVerified(file, { sha256: artifact.sha256, from }, (temporary) => copyStored(repo, stored, artifact.path, temporary), options.replace === true);
  return { file, outcome, stored: stored.kind, from };
}

/**
 * Where a version's artifact is kept for this workspace when no folder is named (the Python
 * client's `resolve` and the Models view's drag): `.modelledger/artifacts/<model>/<version>/`,
 * one folder per version, so that a second request only verifies it.
 */
export function keptArtifactFolder(workspace: string, model: string, version: string): string {
  return path.join(storeDir(workspace), 'artifacts', ...model.split('/'), version);
}

/** Finds the version `ref` names and writes its verified artifact into `folder`: the editor's one call. */
export async function resolveIntoFolder(
  registry: Registry,
  store: Store,
  workspace: string,
  ref: string,
  folder: (artifact: VersionArtifact) => string,
  options: { replace?: boolean } = {},
): Promise<{ artifact: VersionArtifact; written: WrittenArtifact }> {
  const artifact = await findVersionArtifact(registry, store, ref);
  const written = await writeVersionArtifact(await GitRepo.open(registry.root), workspace, artifact, folder(artifact), options);
  return { artifact, written };
}
