import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../../src/core/errors';
import { Registry } from '../../../src/registry/registry';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';
import { ACTOR, commit, git, makeRepo, modelFile, openRegistry, tags, write } from './gitRepos';

/** Asserts a UserError whose one-line message matches. */
async function refuses(work: () => Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof UserError, `a UserError, got ${String(error)}`);
    assert.match(error.message, message);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

describe('registry: register, promote, roll back, history', () => {
  it('registers a version with its artifact, promotes it, rolls back, and keeps the history', async () => {
    const repo = makeRepo();
    modelFile(repo, 'models/churn.pkl', 'weights 1\n');
    const { store, registry } = await openRegistry(repo);
    const first = await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', description: 'Baseline' });
    assert.equal(first.tag, 'churn@v0.0.1', 'the first version, as gto numbers it');
    assert.deepEqual(first.artifact, { path: 'models/churn.pkl', sha256: createHash('sha256').update('weights 1\n').digest('hex'), size: 10 });
    assert.equal(first.commit, git(repo, ['rev-parse', 'HEAD']));
    assert.equal(git(repo, ['cat-file', '-t', 'churn@v0.0.1']), 'tag', 'an annotated tag');

    commit(repo, 'train.py', 'print("better")\n');
    modelFile(repo, 'models/churn.pkl', 'weights 2\n');
    const second = await registry.register({ model: 'churn', bump: 'minor', artifactPath: path.join(repo, 'models/churn.pkl') });
    assert.equal(second.version, 'v0.1.0');
    await registry.assign('churn', 'v0.0.1', 'prod');
    const promoted = await registry.assign('churn', 'v0.1.0', 'prod');
    assert.deepEqual([promoted.tag, promoted.previous], ['churn#prod#2', 'v0.0.1']);
    const rolledBack = await registry.rollback('churn', 'prod');
    assert.deepEqual([rolledBack.tag, rolledBack.version, rolledBack.previous], ['churn#prod#3', 'v0.0.1', 'v0.1.0']);
    assert.deepEqual(tags(repo), ['churn#prod#1', 'churn#prod#2', 'churn#prod#3', 'churn@v0.0.1', 'churn@v0.1.0']);

    // The views' tables agree with the registry.
    assert.deepEqual(store.models.versions('churn').map((v) => [v.version, v.stages, v.description]), [['v0.1.0', [], null], ['v0.0.1', ['prod'], 'Baseline']]);
    const history = registry.history('churn');
    assert.deepEqual(history.map((e) => [e.action, e.version, e.stage, e.actor]), [
      ['register', 'v0.0.1', null, ACTOR],
      ['register', 'v0.1.0', null, ACTOR],
      ['assign', 'v0.0.1', 'prod', ACTOR],
      ['assign', 'v0.1.0', 'prod', ACTOR],
      ['assign', 'v0.0.1', 'prod', ACTOR],
    ]);
    assert.equal(registry.stageAt('churn', 'prod', Date.now() + 1000), 'v0.0.1');
    assert.equal(registry.stageAt('churn', 'prod', history[0]!.at - 1), null);
    assert.deepEqual(store.audit.list().map((a) => [a.action, a.target, a.actor]), [
      ['version.register', 'churn@v0.0.1', ACTOR],
      ['version.register', 'churn@v0.1.0', ACTOR],
      ['stage.assign', 'churn#prod', ACTOR],
      ['stage.assign', 'churn#prod', ACTOR],
      ['stage.rollback', 'churn#prod', ACTOR],
    ]);
    assert.deepEqual(store.audit.list()[4]!.before, { version: 'v0.1.0' });
    assert.deepEqual(registry.nextVersions('churn'), { patch: 'v0.1.1', minor: 'v0.2.0', major: 'v1.0.0' });
    store.close();
  });

  it("registers a run's version at the run's commit with its metrics snapshot", async () => {
    const repo = makeRepo();
    const runCommit = git(repo, ['rev-parse', 'HEAD']);
    commit(repo, 'train.py', 'print("later")\n');
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    const runId = addRun(store, { git: { commit: runCommit, branch: 'main', dirty: false } });
    store.write(() =>
      store.metrics.append(runId, [
        { key: 'loss', step: 0, timestamp: 1, value: 0.5 },
        { key: 'loss', step: 1, timestamp: 2, value: 0.3 },
        { key: 'acc', step: 0, timestamp: 1, value: 0.8 },
        { key: 'acc', step: 1, timestamp: 2, value: 0.9 },
        { key: 'nan', step: 0, timestamp: 1, value: Number.NaN },
      ]),
    );
    const result = await registry.register({ model: 'churn', version: 'v1.0.0', runId, artifactPath: 'models/churn.pkl' });
    assert.equal(result.commit, runCommit);
    const v = registry.version('churn', 'v1.0.0');
    assert.deepEqual({ run: v.metadata!.run, metrics: { ...v.metadata!.metrics } }, { run: runId, metrics: { acc: 0.9, loss: 0.3 } });
    const stored = store.models.versions('churn')[0]!;
    assert.deepEqual([stored.runId, stored.metrics], [runId, { acc: 0.9, loss: 0.3 }]);
    await refuses(() => registry.register({ model: 'churn', runId: 'nope', artifactPath: 'models/churn.pkl' }), /No run with id "nope"/);
    store.close();
  });

  it('refuses a dirty working tree unless allowed, and then records it', async () => {
    const repo = makeRepo();
    modelFile(repo);
    write(repo, 'train.py', 'print("uncommitted")\n');
    const { store, registry } = await openRegistry(repo);
    await refuses(() => registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' }), /uncommitted changes \(train\.py\); commit them, or register anyway as dirty/);
    assert.deepEqual(tags(repo), []);
    const result = await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', allowDirty: true });
    assert.equal(result.dirty, true);
    assert.equal(registry.version('churn', 'v0.0.1').metadata!.dirty, true);
    assert.match(git(repo, ['cat-file', '-p', 'churn@v0.0.1']), /"dirty":true/);
    store.close();
  });

  it('registers on a detached HEAD at the checked-out commit', async () => {
    const repo = makeRepo();
    const first = git(repo, ['rev-parse', 'HEAD']);
    commit(repo, 'train.py', 'print("2")\n');
    git(repo, ['checkout', '-q', '--detach', first]);
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    const status = await registry.status();
    assert.deepEqual([status.detached, status.branch, status.head], [true, null, first]);
    assert.match(status.warnings.join('\n'), /HEAD is detached: versions register at the checked-out commit/);
    assert.equal((await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' })).commit, first);
    assert.deepEqual(await registry.atCommit(), [{ model: 'churn', version: 'v0.0.1', stages: [] }]);
    store.close();
  });

  it('bad input changes nothing: names, versions, stages, commits, existing tags', async () => {
    const repo = makeRepo();
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    const before = { tags: tags(repo), counts: store.counts() };
    const bad: [() => Promise<unknown>, RegExp][] = [
      [() => registry.register({ model: '-churn', artifactPath: 'models/churn.pkl' }), /must not start with "-"/],
      [() => registry.register({ model: '--delete', artifactPath: 'models/churn.pkl' }), /must not start with "-"/],
      [() => registry.register({ model: 'my model', artifactPath: 'models/churn.pkl' }), /must not contain spaces/],
      [() => registry.register({ model: 'a..b', artifactPath: 'models/churn.pkl' }), /must not contain "\.\."/],
      [() => registry.register({ model: 'churn;rm -rf', artifactPath: 'models/churn.pkl' }), /must not contain spaces/],
      [() => registry.register({ model: 'churn;x', artifactPath: 'models/churn.pkl' }), /contains ";"/],
      [() => registry.register({ model: 'churn', version: '1.0.0', artifactPath: 'models/churn.pkl' }), /needs a leading "v"/],
      [() => registry.register({ model: 'churn', version: '-v1.0.0', artifactPath: 'models/churn.pkl' }), /must not start with "-"/],
      [() => registry.register({ model: 'churn', artifactPath: 'models/missing.pkl' }), /does not exist/],
      [() => registry.register({ model: 'churn', artifactPath: '../outside.pkl' }), /outside the repository/],
      [() => registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', commit: '--all' }), /not something git can look up/],
      [() => registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', commit: 'f'.repeat(40) }), /is not in this repository \(rebased or deleted, or not fetched yet\)/],
      [() => registry.assign('churn', 'v0.0.1', 'prod'), /No model named "churn" in the git registry/],
    ];
    // A run whose commit was amended away and garbage-collected.
    const gone = commit(repo, 'train.py', 'print("soon gone")\n');
    git(repo, ['reset', '-q', '--hard', 'HEAD~1']);
    git(repo, ['reflog', 'expire', '--expire=now', '--all']);
    git(repo, ['gc', '-q', '--prune=now']);
    const runId = addRun(store, { git: { commit: gone, branch: 'main', dirty: false } });
    bad.push([() => registry.register({ model: 'churn', runId, artifactPath: 'models/churn.pkl' }), new RegExp(`Commit ${gone.slice(0, 8)} of run ${runId} is not in this repository \\(rebased or deleted`)]);
    const beforeRun = { tags: tags(repo), counts: store.counts() };
    for (const [work, message] of bad) await refuses(work, message);
    assert.deepEqual(beforeRun.tags, before.tags);
    before.counts = beforeRun.counts;
    assert.deepEqual({ tags: tags(repo), counts: store.counts() }, before);

    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    await refuses(() => registry.register({ model: 'churn', version: 'v0.0.1', artifactPath: 'models/churn.pkl' }), /churn v0\.0\.1 is registered already/);
    await refuses(() => registry.register({ model: 'churn', version: 'v0.0.2', artifactPath: 'models/churn.pkl' }), /churn has v0\.0\.1 at commit [0-9a-f]{8} already; GTO keeps one version of a model per commit/);
    await refuses(() => registry.assign('churn', 'v0.0.1', 'production'), /Stage "production" is not allowed here \(allowed: dev, staging, prod/);
    await refuses(() => registry.assign('churn', 'v0.0.1', '-prod'), /must not start with "-"/);
    await refuses(() => registry.assign('churn', 'v9.9.9', 'prod'), /churn has no version v9\.9\.9 \(versions: v0\.0\.1\)/);
    await registry.assign('churn', 'v0.0.1', 'prod');
    await refuses(() => registry.assign('churn', 'v0.0.1', 'prod'), /churn v0\.0\.1 is in prod already/);
    await refuses(() => registry.rollback('churn', 'prod'), /No earlier version of churn held prod \(prod holds v0\.0\.1\)/);
    // A tag someone made by hand with the name the next write would take.
    commit(repo, 'train.py', 'print("2")\n');
    git(repo, ['tag', 'churn@v0.0.2']);
    await refuses(() => registry.register({ model: 'churn', version: 'v0.0.2', artifactPath: 'models/churn.pkl' }), /The tag churn@v0\.0\.2 already exists; nothing was written/);
    assert.deepEqual(tags(repo), ['churn#prod#1', 'churn@v0.0.1', 'churn@v0.0.2']);
    store.close();
  });

  it('unassigns, deregisters and deprecates with the tags gto writes', async () => {
    const repo = makeRepo();
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    await registry.assign('churn', 'v0.0.1', 'staging');
    await refuses(() => registry.unassign('churn', 'v0.0.1', 'prod'), /churn v0\.0\.1 is not in prod \(prod is empty\)/);
    assert.equal((await registry.unassign('churn', 'v0.0.1', 'staging')).tag, 'churn#staging!#2');
    assert.deepEqual(registry.model('churn')!.stages, []);
    assert.equal((await registry.deregister('churn', 'v0.0.1')).tag, 'churn@v0.0.1!');
    await refuses(() => registry.assign('churn', 'v0.0.1', 'prod'), /churn v0\.0\.1 is deregistered/);
    assert.equal(store.models.versions('churn')[0]!.deregistered, true);
    assert.equal((await registry.deprecate('churn')).tag, 'churn@deprecated');
    await refuses(() => registry.deprecate('churn'), /churn is deprecated already/);
    assert.equal(store.models.list()[0]!.deprecated, true);
    assert.deepEqual(registry.history('churn').map((e) => e.action), ['register', 'assign', 'unassign', 'deregister', 'deprecate']);
    store.close();
  });

  it('reads allowed stages from .gto, unless a setting overrides them', async () => {
    const repo = makeRepo();
    modelFile(repo);
    write(repo, '.gto', 'stages: [qa, live]\n');
    const { store, registry } = await openRegistry(repo);
    assert.deepEqual(registry.allowedStages(), ['qa', 'live']);
    assert.deepEqual(registry.allowedStages(['canary']), ['canary']);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', allowDirty: true });
    await refuses(() => registry.assign('churn', 'v0.0.1', 'prod'), /Stage "prod" is not allowed here \(allowed: qa, live/);
    assert.equal((await registry.assign('churn', 'v0.0.1', 'live')).tag, 'churn#live#1');
    const overridden = await Registry.open(repo, store, { stages: ['prod'] });
    assert.deepEqual(overridden.allowedStages(), ['prod']);
    await overridden.assign('churn', 'v0.0.1', 'prod');
    store.close();
  });

  it('refuses a name an MLflow model already has in the store', async () => {
    const repo = makeRepo();
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    store.write(() => store.models.upsertModel({ name: 'churn', description: null, createdAt: 1, origin: { source: 'mlflow', id: null, path: 'mlruns' } }));
    await refuses(() => registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' }), /"churn" is a model from mlflow in this store/);
    assert.deepEqual(tags(repo), []);
    store.close();
  });

  it('takes the tagger and tag time from git\'s environment when set, as git tag does (gto sets its tagger so)', { timeout: 120_000 }, async () => {
    const repo = makeRepo();
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    const tomorrow = Math.floor(Date.now() / 1000) * 1000 + 24 * 3600_000;
    const fixed = { GIT_COMMITTER_NAME: 'Release Bot', GIT_COMMITTER_EMAIL: 'bot@example.com', GIT_COMMITTER_DATE: new Date(tomorrow).toISOString() };
    Object.assign(process.env, fixed);
    try {
      await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    } finally {
      for (const key of Object.keys(fixed)) delete process.env[key];
    }
    assert.equal(git(repo, ['tag', '--list', '--format=%(taggername) %(taggeremail) %(taggerdate:unix)', 'churn@v0.0.1']), `Release Bot <bot@example.com> ${tomorrow / 1000}`);
    assert.deepEqual(registry.history('churn').map((e) => [e.actor, e.at]), [['Release Bot <bot@example.com>', tomorrow]]);
    assert.deepEqual(store.audit.list().map((a) => a.actor), ['Release Bot <bot@example.com>']);
    // The next write follows a tag dated a day ahead at once (the test's timeout would end a day's wait).
    assert.equal((await registry.assign('churn', 'v0.0.1', 'prod')).tag, 'churn#prod#1');
    assert.equal(registry.history('churn').find((e) => e.action === 'assign')!.actor, ACTOR);
    store.close();
  });

  it('has no registry outside a git repository', async () => {
    const dir = tempDir();
    assert.equal(await Registry.isAvailable(dir), false);
    const store = Store.open(dir);
    await refuses(() => Registry.open(dir, store), /is not in a git repository; the model registry lives in git tags/);
    store.close();
  });

  it('an empty repository cannot register yet', async () => {
    const repo = tempDir();
    git(repo, ['init', '-q', '-b', 'main']);
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    await refuses(() => registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' }), /no commit yet/);
    assert.match((await registry.status()).warnings.join('\n'), /no commit yet/);
    store.close();
  });
});

describe('registry: reproduce and inspect', () => {
  it('verifies an artifact: ok, modified, missing', async () => {
    const repo = makeRepo();
    const file = modelFile(repo, 'models/churn.pkl', 'weights\n');
    const { store, registry } = await openRegistry(repo);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    assert.equal(await registry.verifyArtifact('churn', 'v0.0.1'), 'ok');
    fs.writeFileSync(file, 'weightz\n'); // same size, other bytes
    assert.equal(await registry.verifyArtifact('churn', 'v0.0.1'), 'modified');
    fs.writeFileSync(file, 'other weights\n');
    assert.equal(await registry.verifyArtifact('churn', 'v0.0.1'), 'modified');
    fs.rmSync(file);
    assert.equal(await registry.verifyArtifact('churn', 'v0.0.1'), 'missing');
    store.close();
  });

  it('hashes a model folder and verifies it', async () => {
    const repo = makeRepo();
    write(repo, 'models/mlflow-model/MLmodel', 'flavors: {}\n');
    write(repo, 'models/mlflow-model/data/model.pkl', 'weights\n');
    const { store, registry } = await openRegistry(repo);
    const result = await registry.register({ model: 'clf', artifactPath: 'models/mlflow-model' });
    assert.equal(result.artifact.size, 'flavors: {}\n'.length + 'weights\n'.length);
    assert.equal(await registry.verifyArtifact('clf', 'v0.0.1'), 'ok');
    write(repo, 'models/mlflow-model/data/extra.txt', 'x');
    assert.equal(await registry.verifyArtifact('clf', 'v0.0.1'), 'modified');
    store.close();
  });

  it('cannot verify a version gto registered without a hash', async () => {
    const repo = makeRepo();
    git(repo, ['tag', '-a', 'churn@v1.0.0', '-m', 'Registering artifact churn version v1.0.0']);
    const { store, registry } = await openRegistry(repo);
    await registry.scan();
    await refuses(() => registry.verifyArtifact('churn', 'v1.0.0'), /no recorded artifact hash/);
    store.close();
  });

  it("opens a version's commit in a worktree under .modelledger/worktrees and removes it", async () => {
    const repo = makeRepo();
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    await registry.register({ model: 'team/churn', artifactPath: 'models/churn.pkl' });
    commit(repo, 'train.py', 'print("newer")\n');
    await registry.register({ model: 'team_churn', artifactPath: 'models/churn.pkl' });
    const dir = await registry.openWorktree('team/churn', 'v0.0.1');
    assert.equal(dir, path.join(repo, '.modelledger', 'worktrees', 'team+churn-v0.0.1'));
    assert.equal(fs.readFileSync(path.join(dir, 'train.py'), 'utf8'), 'print("training")\n');
    assert.equal(await registry.openWorktree('team/churn', 'v0.0.1'), dir, 'opening again gives the same worktree');
    const other = await registry.openWorktree('team_churn', 'v0.0.1');
    assert.equal(other, path.join(repo, '.modelledger', 'worktrees', 'team_churn-v0.0.1'), 'a GTO name with "_" gets a folder of its own');
    assert.equal(fs.readFileSync(path.join(other, 'train.py'), 'utf8'), 'print("newer")\n');
    await registry.removeWorktree(other);
    assert.equal(git(repo, ['status', '--porcelain']), '', 'the worktree is ignored by the main tree');
    write(dir, 'train.py', 'edited in the worktree\n');
    await refuses(() => registry.removeWorktree(dir), /could not remove the worktree/);
    await refuses(() => registry.removeWorktree(repo), /not a Model Ledger worktree/);
    await registry.removeWorktree(dir, { force: true });
    assert.equal(fs.existsSync(dir), false);
    store.close();
  });

  it('lists the files changed between two versions', async () => {
    const repo = makeRepo();
    modelFile(repo);
    const { store, registry } = await openRegistry(repo);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    commit(repo, 'features.py', 'FEATURES = []\n');
    git(repo, ['mv', 'train.py', 'fit.py']);
    git(repo, ['commit', '-q', '-m', 'Rename']);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    assert.deepEqual(await registry.changedFiles('churn', 'v0.0.1', 'v0.0.2'), [
      { status: 'added', path: 'features.py', oldPath: null },
      { status: 'renamed', path: 'fit.py', oldPath: 'train.py' },
    ]);
    assert.deepEqual(await registry.changedFiles('churn', 'v0.0.2', 'v0.0.1'), [
      { status: 'deleted', path: 'features.py', oldPath: null },
      { status: 'renamed', path: 'train.py', oldPath: 'fit.py' },
    ]);
    store.close();
  });
});
