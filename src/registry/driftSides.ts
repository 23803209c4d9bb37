import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DriftSide } from '../core/drift/types';
import { UserError } from '../core/errors';
import { pathInside } from '../core/pathInside';
import { sideFromProfile } from '../core/profile/sideFromProfile';
import type { TagDataset } from '../core/tagMessage';
import { formatVersionRef, parseVersionRef, resolveVersionRef } from '../core/versionRef';
import { loadProfile, profilePath } from '../data/profileFiles';
import { sideFromFile } from '../data/sideFromFile';
import type { Registry } from './registry';

const SHA256 = /^[0-9a-f]{64}$/;

/** What a drift reference names: a data file, a stored profile, or a version's training data. */
export type ReferenceKind = 'file' | 'profile' | 'version';

/**
 * How a reference of the CLI or the extension reads: an existing file (relative to `base`),
 * 64 hex digits (a stored profile), else a version (`churn@v3.1.0`, `churn#prod`, `churn@latest`).
 */
export function referenceKind(text: string, base: string): ReferenceKind {
  if (fs.existsSync(path.resolve(base, text))) return 'file';
  if (SHA256.test(text)) return 'profile';
  return 'version';
}

/** One side of a check from a data file: read whole, so exact. */
export function fileSide(file: string, base: string, workspace: string): Promise<DriftSide> {
  const absolute = path.resolve(base, file);
  return sideFromFile(absolute, labelOf(absolute, workspace));
}

/** One side from a stored profile (exact where it kept every value, else its sample). */
export function profileSide(workspace: string, sha256: string, label = `profile ${sha256.slice(0, 12)}`): DriftSide {
  return sideFromProfile(loadProfile(workspace, sha256), { label, sha256 });
}

/**
 * The training data of a version: its stored profile, or (in a clone without that profile) the
 * data file itself when the working tree still holds the bytes that were registered.
 */
export async function versionSide(registry: Registry, workspace: string, refText: string): Promise<DriftSide> {
  const ref = parseVersionRef(refText);
  await registry.scan();
  const model = registry.model(ref.model);
  if (!model) throw new UserError(`No model named ${ref.model} in the registry.`);
  const version = resolveVersionRef(model, ref);
  const label = ref.kind === 'version' ? formatVersionRef(ref) : `${formatVersionRef(ref)} (${version.version})`;
  const training = (version.metadata?.data ?? []).filter((d) => d.role === 'training');
  if (training.length === 0) {
    throw new UserError(`${ref.model} ${version.version} records no training data; register it with --data PATH, or check against a file with --reference PATH.`);
  }
  const withProfile = training.find((d) => d.profile !== null && fs.existsSync(profilePath(workspace, d.profile)));
  if (withProfile) return profileSide(workspace, withProfile.profile!, label);
  const side = await unchangedDataFile(registry.root, training, label);
  if (side) return side;
  const named = training.map((d) => d.path).join(', ');
  throw new UserError(
    `The training data of ${ref.model} ${version.version} (${named}) has no stored profile in ${path.join(workspace, '.modelledger', 'profiles')} and is not in the working tree as registered; fetch the profiles with git, or check against a file with --reference PATH.`,
  );
}

/** The first training file still in the repository with the sha256 it was registered with, read. */
async function unchangedDataFile(root: string, data: readonly TagDataset[], label: string): Promise<DriftSide | null> {
  for (const d of data) {
    if (d.sha256 === null || path.isAbsolute(d.path) || /^[a-z][a-z0-9+.-]*:/i.test(d.path)) continue;
    const file = path.join(root, d.path);
    if (pathInside(root, file) === null || !fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    const side = await sideFromFile(file, label);
    if (side.sha256 === d.sha256) return side;
  }
  return null;
}

/** A file's label in reports: relative to the workspace when inside it. */
function labelOf(file: string, workspace: string): string {
  const relative = pathInside(workspace, file);
  return relative === null ? file : relative.split(path.sep).join('/');
}
