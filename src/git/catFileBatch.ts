import { spawn } from 'node:child_process';
import { firstLine, gitEnvironment } from './repo';

export interface GitObject {
  type: string;
  content: Buffer;
}

/**
 * Reads objects by id in one `git cat-file --batch` (simple-git cannot write to git's stdin):
 * one process for any number of objects. An id git does not have is left out of the map.
 */
export function readObjects(repoRoot: string, ids: readonly string[]): Promise<Map<string, GitObject>> {
  if (ids.length === 0) return Promise.resolve(new Map());
  return new Promise((resolve, reject) => {
    const git = spawn('git', ['cat-file', '--batch'], { cwd: repoRoot, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    git.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    git.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    git.on('error', reject);
    // git failing early closes its stdin: 'close' below says why, with git's own words.
    git.stdin.on('error', reject);
    git.on('close', (code) => {
      if (code !== 0) reject(new Error(`git cat-file --batch failed (exit ${code}): ${firstLine(Buffer.concat(err).toString('utf8'))}`));
      else resolve(parseBatch(Buffer.concat(out)));
    });
    git.stdin.end(ids.join('\n') + '\n');
  });
}

/** `<id> <type> <size>\n<content>\n` per object, `<id> missing\n` for one git does not have. */
function parseBatch(out: Buffer): Map<string, GitObject> {
  const objects = new Map<string, GitObject>();
  let at = 0;
  while (at < out.length) {
    const end = out.indexOf(0x0a, at);
    if (end < 0) throw new Error(`git cat-file --batch output ends inside a header: ${out.toString('utf8', at, at + 100)}`);
    const [id, type, size] = out.toString('utf8', at, end).split(' ');
    if (type === 'missing' || size === undefined) {
      at = end + 1;
      continue;
    }
    const start = end + 1;
    objects.set(id!, { type: type!, content: out.subarray(start, start + Number(size)) });
    at = start + Number(size) + 1;
  }
  return objects;
}
