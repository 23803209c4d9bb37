import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GitRepo } from './repo';

/**
 * What signature checks are made against, in one string that changes when it does: the
 * signature format and the SSH allowed signers file with its size and last change. (An OpenPGP
 * keyring's changes are not in it: GnuPG's trust is its own.)
 */
export async function signingTrust(repo: GitRepo): Promise<string> {
  // --list rather than --get: it exits 0 when nothing is set.
  const out = (await repo.git.raw(['config', '--list']))
    .split('\n')
    .filter((line) => /^gpg\.(format|ssh\.allowedsignersfile)=/i.test(line))
    .join('\n');
  const file = /^gpg\.ssh\.allowedsignersfile=(.*)$/im.exec(out)?.[1];
  if (file === undefined) return out;
  const resolved = file.startsWith('~/') ? path.join(process.env.HOME ?? '', file.slice(2)) : path.resolve(repo.root, file);
  const stat = fs.statSync(resolved, { throwIfNoEntry: false });
  return `${out}\0${stat ? `${stat.size}:${stat.mtimeMs}` : 'missing'}`;
}
