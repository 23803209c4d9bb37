import { ProfileBuilder } from '../core/profile/profileBuilder';
import type { DataProfile } from '../core/profile/types';
import { readTable } from './readTable';

/**
 * The profile of a data file, read in one streaming pass in bounded memory (the sha256 of its
 * bytes computed on the way). `label` is the path recorded in the profile: the path relative to
 * the workspace, so that the same data gives the same profile on every clone.
 */
export async function profileFile(file: string, label: string = file): Promise<DataProfile> {
  const read = await readTable(file, (columns) => new ProfileBuilder(columns));
  return read.sink.finish({ path: label, sha256: read.sha256, bytes: read.bytes, format: read.format });
}
