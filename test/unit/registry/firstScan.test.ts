import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emptyMetadata, formatTagMessage, subjects } from '../../../src/core/tagMessage';
import { Registry } from '../../../src/registry/registry';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';
import { commit, configureUser, git, makeRepo } from './gitRepos';

/** `git tag -a` at a fixed time, as gto writes it. */
function tag(repo: string, name: string, ref: string, message: string, at: string): void {
  git(repo, ['tag', '-a', '--cleanup=verbatim', name, '-m', message, ref], { GIT_COMMITTER_DATE: at });
}

/** Everything the views read of a registry: the store's models and versions (descriptions, data sets, stages), each model's history and each version's metadata now. */
function registryView(store: Store, registry: Registry): unknown {
  return {
    models: store.models.withVersions(),
    history: registry.models().map((m) => registry.history(m.name)),
    metadata: registry.models().flatMap((m) => m.versions.map((v) => registry.versionMetadata(m.name, v.version))),
  };
}

describe('a first scan into an empty store', () => {
  it('stores the same registry as scans that bring an indexed store up to the same tags', async () => {
    const repo = makeRepo('first-scan-');
    const c1 = git(repo, ['rev-parse', 'HEAD']);
    const c2 = commit(repo, 'train.py', 'print("v2")\n');
    const sha = (c: string) => c.repeat(64);
    const metadata = {
      ...emptyMetadata(),
      run: 'run-7',
      artifact: { path: 'models/churn.pkl', sha256: sha('a'), size: 1234 },
      metrics: { loss: 0.25, acc: 0.9 },
      description: 'First churn model',
      data: [{ path: 'data/train.csv', sha256: sha('b'), role: 'training' as const, profile: null }, { path: 'data/eval.csv', sha256: null, role: 'evaluation' as const, profile: sha('c') }],
      labels: ['baseline'],
    };
    tag(repo, 'churn@v1.0.0', c1, formatTagMessage(subjects.register('churn', 'v1.0.0'), metadata), '2026-01-01T10:00:00Z');
    tag(repo, 'churn@v1.1.0', c2, formatTagMessage(subjects.register('churn', 'v1.1.0'), { ...metadata, run: 'run-8', metrics: { loss: 0.2 } }), '2026-01-02T10:00:00Z');
    tag(repo, 'churn#prod#1', c1, subjects.assign('churn', 'v1.0.0', 'prod'), '2026-01-03T10:00:00Z');
    tag(repo, 'churn#prod#2', c2, subjects.assign('churn', 'v1.1.0', 'prod'), '2026-01-04T10:00:00Z');
    tag(repo, 'churn#staging!#3', c1, subjects.unassign('churn', 'v1.0.0', 'staging'), '2026-01-05T10:00:00Z');
    tag(repo, 'rf@v0.1.0', c2, subjects.register('rf', 'v0.1.0'), '2026-01-06T10:00:00Z');
    tag(repo, 'rf@v0.1.0!', c2, subjects.deregister('rf', 'v0.1.0'), '2026-01-07T10:00:00Z');
    tag(repo, 'release-1', c1, 'Release 1', '2026-01-08T10:00:00Z');

    // One store indexes a single tag first, then the rest (every model read back from the index).
    const stepwiseStore = Store.open(tempDir('first-scan-stepwise-'));
    const freshStore = Store.open(tempDir('first-scan-fresh-'));
    try {
      const early = tempDir('first-scan-early-');
      git(early, ['clone', '-q', '--no-tags', repo, '.']);
      configureUser(early);
      git(early, ['fetch', '-q', 'origin', 'refs/tags/rf@v0.1.0:refs/tags/rf@v0.1.0']);
      const stepwise = await Registry.open(early, stepwiseStore);
      assert.equal((await stepwise.scan()).added, 1);
      git(early, ['fetch', '-q', '--tags', 'origin']);
      await stepwise.scan();
      const edited = await stepwise.editVersion('churn', 'v1.0.0', { description: 'Retrained on March data', labels: ['march'] });
      git(early, ['pack-refs', '--all']);

      const fresh = await Registry.open(early, freshStore);
      const first = await fresh.scan();
      assert.equal(first.added, 8, 'seven registry tags and the metadata record');
      assert.deepEqual(first.changedModels, ['churn', 'rf']);
      assert.equal(fresh.versionMetadata('churn', 'v1.0.0').description, 'Retrained on March data', 'the record over the registration');
      assert.equal(edited.tag.startsWith('model-ledger/metadata/churn/v1.0.0/'), true);
      assert.deepEqual(registryView(freshStore, fresh), registryView(stepwiseStore, stepwise));
    } finally {
      stepwiseStore.close();
      freshStore.close();
    }
  });
});
