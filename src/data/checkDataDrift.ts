import { checkDrift } from '../core/drift/check';
import type { DriftOptions } from '../core/drift/options';
import type { DriftReport } from '../core/drift/types';
import { sideOfReference, type DataReference } from './dataReference';

/** Reads both sides (at once: a profile and a file, or two files) and checks the current data against the reference. */
export async function checkDataDrift(workspace: string, reference: DataReference, current: DataReference, options: DriftOptions = {}): Promise<DriftReport> {
  const [referenceSide, currentSide] = await Promise.all([sideOfReference(workspace, reference), sideOfReference(workspace, current)]);
  return checkDrift(referenceSide, currentSide, options);
}
