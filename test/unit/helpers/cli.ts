import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from './temp';

export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Run as this user and group (the caller must be root). */
  user?: { uid: number; gid: number };
  /** A command the CLI runs under, such as ["prlimit", "--fsize=4096", "--"]. */
  prefix?: string[];
  env?: Record<string, string>;
}

/** Runs the built `model-ledger` bin in a real process, as a user would. */
export function cli(args: string[], cwd: string, options: CliOptions = {}): CliResult {
  const [program, ...programArgs] = [...(options.prefix ?? []), process.execPath, CLI, ...args];
  const result = spawnSync(program!, programArgs, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, MODEL_LEDGER_DEBUG: '', ...options.env },
    ...options.user,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the CLI and asserts it succeeded; its standard output. */
export function cliOk(args: string[], cwd: string, env: Record<string, string> = {}): string {
  const r = cli(args, cwd, { env });
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Runs the CLI and asserts it refused with exit 1 and one line matching `message`. */
export function cliUserError(args: string[], cwd: string, message: RegExp): void {
  const r = cli(args, cwd);
  assert.equal(r.code, 1, `${args.join(' ')} should fail: ${r.stdout}`);
  assert.match(r.stderr.trimEnd(), message);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, `one line: ${r.stderr}`);
}
