import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REVIEW_REF_PREFIX } from '../../../src/git/reviewRefs';
import { Registry } from '../../../src/registry/registry';
import { exportModels } from '../../../src/store/export';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';
import { commit, configureUser, git, makeRepo, openRegistry } from './gitRepos';

const register = (model: string, version: string) => `Registering artifact ${model} version ${version}`;
const assign = (model: string, version: string, stage: string) => `Assigning stage ${stage} to artifact ${model} version ${version}`;

/** `git tag -a` as gto writes it, at a fixed time so that two runs read the same events. */
function tag(repo: string, name: string, ref: string, message: string, at: string): void {
  git(repo, ['tag', '-a', name, '-m', message, ref], { GIT_COMMITTER_DATE: at });
}

/** A repository with two models' tags, all packed (as in a clone), beside unrelated tags. */
function makePackedRepo(): { repo: string; c1: string; c2: string } {
  const repo = makeRepo('refresh-');
  const c1 = git(repo, ['rev-parse', 'HEAD']);
  const c2 = commit(repo, 'train.py', 'print("v2")\n');
  tag(repo, 'churn@v1.0.0', c1, register('churn', 'v1.0.0'), '2026-01-01T10:00:00Z');
  tag(repo, 'churn@v1.1.0', c2, register('churn', 'v1.1.0'), '2026-01-02T10:00:00Z');
  tag(repo, 'churn#prod#1', c1, assign('churn', 'v1.0.0', 'prod'), '2026-01-03T10:00:00Z');
  tag(repo, 'rf@v0.1.0', c2, register('rf', 'v0.1.0'), '2026-01-04T10:00:00Z');
  tag(repo, 'release-1', c1, 'Release 1', '2026-01-05T10:00:00Z');
  git(repo, ['tag', 'build/1', c1]);
  git(repo, ['pack-refs', '--all']);
  return { repo, c1, c2 };
}

/** What the views read from the store and the history of each model: two stores that agree on these show the same registry. */
function registryView(store: Store, registry: Registry): unknown {
  return { models: exportModels(store), history: registry.models().map((m) => registry.history(m.name).map((e) => [e.tag, e.version, e.stage, e.commit, e.at, e.subject])) };
}

/** The refreshed registry equals a full scan of the same tags into a new store. */
async function assertSameAsFullScan(repo: string, store: Store, registry: Registry): Promise<void> {
  const freshStore = Store.open(tempDir('refresh-store-'));
  try {
    const fresh = await Registry.open(repo, freshStore);
    await fresh.scan();
    assert.deepEqual(registryView(store, registry), registryView(freshStore, fresh));
  } finally {
    freshStore.close();
  }
}

describe('registry refresh: reads only the tags that changed since the last scan', () => {
  it('reads a new tag among packed ones, and nothing when nothing changed', async () => {
    const { repo, c2 } = makePackedRepo();
    const { store, registry } = await openRegistry(repo);
    try {
      const first = await registry.scan();
      assert.deepEqual([first.added, first.removed, first.changedModels], [4, 0, ['churn', 'rf']], 'the annotated registry tags only');
      const idle = await registry.scan();
      assert.deepEqual([idle.added, idle.removed, idle.changedModels], [0, 0, []]);
      tag(repo, 'churn#prod#2', c2, assign('churn', 'v1.1.0', 'prod'), '2026-01-06T10:00:00Z');
      const refreshed = await registry.scan();
      assert.deepEqual([refreshed.added, refreshed.removed, refreshed.changedModels], [1, 0, ['churn']]);
      assert.deepEqual([first.compared, refreshed.compared], [6, 1], 'every tag at first; then only the new loose ref');
      assert.deepEqual(registry.model('churn')!.stages.map((s) => [s.stage, s.version]), [['prod', 'v1.1.0']]);
    } finally {
      store.close();
    }
  });

  it('a tag deleted and made again with another message is read again, loose or packed', async () => {
    const { repo, c1, c2 } = makePackedRepo();
    const { store, registry } = await openRegistry(repo);
    try {
      await registry.scan();
      // Packed: deleting it rewrites packed-refs, and the new one is loose.
      git(repo, ['tag', '-d', 'rf@v0.1.0']);
      tag(repo, 'rf@v0.1.0', c1, 'Registering artifact rf version v0.1.0 (again, at the first commit)', '2026-02-01T10:00:00Z');
      const moved = await registry.scan();
      assert.deepEqual([moved.added, moved.removed, moved.changedModels], [1, 0, ['rf']]);
      assert.equal(registry.version('rf', 'v0.1.0').commit, c1);
      assert.equal(registry.history('rf')[0]!.subject, 'Registering artifact rf version v0.1.0 (again, at the first commit)');
      // Loose: the tag just made, moved once more with packed-refs untouched.
      tag(repo, 'churn#prod#9', c2, assign('churn', 'v1.1.0', 'prod'), '2026-02-02T10:00:00Z');
      await registry.scan();
      git(repo, ['tag', '-f', '-a', 'churn#prod#9', '-m', assign('churn', 'v1.0.0', 'prod'), c1], { GIT_COMMITTER_DATE: '2026-02-03T10:00:00Z' });
      const again = await registry.scan();
      assert.deepEqual([again.added, again.removed, again.changedModels], [1, 0, ['churn']]);
      assert.equal(registry.model('churn')!.stages.find((s) => s.stage === 'prod')!.version, 'v1.0.0');
      await assertSameAsFullScan(repo, store, registry);
    } finally {
      store.close();
    }
  });

  it('a deleted tag leaves the index, loose or packed', async () => {
    const { repo, c2 } = makePackedRepo();
    const { store, registry } = await openRegistry(repo);
    try {
      await registry.scan();
      git(repo, ['tag', '-d', 'churn#prod#1']);
      const packed = await registry.scan();
      assert.deepEqual([packed.added, packed.removed, packed.changedModels], [0, 1, ['churn']]);
      assert.deepEqual(registry.model('churn')!.stages, []);
      tag(repo, 'rf#dev#1', c2, assign('rf', 'v0.1.0', 'dev'), '2026-02-01T10:00:00Z');
      await registry.scan();
      git(repo, ['tag', '-d', 'rf#dev#1']);
      const loose = await registry.scan();
      assert.deepEqual([loose.added, loose.removed, loose.changedModels], [0, 1, ['rf']]);
      assert.deepEqual(registry.model('rf')!.stages, []);
      git(repo, ['tag', '-d', 'rf@v0.1.0']);
      const lastTag = await registry.scan();
      assert.deepEqual([lastTag.removed, lastTag.changedModels, registry.model('rf')], [1, ['rf'], null], "a model's last tag gone, the model is gone");
      await assertSameAsFullScan(repo, store, registry);
    } finally {
      store.close();
    }
  });

  it('ignores a lightweight tag with a registry name, and drops an annotated one made again as lightweight', async () => {
    const { repo, c1, c2 } = makePackedRepo();
    const { store, registry } = await openRegistry(repo);
    try {
      await registry.scan();
      git(repo, ['tag', 'churn@v2.0.0', c2]);
      const lightweight = await registry.scan();
      assert.deepEqual([lightweight.added, lightweight.removed, lightweight.changedModels], [0, 0, []]);
      assert.deepEqual(registry.model('churn')!.versions.map((v) => v.version), ['v1.1.0', 'v1.0.0']);
      git(repo, ['tag', '-d', 'churn#prod#1']);
      git(repo, ['tag', 'churn#prod#1', c1]);
      const replaced = await registry.scan();
      assert.deepEqual([replaced.added, replaced.removed, replaced.changedModels], [0, 1, ['churn']]);
      assert.deepEqual(registry.model('churn')!.stages, [], 'GTO reads annotated tags only');
      await assertSameAsFullScan(repo, store, registry);
    } finally {
      store.close();
    }
  });

  it('reads tags that git fetch brings into a clone (packed refs there), and tags deleted upstream stay until pruned', async () => {
    const { repo: origin, c2 } = makePackedRepo();
    const dir = path.join(tempDir('refresh-clone-'), 'repo');
    git(path.dirname(dir), ['clone', '-q', origin, dir]);
    configureUser(dir);
    assert.ok(fs.existsSync(path.join(dir, '.git', 'packed-refs')), 'a clone keeps its tags in packed-refs');
    const { store, registry } = await openRegistry(dir);
    try {
      const cloned = await registry.scan();
      assert.deepEqual([cloned.added, cloned.changedModels], [4, ['churn', 'rf']]);
      tag(origin, 'rf#staging#1', c2, assign('rf', 'v0.1.0', 'staging'), '2026-03-01T10:00:00Z');
      tag(origin, 'segment@v0.0.1', c2, register('segment', 'v0.0.1'), '2026-03-02T10:00:00Z');
      git(dir, ['fetch', '-q', '--tags', 'origin']);
      const fetched = await registry.scan();
      assert.deepEqual([fetched.added, fetched.removed, fetched.changedModels], [2, 0, ['rf', 'segment']]);
      git(origin, ['tag', '-d', 'segment@v0.0.1']);
      git(dir, ['fetch', '-q', '--prune', '--prune-tags', 'origin']);
      const pruned = await registry.scan();
      assert.deepEqual([pruned.added, pruned.removed, pruned.changedModels], [0, 1, ['segment']]);
      assert.equal(registry.model('segment'), null);
      await assertSameAsFullScan(dir, store, registry);
    } finally {
      store.close();
    }
  });

  it("indexes Model Ledger's metadata records, and leaves review refs (outside refs/tags) to the reviews", async () => {
    const { repo } = makePackedRepo();
    const { store, registry } = await openRegistry(repo);
    try {
      await registry.scan();
      const edited = await registry.editVersion('churn', 'v1.1.0', { description: 'Retrained on March data', labels: ['march'] });
      assert.match(edited.tag, /^model-ledger\/metadata\/churn\/v1\.1\.0\/\d+$/, 'a loose ref in folders under refs/tags');
      const registration = git(repo, ['rev-parse', 'refs/tags/churn@v1.1.0']);
      git(repo, ['update-ref', `${REVIEW_REF_PREFIX}churn/${registration}`, registration]);
      const afterWrite = await registry.scan();
      assert.deepEqual([afterWrite.added, afterWrite.removed], [0, 0], 'the write indexed its own tag; a review ref is not a tag');
      assert.equal(registry.versionMetadata('churn', 'v1.1.0').description, 'Retrained on March data');
      const record = git(repo, ['rev-parse', `refs/tags/${edited.tag}`]);
      git(repo, ['tag', '-d', edited.tag]);
      const deleted = await registry.scan();
      assert.deepEqual([deleted.removed, registry.versionMetadata('churn', 'v1.1.0').description], [1, null]);
      // The same record coming back (fetched from a teammate who has it): read by the next refresh.
      git(repo, ['update-ref', `refs/tags/${edited.tag}`, record]);
      const back = await registry.scan();
      assert.deepEqual([back.added, registry.versionMetadata('churn', 'v1.1.0').description], [1, 'Retrained on March data']);
      await assertSameAsFullScan(repo, store, registry);
    } finally {
      store.close();
    }
  });

  it('stays right when another connection scans the same store meanwhile (the CLI beside the editor)', async () => {
    const { repo, c2 } = makePackedRepo();
    const editor = await openRegistry(repo);
    try {
      await editor.registry.scan();
      tag(repo, 'rf#prod#1', c2, assign('rf', 'v0.1.0', 'prod'), '2026-04-01T10:00:00Z');
      const cli = await openRegistry(repo);
      assert.deepEqual((await cli.registry.scan()).changedModels, ['rf']);
      git(repo, ['tag', '-d', 'rf#prod#1']);
      cli.store.close();
      const refreshed = await editor.registry.scan();
      assert.deepEqual([refreshed.removed, refreshed.changedModels], [1, ['rf']], 'the tag the CLI indexed and git lost since');
      assert.equal(refreshed.compared, 6, 'another connection wrote the store: every tag is compared again');
      assert.deepEqual(editor.registry.model('rf')!.stages, []);
      await assertSameAsFullScan(repo, editor.store, editor.registry);
    } finally {
      editor.store.close();
    }
  });

  it('asks git for the list when a tag ref is not a plain file git reads alike (a symbolic ref)', async () => {
    const { repo, c2 } = makePackedRepo();
    git(repo, ['symbolic-ref', 'refs/tags/latest', 'refs/tags/churn@v1.1.0']);
    const { store, registry } = await openRegistry(repo);
    try {
      const first = await registry.scan();
      assert.deepEqual([first.added, first.changedModels], [4, ['churn', 'rf']]);
      tag(repo, 'rf#dev#1', c2, assign('rf', 'v0.1.0', 'dev'), '2026-05-01T10:00:00Z');
      const refreshed = await registry.scan();
      assert.deepEqual([refreshed.added, refreshed.changedModels, refreshed.compared], [1, ['rf'], 8], 'git lists every tag, the symbolic one too');
      await assertSameAsFullScan(repo, store, registry);
    } finally {
      store.close();
    }
  });
  it('after two scans of one store overlap, the next compares every tag (either may have indexed from the other listing)', async () => {
    const { repo, c2 } = makePackedRepo();
    const { store, registry } = await openRegistry(repo);
    try {
      await registry.scan();
      tag(repo, 'rf#dev#1', c2, assign('rf', 'v0.1.0', 'dev'), '2026-05-01T10:00:00Z');
      await Promise.all([registry.scan(), registry.scan()]);
      git(repo, ['tag', '-d', 'rf#dev#1']);
      const after = await registry.scan();
      assert.equal(after.compared, 6, 'a full comparison: no listing of an overlapped scan is trusted');
      assert.deepEqual([after.removed, registry.model('rf')!.stages], [1, []]);
      const alone = await registry.scan();
      assert.equal(alone.compared, 0, 'a scan that ran alone is trusted again: nothing changed since');
      await assertSameAsFullScan(repo, store, registry);
    } finally {
      store.close();
    }
  });

  it('reads the refs of a linked worktree from the repository they share, and ignores dot files among tag refs as git does', async () => {
    const { repo, c2 } = makePackedRepo();
    const linked = path.join(tempDir('refresh-worktree-'), 'linked');
    git(repo, ['worktree', 'add', '-q', '--detach', linked]);
    fs.writeFileSync(path.join(repo, '.git', 'refs', 'tags', '.DS_Store'), 'not a ref');
    const { store, registry } = await openRegistry(linked);
    try {
      const first = await registry.scan();
      assert.deepEqual([first.added, first.changedModels, first.compared], [4, ['churn', 'rf'], 6], "the shared tags, read from the ref files (git's listing would count the same 6)");
      tag(repo, 'rf#dev#1', c2, assign('rf', 'v0.1.0', 'dev'), '2026-05-01T10:00:00Z');
      const refreshed = await registry.scan();
      assert.deepEqual([refreshed.added, refreshed.compared], [1, 1], 'only the new loose ref: the dot file did not turn the reader away');
      await assertSameAsFullScan(linked, store, registry);
    } finally {
      store.close();
    }
  });
});
