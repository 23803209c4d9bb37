import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dvcFileOuts, dvcLockOuts, dvcMetafileCandidates, outHolding, parseDirManifest } from '../../../src/core/artifacts/dvcOuts';
import { parseResolveRef } from '../../../src/core/artifacts/resolveRef';

describe('resolve references', () => {
  it('reads the git registry\'s refs and MLflow\'s numbered versions; says what an MLflow version looks like', () => {
    assert.deepEqual(parseResolveRef('churn#prod'), { model: 'churn', kind: 'stage', stage: 'prod' });
    assert.deepEqual(parseResolveRef('churn@v3.1.0'), { model: 'churn', kind: 'version', version: 'v3.1.0' });
    assert.deepEqual(parseResolveRef('churn@latest'), { model: 'churn', kind: 'latest' });
    assert.deepEqual(parseResolveRef('tracking-quickstart@3'), { model: 'tracking-quickstart', kind: 'version', version: '3' });
    assert.throws(() => parseResolveRef('churn@03'), /is not a GTO version: use v \+ semver.* An MLflow version is its number: NAME@3\./);
    assert.throws(() => parseResolveRef('churn'), /is not a version/);
  });
});

describe('DVC metafiles', () => {
  it('outs of a .dvc file and of dvc.lock stages, relative to their folder, with the hash that picks the cache layout', () => {
    assert.deepEqual(dvcFileOuts('outs:\n- md5: 0123456789abcdef0123456789abcdef\n  size: 3\n  hash: md5\n  path: churn.pkl\n', 'models/churn.pkl.dvc'), [
      { path: 'models/churn.pkl', md5: '0123456789abcdef0123456789abcdef', hash: 'md5', recordedIn: 'models/churn.pkl.dvc' },
    ]);
    const lock = "schema: '2.0'\nstages:\n  train:\n    outs:\n    - path: model/forest\n      md5: 0123456789abcdef0123456789abcdef.dir\n    - path: ../../outside\n      md5: 0123456789abcdef0123456789abcdef\n";
    assert.deepEqual(dvcLockOuts(lock, 'sub/dvc.lock'), [{ path: 'sub/model/forest', md5: '0123456789abcdef0123456789abcdef.dir', hash: 'md5-dos2unix', recordedIn: 'sub/dvc.lock' }]);
    const outs = dvcLockOuts(lock, 'dvc.lock');
    assert.deepEqual(outHolding(outs, 'model/forest/trees.bin')?.inside, 'trees.bin');
    assert.equal(outHolding(outs, 'model/forester'), null);
    assert.deepEqual(dvcMetafileCandidates('a/b/c.pkl'), { dvcFiles: ['a/b/c.pkl.dvc', 'a/b.dvc', 'a.dvc'], lockFiles: ['a/b/dvc.lock', 'a/dvc.lock', 'dvc.lock'] });
  });

  it('folder manifests: entries that climb out, absolute ones and malformed ones are refused by name', () => {
    const md5 = '0123456789abcdef0123456789abcdef';
    assert.deepEqual(parseDirManifest(`[{"md5": "${md5}", "relpath": "a/b.bin"}]`, 'x.dir'), [{ md5, relpath: 'a/b.bin' }]);
    assert.throws(() => parseDirManifest(`[{"md5": "${md5}", "relpath": "/etc/passwd"}]`, 'x.dir'), /x\.dir is not a DVC folder manifest: entry "\/etc\/passwd" leads outside the folder\./);
    assert.throws(() => parseDirManifest(`[{"md5": "${md5}", "relpath": "a/../../b"}]`, 'x.dir'), /entry "a\/\.\.\/\.\.\/b" leads outside/);
    assert.throws(() => parseDirManifest('{"md5": 1}', 'x.dir'), /not a list/);
    assert.throws(() => parseDirManifest('[{"relpath": "a"}]', 'x.dir'), /an entry is not \{"md5", "relpath"\}/);
  });
});
