// A disk that fills up under the store, for the full-disk faults: a small tmpfs mounted on the
// store's folder where this process may mount (root on Linux), else a file-size limit on the CLI
// process (prlimit --fsize), past which a write fails much as on a full disk (EFBIG).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliOptions } from '../helpers/cli';

export interface SmallDisk {
  /** Which of the two ran, for the test report. */
  how: string;
  /** How to run the CLI against it (a file-size limit lives on the process). */
  cli: CliOptions;
  /** Takes the room that is left (a file on the tmpfs; nothing under a file-size limit). */
  fill(): void;
  /** Gives room again; the store on it stays. */
  grow(): void;
  /** Unmounts the tmpfs (its files go with it); safe to call twice. */
  release(): void;
}

export interface DiskSize {
  /** The size of the tmpfs. */
  disk: number;
  /** The file-size limit when there is no tmpfs; default `disk`. */
  file?: number;
}

/** Makes `dir` (an empty folder, created here) a small disk, or says why neither way works here. */
export function smallDisk(dir: string, size: DiskSize): SmallDisk | { skip: string } {
  fs.mkdirSync(dir, { recursive: true });
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size.disk},mode=0755`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status === 0) return tmpfs(dir, size.disk);
  const refusal = (mounted.error?.message ?? mounted.stderr).trim().split('\n')[0];
  if (spawnSync('prlimit', ['--version']).status !== 0) {
    return { skip: `no way to fill a disk here: mount refused (${refusal}) and prlimit is not installed` };
  }
  const bytes = size.file ?? size.disk;
  const limited: CliOptions = { prefix: ['prlimit', `--fsize=${bytes}`, '--'] };
  return {
    how: `a file-size limit of ${bytes} bytes on the CLI process (prlimit --fsize), as mount was refused: ${refusal}`,
    cli: limited,
    fill() {},
    grow() {
      delete limited.prefix;
    },
    release() {},
  };
}

function tmpfs(dir: string, bytes: number): SmallDisk {
  const filler = path.join(dir, 'filler');
  let released = false;
  const release = () => {
    if (released) return;
    execFileSync('umount', [dir]);
    released = true;
  };
  process.prependListener('exit', release); // before the temp folder is removed, should a test stop early
  return {
    how: `a tmpfs of ${bytes} bytes mounted on ${dir}`,
    cli: {},
    fill() {
      try {
        fs.writeFileSync(filler, Buffer.alloc(bytes));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    },
    grow() {
      fs.rmSync(filler, { force: true });
      execFileSync('mount', ['-o', 'remount,size=64m', dir]);
    },
    release,
  };
}
