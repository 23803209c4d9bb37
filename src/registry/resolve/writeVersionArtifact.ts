import * as fs from 'node:fs';
import * as path from 'node:path';
import { MissingCacheObject } from '../../artifacts/dvcCache';
import { ArtifactMismatch, writeVerified, type WriteOutcome } from '../../artifacts/verifiedWrite';
import { UserError } from '../../core/errors';
import { GitRepo } from '../../git/repo';
import { storeDir } from '../../store/paths';
import type { Store } from '../../store/store';
import type { Registry } from '../registry';
import { assertOutsideSources, copyStored, describeStored, locateArtifact, type StoredArtifact } from './storedArtifact';
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
 * Writes a version's artifact into `folder` (created when missing) under its own name, from the
 * first place that holds the registered bytes (writeVerified checks each): a place whose copy
 * differs, or whose DVC cache lacks the object, gives way to the next; when none holds them the
 * error names each place and what it found.
 */
export async function writeVersionArtifact(repo: GitRepo, workspace: string, artifact: VersionArtifact, folder: string, options: { replace?: boolean } = {}): Promise<WrittenArtifact> {
  const places = await locateArtifact(repo, workspace, artifact);
  const name = artifact.path.split('/').at(-1)!;
  const file = path.join(folder, name);
  // findVersionArtifact normalizes the path; this guards the one thing a bad name would cost: the folder itself.
  if (name === '' || name === '.' || name === '..' || path.resolve(file) === path.resolve(folder)) {
    throw new UserError(`${artifact.model} ${artifact.version} records the artifact path "${artifact.path}", which names no file; nothing was written to ${folder}.`);
  }
  assertOutsideSources(places, folder);
  let made: string | undefined;
  try {
    made = fs.mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new UserError(`Cannot make the folder ${folder} to write ${name} in (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { cause: error });
  }
  try {
    return await writeFromFirst(repo, artifact, places, file, options.replace === true);
  } catch (error) {
    if (made !== undefined) removeEmptyFolders(path.resolve(folder), made);
    throw error;
  }
}

/** The folders made for a write that did not happen go again (an empty one only: another write may have filled it meanwhile). */
function removeEmptyFolders(folder: string, upTo: string): void {
  for (let at = folder; at.startsWith(upTo); at = path.dirname(at)) {
    try {
      fs.rmdirSync(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST') return;
      throw error;
    }
    if (at === upTo) return;
  }
}

async function writeFromFirst(repo: GitRepo, artifact: VersionArtifact, places: readonly StoredArtifact[], file: string, replace: boolean): Promise<WrittenArtifact> {
  const failures: string[] = [];
  for (const stored of places) {
    const from = describeStored(stored, repo.root);
    try {
      const outcome = await writeVerified(file, { sha256: artifact.sha256, from }, (temporary) => copyStored(repo, stored, artifact.path, temporary), replace);
      return { file, outcome, stored: stored.kind, from };
    } catch (error) {
      if (places.length === 1) throw error;
      if (error instanceof ArtifactMismatch) failures.push(`${from} has sha256 ${error.got}`);
      else if (error instanceof MissingCacheObject) failures.push(error.message);
      else throw error;
    }
  }
  throw new UserError(
    `No place that keeps ${artifact.model} ${artifact.version}'s artifact holds the registered copy (sha256 ${artifact.sha256}): ${failures.join('; ')}. Nothing was written to ${file}.`,
  );
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
