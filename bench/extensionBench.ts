import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Runs bench/vscode/<entry>.ts in code-server's extension host on `workspace`
 * (scripts/code-server/run-extension-bench.mjs) and returns the figures it wrote.
 */
export function runExtensionBench<T>(entry: string, workspace: string, env: Record<string, string> = {}): T {
  const out = path.join(os.tmpdir(), `ml-bench-${entry}-${process.pid}.json`);
  try {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'code-server', 'run-extension-bench.mjs'), entry, workspace, out], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    if (result.status !== 0 || !fs.existsSync(out)) {
      throw new Error(`the extension-host bench failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
    }
    return JSON.parse(fs.readFileSync(out, 'utf8')) as T;
  } finally {
    fs.rmSync(out, { force: true });
  }
}
