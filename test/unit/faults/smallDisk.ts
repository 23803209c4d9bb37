// A disk that fills up under the store, for the full-disk faults: a small tmpfs mounted on the
// store's folder where this process may mount (root on Linux), else a file-size limit on the CLI
// process (prlimit --fsize), past which a write fails much as on a full disk (EFBIG).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { CliOptions } from '../helpers/cli';

export interface SmallDisk {
  /** Which of the two ran, for the test report. */
  how: string;
  /** How to run the CLI against it (a file-size limit lives on the process). */
  cli: CliOptions;
  /** Gives the disk room again; the store on it stays. */
  grow(): void;
  /** Unmounts the tmpfs (its files go with it); safe to call twice. */
  release(): void;
}

/**
 * Makes `dir` (an empty folder, created here) a disk of about `bytes`, its root owned by `owner`
 * when given. Null with the reason when neither a mount nor prlimit is available.
 */
export function smallDisk(dir: string, bytes: number, owner?: { uid: number; gid: number }): SmallDisk | { skip: string } {
  fs.mkdirSync(dir, { recursive: true });
  const ownerOptions = owner ? `,uid=${owner.uid},gid=${owner.gid}` : '';
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes},mode=0755${ownerOptions}`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status === 0) {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      execFileSync('umount', [dir]);
    };
    process.prependListener('exit', release); // before the temp folder is removed, should a test stop early
    return {
      how: `a tmpfs of ${bytes} bytes mounted on ${dir}`,
      cli: {},
      grow: () => execFileSync('mount', ['-o', 'remount,size=64m', dir]),
      release,
    };
  }
  const mountRefusal = (mounted.error?.message ?? mounted.stderr).trim();
  if (spawnSync('prlimit', ['--version']).status !== 0) {
    return { skip: `no way to fill a disk here: mount refused (${mountRefusal}) and prlimit is not installed` };
  }
  const limited: CliOptions = { prefix: ['prlimit', `--fsize=${bytes}`, '--'] };
  const disk: SmallDisk = {
    how: `a file-size limit of ${bytes} bytes on the CLI process (prlimit --fsize), as mount was refused: ${mountRefusal}`,
    cli: limited,
    grow() {
      delete limited.prefix;
    },
    release() {},
  };
  return disk;
}
