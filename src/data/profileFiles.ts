import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomically } from '../artifacts/atomicFile';
import { errorMessage, UserError } from '../core/errors';
import { fileErrorCode } from '../core/fileErrors';
import { parseProfile } from '../core/profile/profileShape';
import type { DataProfile } from '../core/profile/types';

/** `<workspace>/.modelledger/profiles/`: profiles by the sha256 of their JSON bytes. */
export function profilesDir(workspace: string): string {
  return path.join(workspace, '.modelledger', 'profiles');
}

export function profilePath(workspace: string, sha256: string): string {
  return path.join(profilesDir(workspace), `${sha256}.json`);
}

/** The bytes a profile is stored as; its address is their sha256. */
export function profileBytes(profile: DataProfile): string {
  return JSON.stringify(profile);
}

export interface SavedProfile {
  sha256: string;
  path: string;
  bytes: number;
}

/**
 * Stores a profile content-addressed (written through a temporary file and a rename, so a
 * killed process never leaves half a profile). The same profile saved twice is one file.
 */
export function saveProfile(workspace: string, profile: DataProfile): SavedProfile {
  const text = profileBytes(profile);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const file = profilePath(workspace, sha256);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) writeFileAtomically(file, text);
  return { sha256, path: file, bytes: Buffer.byteLength(text) };
}

/**
 * The stored profile of that sha256, checked: a missing profile, one whose bytes no longer hash
 * to its name, or one that is not a profile's shape is a UserError that says which and where.
 */
export function loadProfile(workspace: string, sha256: string): DataProfile {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new UserError(`"${sha256}" is not a profile's sha256 (64 lowercase hex digits).`);
  const file = profilePath(workspace, sha256);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (fileErrorCode(error) === 'ENOENT') throw new UserError(`No profile ${sha256} in ${profilesDir(workspace)}; profile the data again with "model-ledger profile PATH --save".`);
    throw error;
  }
  const damaged = (what: string) => new UserError(`The profile ${file} is damaged: ${what}; delete it and profile the data again with "model-ledger profile PATH --save".`);
  if (createHash('sha256').update(text).digest('hex') !== sha256) throw damaged('its bytes no longer match its sha256');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw damaged(`it is not JSON (${errorMessage(error)})`);
  }
  try {
    return parseProfile(value);
  } catch (error) {
    throw damaged(errorMessage(error));
  }
}
