// Real git repositories in temporary folders for the registry tests, isolated from the
// machine's git configuration (no system or global config, no prompts, no signing).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../../../src/registry/registry';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';

const isolation = tempDir('git-home-');
process.env.GIT_CONFIG_NOSYSTEM = '1';
process.env.GIT_CONFIG_GLOBAL = path.join(isolation, 'gitconfig');
process.env.HOME = isolation;
process.env.GIT_TERMINAL_PROMPT = '0';
for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_AUTHOR_DATE', 'GIT_COMMITTER_DATE', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) {
  delete process.env[name];
}

export const USER = { name: 'Ada Lovelace', email: 'ada@example.com' };
export const ACTOR = `${USER.name} <${USER.email}>`;

/** Runs git in `cwd` and returns its trimmed output; throws with git's stderr on failure. */
export function git(cwd: string, args: string[], env: Record<string, string> = {}): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function configureUser(dir: string, user = USER): void {
  git(dir, ['config', 'user.name', user.name]);
  git(dir, ['config', 'user.email', user.email]);
  git(dir, ['config', 'commit.gpgsign', 'false']);
  git(dir, ['config', 'tag.gpgsign', 'false']);
}

/** A repository on branch main with one commit (train.py) and models/ ignored. */
export function makeRepo(prefix = 'registry-'): string {
  const dir = tempDir(prefix);
  git(dir, ['init', '-q', '-b', 'main']);
  configureUser(dir);
  write(dir, 'train.py', 'print("training")\n');
  write(dir, '.gitignore', 'models/\n');
  git(dir, ['add', '.']);
  git(dir, ['commit', '-q', '-m', 'Training script']);
  return dir;
}

export function write(dir: string, rel: string, content: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Commits `rel` with `content`; returns the new commit. */
export function commit(dir: string, rel: string, content: string, message = `Change ${rel}`, env: Record<string, string> = {}): string {
  write(dir, rel, content);
  git(dir, ['add', '--', rel]);
  git(dir, ['commit', '-q', '-m', message], env);
  return git(dir, ['rev-parse', 'HEAD']);
}

export function tags(dir: string): string[] {
  const out = git(dir, ['tag', '--list']);
  return out === '' ? [] : out.split('\n').sort();
}

/** A store of its own (in the repository's .modelledger/) and the registry over both. */
export async function openRegistry(dir: string, options: { stages?: string[] } = {}): Promise<{ store: Store; registry: Registry }> {
  const store = Store.open(dir);
  return { store, registry: await Registry.open(dir, store, options) };
}

/** A model file under models/ (ignored by git, as real model files usually are). */
export function modelFile(dir: string, name = 'models/churn.pkl', content = 'weights v1\n'): string {
  return write(dir, name, content);
}
