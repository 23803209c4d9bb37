import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeVerified, type WriteOutcome } from '../../artifacts/verifiedWrite';
import { UserError } from '../../core/errors';
import type { GitRepo } from '../../git/repo';
import { copyStored, describeStored, locateArtifact, type StoredArtifact } from './storedArtifact';
import type { VersionArtifact } from './versionArtifact';

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
