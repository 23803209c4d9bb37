import * as path from 'node:path';
import type { DriftSide } from '../core/drift/types';
import { UserError } from '../core/errors';
import { pathInside } from '../core/pathInside';
import { sideFromProfile } from '../core/profile/sideFromProfile';
import { loadProfile } from './profileFiles';
import { sideFromFile } from './sideFromFile';

/**
 * What one side of a drift check is read from: a data file (read whole, so exact), or a stored
 * profile. A file named by a version's registration carries the sha256 it must still have.
 */
export type DataReference =
  | { kind: 'file'; path: string; label: string; sha256: string | null }
  | { kind: 'profile'; sha256: string; label: string };

export const SHA256_TEXT = /^[0-9a-f]{64}$/;

export async function sideOfReference(workspace: string, reference: DataReference): Promise<DriftSide> {
  if (reference.kind === 'profile') return sideFromProfile(loadProfile(workspace, reference.sha256), { label: reference.label, sha256: reference.sha256 });
  const side = await sideFromFile(reference.path, reference.label);
  if (reference.sha256 !== null && side.sha256 !== reference.sha256) {
    throw new UserError(`${reference.path} changed since it was registered as ${reference.label}'s data (sha256 ${reference.sha256.slice(0, 12)}…, now ${side.sha256?.slice(0, 12)}…).`);
  }
  return side;
}

/** A data file as a reference, labelled by its path in the workspace when it is inside. */
export function fileReference(file: string, workspace: string): DataReference {
  return { kind: 'file', path: file, label: workspaceLabel(file, workspace), sha256: null };
}

/** A file's path relative to the workspace (with /) when inside it, else as it is: what reports and profiles record. */
export function workspaceLabel(file: string, workspace: string): string {
  const relative = pathInside(workspace, file);
  return relative === null ? file : relative.split(path.sep).join('/');
}
