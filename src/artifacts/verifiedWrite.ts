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

/**
 * Writes an artifact (file or folder) to `target` only once its sha256 is the expected one:
 * `fill` writes a temporary file or folder beside the target, which is hashed as
 * hashArtifact hashes a registration, then renamed into place. A mismatch removes the temporary
 * copy and throws: nothing is left at the target. A target that is there already and has the
 * expected hash is kept ('present'); one that differs is refused unless `replace`.
 */
export async function writeVerified(target: string, expected: ExpectedArtifact, fill: (temporary: string) => Promise<void>, replace = false): Promise<WriteOutcome> {
  const existing = fs.lstatSync(target, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink()) throw new UserError(`${target} is a symbolic link; it is not written through. Remove it or choose another folder.`);
  if (existing && (await hashArtifact(target)).sha256 === expected.sha256) return 'present';
  if (existing && !replace) {
    throw new UserError(`${target} exists and is not this version's artifact (sha256 differs); it is left as it is. Remove it, choose another folder, or replace it with --force.`);
  }
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.partial`);
  fs.rmSync(temporary, { recursive: true, force: true });
  try {
    await fill(temporary);
    const got = (await hashArtifact(temporary)).sha256;
    if (got !== expected.sha256) {
      throw new UserError(
        `The artifact from ${expected.from} has sha256 ${got}, but the version was registered with ${expected.sha256}: the stored copy is not the registered one. Nothing was written to ${target}.`,
      );
    }
    if (existing) fs.rmSync(target, { recursive: true });
    fs.renameSync(temporary, target);
    return existing ? 'replaced' : 'written';
  } finally {
    fs.rmSync(temporary, { recursive: true, force: true });
  }
}
