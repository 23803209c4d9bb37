import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../../src/core/errors';
import { GitRepo } from '../../../src/git/repo';
import { retrainCheckout } from '../../../src/registry/retrainCheckout';
import { commit, git, makeRepo, write } from './gitRepos';

/** A repository with two commits; the version to retrain is at the first. */
async function setUp() {
  const dir = makeRepo('retrain-');
  const first = git(dir, ['rev-parse', 'HEAD']);
  commit(dir, 'train.py', 'print("training v2")\n');
  const storeFile = path.join(dir, '.modelledger', 'ledger.db');
  return { dir, first, storeFile, repo: await GitRepo.open(dir) };
}

describe('retraining checkout', () => {
  it('a worktree on a new branch at the version\'s commit, beside the store; this working tree untouched', async () => {
    const { dir, first, storeFile, repo } = await setUp();
    const head = git(dir, ['rev-parse', 'HEAD']);
    const checkout = await retrainCheckout(repo, { kind: 'worktree', model: 'team/churn', version: 'v1.0.0', commit: first.slice(0, 10), storeFile });
    assert.equal(checkout.branch, 'retrain/team/churn-v1.0.0');
    assert.equal(checkout.commit, first);
    assert.equal(checkout.dir, path.join(dir, '.modelledger', 'worktrees', 'team+churn-v1.0.0-retrain'));
    assert.equal(git(checkout.dir, ['rev-parse', 'HEAD']), first);
    assert.equal(git(checkout.dir, ['symbolic-ref', '--short', 'HEAD']), 'retrain/team/churn-v1.0.0');
    assert.equal(fs.readFileSync(path.join(checkout.dir, 'train.py'), 'utf8'), 'print("training")\n');
    assert.equal(git(dir, ['rev-parse', 'HEAD']), head);
    assert.equal(git(dir, ['symbolic-ref', '--short', 'HEAD']), 'main');

    // Again: the next free branch and folder.
    const second = await retrainCheckout(repo, { kind: 'worktree', model: 'team/churn', version: 'v1.0.0', commit: first, storeFile });
    assert.equal(second.branch, 'retrain/team/churn-v1.0.0-2');
    assert.equal(path.basename(second.dir), 'team+churn-v1.0.0-retrain-2');
  });

  it('a branch here: switches this working tree to a new branch at the commit', async () => {
    const { dir, first, storeFile, repo } = await setUp();
    const checkout = await retrainCheckout(repo, { kind: 'branch', model: 'churn', version: 'v1.0.0', commit: first, storeFile, branch: 'try/retrain' });
    assert.deepEqual(checkout, { kind: 'branch', dir: repo.root, branch: 'try/retrain', commit: first });
    assert.equal(git(dir, ['symbolic-ref', '--short', 'HEAD']), 'try/retrain');
    assert.equal(git(dir, ['rev-parse', 'HEAD']), first);
  });

  it('refuses, changing nothing: uncommitted changes before a switch, a taken or invalid branch, an unknown commit', async () => {
    const { dir, first, storeFile, repo } = await setUp();
    const refused = async (input: Parameters<typeof retrainCheckout>[1], message: RegExp) => {
      await assert.rejects(retrainCheckout(repo, input), (error) => isUserError(error) && message.test((error as Error).message));
      assert.equal(git(dir, ['symbolic-ref', '--short', 'HEAD']), 'main');
      assert.equal(git(dir, ['branch', '--list']), '* main');
      assert.ok(!fs.existsSync(path.join(dir, '.modelledger', 'worktrees')));
    };
    write(dir, 'train.py', 'print("edited")\n');
    await refused({ kind: 'branch', model: 'churn', version: 'v1.0.0', commit: first, storeFile }, /train\.py has uncommitted changes; commit or stash them before switching to retrain\/churn-v1\.0\.0, or retrain in a worktree/);
    assert.equal(fs.readFileSync(path.join(dir, 'train.py'), 'utf8'), 'print("edited")\n', 'the change is kept');
    await refused({ kind: 'worktree', model: 'churn', version: 'v1.0.0', commit: first, storeFile, branch: 'main' }, /A branch named main exists already/);
    await refused({ kind: 'worktree', model: 'churn', version: 'v1.0.0', commit: first, storeFile, branch: 'bad..name' }, /"bad\.\.name" is not a branch name git accepts/);
    await refused({ kind: 'worktree', model: 'churn', version: 'v1.0.0', commit: '0123456789abcdef0123456789abcdef01234567', storeFile }, /Commit 01234567 of churn v1\.0\.0 is not in this repository/);
  });
});
