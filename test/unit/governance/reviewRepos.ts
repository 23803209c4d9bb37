// Real repositories for the review tests: a registered version, teammates with their own git
// identity, throwaway SSH signing keys and a bare remote.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitRepo } from '../../../src/git/repo';
import { tempDir } from '../helpers/temp';
import { configureUser, git, makeRepo, modelFile, openRegistry } from '../registry/gitRepos';

export const LEAD = { name: 'Grace Lead', email: 'lead@example.com' };
export const MALLORY = { name: 'Mallory', email: 'mallory@example.com' };

/** A repository with churn v0.0.1 registered by Ada (the default identity). */
export async function registeredRepo(): Promise<string> {
  const dir = makeRepo('reviews-');
  modelFile(dir);
  const { store, registry } = await openRegistry(dir);
  await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
  store.close();
  return dir;
}

export function open(dir: string): Promise<GitRepo> {
  return GitRepo.open(dir);
}

/** A bare remote `origin` holding `dir`'s main branch, and a clone of it as `user`. */
export function remoteAndClone(dir: string, user: { name: string; email: string }): { bare: string; clone: string } {
  const bare = path.join(tempDir('reviews-bare-'), 'remote.git');
  git(path.dirname(bare), ['init', '-q', '--bare', bare]);
  git(dir, ['remote', 'add', 'origin', bare]);
  git(dir, ['push', '-q', 'origin', 'main']);
  const clone = path.join(tempDir('reviews-clone-'), 'repo');
  git(path.dirname(clone), ['clone', '-q', bare, clone]);
  configureUser(clone, user);
  return { bare, clone };
}

/** A throwaway ed25519 key; returns its private key file and its public key line. */
export function sshKey(comment: string): { key: string; pub: string } {
  const key = path.join(tempDir('reviews-key-'), 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', key], { stdio: 'ignore' });
  return { key, pub: fs.readFileSync(`${key}.pub`, 'utf8').trim() };
}

/** Signs with `key` (SSH) and trusts the principals of `allowed` ("email publickey" lines). */
export function configureSigning(dir: string, key: string, allowed: { principal: string; pub: string }[]): void {
  const file = path.join(tempDir('reviews-signers-'), 'allowed_signers');
  fs.writeFileSync(file, allowed.map((a) => `${a.principal} ${a.pub}\n`).join(''));
  git(dir, ['config', 'gpg.format', 'ssh']);
  git(dir, ['config', 'user.signingkey', key]);
  git(dir, ['config', 'gpg.ssh.allowedSignersFile', file]);
}
