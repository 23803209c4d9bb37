import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { BatchOutput, readObjects, type GitObject } from '../../../src/git/catFileBatch';
import { commit, git, makeRepo, write } from './gitRepos';

/** A repository with a commit, an annotated tag, a blob larger than a pipe's piece (with NUL and newline bytes) and an empty blob; their ids. */
function makeObjects(): { repo: string; ids: Record<'commit' | 'tag' | 'bigBlob' | 'emptyBlob', string> } {
  const repo = makeRepo('cat-file-');
  const big = Array.from({ length: 40_000 }, (_, i) => `line ${i}\0\n`).join('');
  write(repo, 'big.bin', big);
  write(repo, 'empty.txt', '');
  git(repo, ['add', 'big.bin', 'empty.txt']);
  git(repo, ['commit', '-q', '-m', 'Data']);
  commit(repo, 'train.py', 'print("v2")\n');
  git(repo, ['tag', '-a', 'churn@v1.0.0', '-m', 'Registering artifact churn version v1.0.0\n\nwith a body line', 'HEAD']);
  return {
    repo,
    ids: {
      commit: git(repo, ['rev-parse', 'HEAD']),
      tag: git(repo, ['rev-parse', 'refs/tags/churn@v1.0.0']),
      bigBlob: git(repo, ['rev-parse', 'HEAD:big.bin']),
      emptyBlob: git(repo, ['rev-parse', 'HEAD:empty.txt']),
    },
  };
}

/** What `git cat-file <type> <id>` prints: the object's bytes. */
function gitObject(repo: string, type: string, id: string): GitObject {
  return { type, content: execFileSync('git', ['cat-file', type, id], { cwd: repo, maxBuffer: 16 * 1024 * 1024 }) };
}

/** `git cat-file --batch` output for `ids`, whole. */
function batchOutput(repo: string, ids: readonly string[]): Buffer {
  return execFileSync('git', ['cat-file', '--batch'], { cwd: repo, input: ids.join('\n') + '\n', maxBuffer: 16 * 1024 * 1024 });
}

function readInPieces(out: Buffer, size: number): Map<string, GitObject> {
  const batch = new BatchOutput();
  for (let at = 0; at < out.length; at += size) batch.push(out.subarray(at, at + size));
  return batch.end();
}

describe('git cat-file --batch', () => {
  it('reads each object as git cat-file prints it, a large one included, and leaves out an id git does not have', async () => {
    const { repo, ids } = makeObjects();
    const missing = 'f'.repeat(40);
    const objects = await readObjects(repo, [ids.commit, ids.tag, ids.bigBlob, missing, ids.emptyBlob]);
    assert.deepEqual(
      objects,
      new Map([
        [ids.commit, gitObject(repo, 'commit', ids.commit)],
        [ids.tag, gitObject(repo, 'tag', ids.tag)],
        [ids.bigBlob, gitObject(repo, 'blob', ids.bigBlob)],
        [ids.emptyBlob, gitObject(repo, 'blob', ids.emptyBlob)],
      ]),
    );
    assert.ok(objects.get(ids.bigBlob)!.content.length > 400_000, 'the blob spans many pipe pieces');
  });

  it('reads the same objects however the output is cut into pieces', () => {
    const { repo, ids } = makeObjects();
    const small = batchOutput(repo, [ids.commit, 'f'.repeat(40), ids.tag, ids.emptyBlob]);
    const whole = readInPieces(small, small.length);
    assert.equal(whole.size, 3);
    // Every cut point of the small objects: inside a header, a content, or right at its newline.
    for (let size = 1; size < small.length; size++) assert.deepEqual(readInPieces(small, size), whole, `pieces of ${size} bytes`);
    const withBig = batchOutput(repo, [ids.tag, ids.bigBlob, ids.commit]);
    for (const size of [1000, 4096, 65_536]) assert.deepEqual(readInPieces(withBig, size), readInPieces(withBig, withBig.length), `pieces of ${size} bytes`);
  });

  it('says so when the output stops inside an object', () => {
    const { repo, ids } = makeObjects();
    const out = batchOutput(repo, [ids.commit, ids.tag]);
    const batch = new BatchOutput();
    batch.push(out.subarray(0, out.length - 10));
    assert.throws(() => batch.end(), /git cat-file --batch output ends inside an object: [0-9a-f]{40} tag \d+/);
  });
});
