import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import { hashArtifact } from './hashArtifact';

export interface ExpectedArtifact {
  sha256: string;
  /** Where the bytes come from, for the words of a mismatch (`the DVC cache .dvc/cache/…`). */
  from: string;
}

export type WriteOutcome = 'written' | 'present' | 'replaced';

/** A copy whose sha256 is not the registered one: the caller may try another source. */
export class ArtifactMismatch extends UserError {
  constructor(
    readonly from: string,
    readonly got: string,
    expected: string,
    target: string,
  ) {
    super(`The artifact from ${from} has sha256 ${got}, but the version was registered with ${expected}: the stored copy is not the registered one. Nothing was written to ${target}.`);
  }
}

/**
 * Writes an artifact (file or folder) to `target` only once its sha256 is the expected one:
 * `fill` writes a temporary file or folder in a fresh folder beside the target (`.<name>.XXXXXX/`,
 * unique per call, so concurrent writes in one process never share it), which is hashed as
 * hashArtifact hashes a registration, then renamed into place. A mismatch removes the temporary
 * copy and throws ArtifactMismatch: nothing is left at the target. A target that is there already
 * and has the expected hash is kept ('present'); one that differs is refused unless `replace`,
 * and is only removed once the new copy is in its place.
 */
export async function writeVerified(target: string, expected: ExpectedArtifact, fill: (temporary: string) => Promise<void>, replace = false): Promise<WriteOutcome> {
  const existing = fs.lstatSync(target, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new UserError(`${target} is a symbolic link; it is not written through. Remove it or choose another folder.`);
  if (existing && (await hashArtifact(target)).sha256 === expected.sha256) return 'present';
  if (existing && !replace) {
    throw new UserError(`${target} exists and is not this version's artifact (sha256 differs); it is left as it is. Remove it, choose another folder, or replace it with --force.`);
  }
  const scratch = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.`));
  const temporary = path.join(scratch, path.basename(target));
  try {
    await fill(temporary);
    const got = (await hashArtifact(temporary)).sha256;
    if (got !== expected.sha256) throw new ArtifactMismatch(expected.from, got, expected.sha256, target);
    const replaced = fs.lstatSync(target, { throwIfNoEntry: false });
    if (replaced?.isDirectory()) swapFolder(temporary, target, `${temporary}.replaced`);
    else fs.renameSync(temporary, target); // a file is replaced by the rename itself
    return replaced ? 'replaced' : 'written';
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A folder cannot be renamed over: the old one is moved aside first and moved back when the new one does not go in. */
function swapFolder(temporary: string, target: string, aside: string): void {
  fs.renameSync(target, aside);
  try {
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.renameSync(aside, target);
    throw error;
  }
}
