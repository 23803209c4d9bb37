import type { GitRepo } from './repo';

/** Whether git is set up to sign tags here (user.signingkey), and how, in words. */
export async function signingSetup(repo: GitRepo): Promise<{ ok: boolean; detail: string }> {
  const key = await configValue(repo, 'user.signingkey');
  const format = (await configValue(repo, 'gpg.format')) ?? 'openpgp';
  if (key === null) {
    return { ok: false, detail: 'git has no signing key (user.signingkey): set one, e.g. git config gpg.format ssh and git config user.signingkey ~/.ssh/id_ed25519.pub' };
  }
  if (format === 'ssh' && (await configValue(repo, 'gpg.ssh.allowedSignersFile')) === null) {
    return { ok: false, detail: 'SSH signing is set up, but git cannot verify SSH signatures without gpg.ssh.allowedSignersFile: set it to a file listing the allowed signers' };
  }
  return { ok: true, detail: `the stage tag will be signed (${format} key ${shortKey(key)}) and verified before it is kept` };
}

async function configValue(repo: GitRepo, name: string): Promise<string | null> {
  // `git config --get` exits 1 when the key is not set: that is an answer, not a failure.
  const out = await repo.git.raw(['config', '--default', '', '--get', name]);
  const value = out.trim();
  return value === '' ? null : value;
}

function shortKey(key: string): string {
  return key.length > 48 ? `${key.slice(0, 24)}…${key.slice(-16)}` : key;
}
