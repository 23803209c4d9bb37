import { spawn } from 'node:child_process';
import { firstLine, gitEnvironment } from './repo';

export interface GitObject {
  type: string;
  content: Buffer;
}

/**
 * Reads objects by id in one `git cat-file --batch` (simple-git cannot write to git's stdin):
 * one process for any number of objects. An id git does not have is left out of the map.
 * `--buffer` lets git write in large blocks instead of flushing after each object (20,000 small
 * pipe writes and as many reads here), and the output is parsed as it arrives, while git is still
 * reading objects.
 */
export function readObjects(repoRoot: string, ids: readonly string[]): Promise<Map<string, GitObject>> {
  if (ids.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const git = spawn('git', ['cat-file', '--batch', '--buffer'], { cwd: repoRoot, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    const batch = new BatchOutput();
    let parseError: unknown;
    const err: Buffer[] = [];
    git.stdout.on('data', (chunk: Buffer) => {
      if (parseError !== undefined) return;
      try {
        batch.push(chunk);
      } catch (error) {
        // Reported when git is done: rejecting now would leave the process writing to no one.
        parseError = error;
      }
    });
    git.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    git.on('error', reject);
    // git failing early closes its stdin: 'close' below says why, with git's own words.
    git.stdin.on('error', reject);
    git.on('close', (code) => {
      if (code !== 0) reject(new Error(`git cat-file --batch failed (exit ${code}): ${firstLine(Buffer.concat(err).toString('utf8'))}`));
      else if (parseError !== undefined) reject(parseError);
      else {
        try {
          resolve(batch.end());
        } catch (error) {
          reject(error);
        }
      }
    });
    git.stdin.end(ids.join('\n') + '\n');
  });
}

/**
 * `git cat-file --batch` output read in pieces as the pipe delivers them: `<id> <type> <size>\n<content>\n`
 * per object, `<id> missing\n` for one git does not have. An object split across pieces waits
 * until all its bytes are in, so pieces are joined only then (not once per piece).
 */
export class BatchOutput {
  private readonly objects = new Map<string, GitObject>();
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Bytes the next object needs, header included, once its header was read; 0 before. */
  private needed = 0;

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.needed) return;
    const out = this.pending.length === 1 ? chunk : Buffer.concat(this.pending, this.pendingBytes);
    const rest = out.subarray(this.parse(out));
    this.pending = rest.length > 0 ? [rest] : [];
    this.pendingBytes = rest.length;
  }

  /** Every object read; throws when the output stopped inside one. */
  end(): Map<string, GitObject> {
    if (this.pendingBytes > 0) {
      const rest = Buffer.concat(this.pending, this.pendingBytes);
      throw new Error(`git cat-file --batch output ends inside an object: ${rest.toString('utf8', 0, Math.min(rest.length, 100))}`);
    }
    return this.objects;
  }

  /** Reads the whole objects in `out`; returns where the first incomplete one starts. */
  private parse(out: Buffer): number {
    let at = 0;
    this.needed = 0;
    while (at < out.length) {
      const end = out.indexOf(0x0a, at);
      if (end < 0) return at;
      const [id, type, size] = out.toString('latin1', at, end).split(' ');
      if (type === 'missing' || type === 'ambiguous' || size === undefined) {
        at = end + 1;
        continue;
      }
      const start = end + 1;
      const stop = start + Number(size);
      if (!Number.isSafeInteger(stop)) throw new Error(`git cat-file --batch wrote a header this cannot read: ${out.toString('utf8', at, end)}`);
      // The content and git's newline after it.
      if (stop + 1 > out.length) {
        this.needed = stop + 1 - at;
        return at;
      }
      this.objects.set(id!, { type: type!, content: out.subarray(start, stop) });
      at = stop + 1;
    }
    return at;
  }
}
