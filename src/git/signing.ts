import type { GitRepo } from './repo';

/** Whether git is set up to sign tags here (user.signingkey), and how, in words. */
export async function signingSetup(repo: GitRepo): Promise<{ ok: boolean; detail: string }> {
  const config = await signingConfig(repo);
  const key = config.get('user.signingkey') ?? null;
  const format = config.get('gpg.format') ?? 'openpgp';
  if (key === null) {
    return { ok: false, detail: 'git has no signing key (user.signingkey): set one, e.g. git config gpg.format ssh and git config user.signingkey ~/.ssh/id_ed25519.pub' };
  }
  if (format === 'ssh' && !config.has('gpg.ssh.allowedsignersfile')) {
    return { ok: false, detail: 'SSH signing is set up, but git cannot verify SSH signatures without gpg.ssh.allowedSignersFile: set it to a file listing the allowed signers' };
  }
  return { ok: true, detail: `the stage tag will be signed (${format} key ${shortKey(key)}) and verified before it is kept` };
}

/** The signing keys of git's configuration (names lower-cased, as git reports them), in one `git config` call. */
async function signingConfig(repo: GitRepo): Promise<Map<string, string>> {
  // --get-regexp exits 1 when nothing matches: no signing set-up is an answer, not a failure.
  let out: string;
  try {
    out = await repo.git.raw(['config', '-z', '--get-regexp', '^(user\\.signingkey|gpg\\.format|gpg\\.ssh\\.allowedsignersfile)$']);
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode === 1) return new Map();
    throw error;
  }
  const values = new Map<string, string>();
  for (const entry of out.split('\0')) {
    const newline = entry.indexOf('\n');
    if (newline > 0 && entry.slice(newline + 1).trim() !== '') values.set(entry.slice(0, newline), entry.slice(newline + 1).trim());
  }
  return values;
}

function shortKey(key: string): string {
  return key.length > 48 ? `${key.slice(0, 24)}…${key.slice(-16)}` : key;
}
