// Permission faults are real only for a user the kernel holds to file modes: root reads and writes
// a 0444 file. These tests run as root (here and in CI), so the CLI process drops to nobody.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliOptions } from '../helpers/cli';
import { PROJECT_ROOT } from '../helpers/temp';

/** nobody:nogroup on Debian and Ubuntu. */
const NOBODY = { uid: 65534, gid: 65534 };

export interface Unprivileged {
  /** How to run the CLI so that file modes apply to it. */
  cli: CliOptions;
  /** Says which user that is, for the test report. */
  who: string;
  /** Hands `dir` (and everything in it) to that user, and lets it reach `dir` from the temp folder. */
  own(dir: string): void;
}

/** The user to run the CLI as, or why there is none on this machine. */
export function unprivileged(): Unprivileged | { skip: string } {
  if (process.platform === 'win32') return { skip: 'file modes (chmod) do not restrict writes on Windows' };
  if (process.getuid!() !== 0) return { cli: {}, who: `uid ${process.getuid!()} (not root: file modes apply already)`, own: () => {} };
  const sqlite = path.join(PROJECT_ROOT, 'node_modules', 'better-sqlite3');
  const probe = spawnSync(process.execPath, ['-e', `new (require(${JSON.stringify(sqlite)}))(':memory:').close()`], { ...NOBODY, encoding: 'utf8' });
  if (probe.status !== 0) {
    const reason = probe.error?.message ?? probe.stderr.trim().split('\n')[0];
    return { skip: `root cannot run the CLI as uid ${NOBODY.uid} here (${reason}); the project folder must be readable by that user` };
  }
  return {
    // git as nobody must not read root's configuration (the registry helpers point git at a private one).
    cli: { user: NOBODY, env: { HOME: os.tmpdir(), GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } },
    who: `uid ${NOBODY.uid} (dropped from root, which ignores file modes)`,
    own(dir: string) {
      for (let up = path.dirname(dir); up !== path.dirname(up) && up.startsWith(os.tmpdir()) && up !== os.tmpdir(); up = path.dirname(up)) {
        fs.chmodSync(up, 0o755);
      }
      chownTree(dir);
    },
  };
}

function chownTree(p: string): void {
  fs.lchownSync(p, NOBODY.uid, NOBODY.gid);
  if (fs.lstatSync(p).isDirectory()) for (const name of fs.readdirSync(p)) chownTree(path.join(p, name));
}
