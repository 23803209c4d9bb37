import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../../src/core/errors';
import { exportModels } from '../../../src/store/export';
import { tempDir } from '../helpers/temp';
import { commit, configureUser, git, makeRepo, modelFile, openRegistry, tags, write } from './gitRepos';

async function refuses(work: () => Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => error instanceof UserError && message.test(error.message) && !error.message.includes('\n'));
}

/** A repository with a registry made here: two versions, promoted, rolled back, one deregistered. */
async function repoWithRegistry(): Promise<string> {
  const repo = makeRepo('origin-');
  write(repo, 'dvc.yaml', 'artifacts:\n  churn:\n    type: model\n    path: models/churn.pkl\n    desc: Churn classifier\n');
  git(repo, ['add', 'dvc.yaml']);
  git(repo, ['commit', '-q', '-m', 'Declare churn']);
  modelFile(repo, 'models/churn.pkl', 'weights 1\n');
  const { store, registry } = await openRegistry(repo);
  await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', description: 'first' });
  commit(repo, 'train.py', 'print("2")\n');
  modelFile(repo, 'models/churn.pkl', 'weights 2\n');
  await registry.register({ model: 'churn', bump: 'minor', artifactPath: 'models/churn.pkl' });
  commit(repo, 'train.py', 'print("3")\n');
  await registry.register({ model: 'churn', bump: 'minor', artifactPath: 'models/churn.pkl' });
  await registry.assign('churn', 'v0.0.1', 'prod');
  await registry.assign('churn', 'v0.1.0', 'prod');
  await registry.assign('churn', 'v0.1.0', 'staging');
  await registry.rollback('churn', 'prod');
  await registry.deregister('churn', 'v0.2.0');
  store.close();
  return repo;
}

function clone(source: string, extra: string[] = []): string {
  const dir = path.join(tempDir('clone-'), 'repo');
  git(path.dirname(dir), ['clone', '-q', ...extra, source, dir]);
  configureUser(dir);
  return dir;
}

describe('registry: shared through git', () => {
  it('a fresh clone rebuilds the same registry from its tags alone', async () => {
    const repo = await repoWithRegistry();
    const here = await openRegistry(repo);
    const expected = exportModels(here.store);
    const expectedHistory = here.registry.history('churn').map((e) => [e.tag, e.version, e.actor]);
    here.store.close();
    assert.deepEqual(expected[0]!.versions.map((v) => [v.version, v.stages]), [['v0.2.0', []], ['v0.1.0', ['staging']], ['v0.0.1', ['prod']]]);

    const copy = clone(repo);
    assert.equal(fs.existsSync(path.join(copy, '.modelledger')), false, 'the store never travels');
    const there = await openRegistry(copy);
    const scan = await there.registry.scan();
    assert.deepEqual(scan.changedModels, ['churn']);
    assert.deepEqual(exportModels(there.store), expected);
    assert.deepEqual(
      there.registry.history('churn').map((e) => [e.tag, e.version, e.actor]),
      expectedHistory,
    );
    assert.equal(there.registry.version('churn', 'v0.0.1').metadata?.description, 'first');
    there.store.close();
  });

  it('pushes registry tags to a remote, and another clone fetches them', async () => {
    const repo = makeRepo();
    const bare = path.join(tempDir('bare-'), 'remote.git');
    git(path.dirname(bare), ['init', '-q', '--bare', bare]);
    git(repo, ['remote', 'add', 'origin', bare]);
    git(repo, ['push', '-q', 'origin', 'main']);
    const teammate = clone(bare);

    git(repo, ['tag', 'not-registry']);
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    await registry.assign('churn', 'v0.0.1', 'prod');
    assert.deepEqual(await registry.push(), { remote: 'origin', tags: 2, reviews: 0 });
    assert.deepEqual(git(bare, ['tag', '--list']).split('\n').sort(), ['churn#prod#1', 'churn@v0.0.1'], 'only registry tags are pushed');
    store.close();

    const other = await openRegistry(teammate);
    await other.registry.scan();
    assert.deepEqual(other.registry.models(), []);
    const fetched = await other.registry.fetch('origin');
    assert.deepEqual([fetched.remote, fetched.scan.added, fetched.scan.changedModels], ['origin', 2, ['churn']]);
    assert.deepEqual(other.registry.model('churn')!.stages.map((s) => [s.stage, s.version]), [['prod', 'v0.0.1']]);

    // The teammate promotes; the first repository fetches it.
    await other.registry.assign('churn', 'v0.0.1', 'staging');
    await other.registry.push('origin');
    other.store.close();
    const back = await openRegistry(repo);
    await back.registry.fetch();
    assert.deepEqual(back.registry.model('churn')!.stages.map((s) => s.stage), ['prod', 'staging']);
    back.store.close();
  });

  it('a remote that rejects the push gives a clear error and changes nothing here', async () => {
    const repo = makeRepo();
    const bare = path.join(tempDir('bare-'), 'strict.git');
    git(path.dirname(bare), ['init', '-q', '--bare', bare]);
    const hook = path.join(bare, 'hooks', 'pre-receive');
    fs.writeFileSync(hook, '#!/bin/sh\necho "tags need review" >&2\nexit 1\n');
    fs.chmodSync(hook, 0o755);
    git(repo, ['remote', 'add', 'origin', bare]);
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    const before = { tags: tags(repo), counts: store.counts(), audit: store.audit.list() };
    await refuses(() => registry.push('origin'), /^Pushing registry tags to "origin" failed: the remote rejected 1 tag\(s\) \(first: churn@v0\.0\.1\): pre-receive hook declined\. Nothing changed here\.$/);
    assert.deepEqual({ tags: tags(repo), counts: store.counts(), audit: store.audit.list() }, before);
    assert.equal(git(bare, ['tag', '--list']), '');
    store.close();
  });

  it('no remote, an unknown remote, an unreachable one: each a clear message', async () => {
    const repo = makeRepo();
    const { store, registry } = await openRegistry(repo);
    await refuses(() => registry.push(), /has no git remote; add one with "git remote add origin URL"/);
    await refuses(() => registry.fetch(), /has no git remote/);
    git(repo, ['remote', 'add', 'backup', path.join(tempDir(), 'gone.git')]);
    await refuses(() => registry.push('-origin'), /No git remote named "-origin" \(remotes: backup\)/);
    await refuses(() => registry.fetch('backup'), /^Fetching registry tags from "backup" failed: .*gone\.git/);
    store.close();
  });

  it('a tag that differs on the remote is not overwritten by a fetch', async () => {
    const repo = makeRepo();
    const bare = path.join(tempDir('bare-'), 'remote.git');
    git(path.dirname(bare), ['clone', '-q', '--bare', repo, bare]);
    git(repo, ['remote', 'add', 'origin', bare]);
    const teammate = clone(bare);
    git(teammate, ['tag', '-a', 'churn@v1.0.0', '-m', 'theirs']);
    git(teammate, ['push', '-q', 'origin', 'churn@v1.0.0']);
    git(repo, ['tag', '-a', 'churn@v1.0.0', '-m', 'ours']);
    const { store, registry } = await openRegistry(repo);
    await refuses(() => registry.fetch(), /different content for tag churn@v1\.0\.0/);
    assert.equal(git(repo, ['tag', '-l', '--format=%(contents)', 'churn@v1.0.0']), 'ours');
    store.close();
  });

  it('in a shallow clone: the tags it has are read, and what cannot work says why', async () => {
    const repo = await repoWithRegistry();
    const shallow = clone(`file://${repo}`, ['--depth', '1']);
    const { store, registry } = await openRegistry(shallow);
    await registry.scan();
    const status = await registry.status();
    assert.equal(status.shallow, true);
    assert.match(status.warnings[0]!, /shallow clone: tags on commits outside its history are missing.*git fetch --unshallow --tags/);
    // Only the tags on the one commit it has came along.
    assert.deepEqual(registry.models().flatMap((m) => m.versions.map((v) => v.version)), ['v0.2.0']);
    modelFile(shallow);
    const oldCommit = git(repo, ['rev-list', '--max-parents=0', 'HEAD']);
    await refuses(() => registry.register({ model: 'churn', commit: oldCommit, artifactPath: 'models/churn.pkl' }), /is not in this shallow clone; fetch the history with "git fetch --unshallow"/);
    store.close();
  });
});
