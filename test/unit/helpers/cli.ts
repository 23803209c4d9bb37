import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PROJECT_ROOT } from './temp';

export const CLI = path.join(PROJECT_ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `model-ledger` bin in a real process, as a user would. */
export function cli(args: string[], cwd: string): CliResult {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, MODEL_LEDGER_DEBUG: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
