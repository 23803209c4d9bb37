import { checkDrift } from '../core/drift/check';
import type { DriftOptions } from '../core/drift/options';
import type { DriftReport } from '../core/drift/types';
import { UserError } from '../core/errors';
import { sideOfReference, type DataReference } from './dataReference';

/** Reads both sides (at once: a profile and a file, or two files) and checks the current data against the reference. */
export async function checkDataDrift(workspace: string, reference: DataReference, current: DataReference, options: DriftOptions = {}): Promise<DriftReport> {
  const [referenceSide, currentSide] = await Promise.all([sideOfReference(workspace, reference), sideOfReference(workspace, current)]);
  // A file with a header and no rows says nothing about the data: an error, not a report of "no drift".
  for (const side of [referenceSide, currentSide]) {
    if (side.rows === 0) throw new UserError(`${side.label} has no rows of data: nothing to check.`);
  }
  return checkDrift(referenceSide, currentSide, options);
}
