import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { localDataPath, recordedDataPath } from '../../src/core/lineage/dataPath';
import { metricsAgainstRegistered, roleOfInput } from '../../src/core/lineage/evaluation';
import { parseLinkedVersion } from '../../src/core/lineage/linkedVersion';

describe('lineage core', () => {
  it('reads model@version, the model being all before the last @', () => {
    assert.deepEqual(parseLinkedVersion('churn@v3.1.0'), { model: 'churn', version: 'v3.1.0' });
    assert.deepEqual(parseLinkedVersion(' team/churn@7 '), { model: 'team/churn', version: '7' });
    assert.deepEqual(parseLinkedVersion('me@corp@v1.0.0'), { model: 'me@corp', version: 'v1.0.0' });
    for (const bad of ['', 'churn', 'churn#prod', '@v1', 'churn@', 'churn @v1', 'a'.repeat(300) + '@v1']) assert.equal(parseLinkedVersion(bad), null, bad);
  });

  it('compares only the metrics both sides have, with the delta of each', () => {
    const registered = { auc: 0.9, f1: 0.8 };
    // toString is on every object's prototype, not a registered metric.
    const rows = metricsAgainstRegistered(registered, new Map([['loss', 0.3], ['f1', Number.NaN], ['auc', 0.85], ['toString', 1]]));
    assert.deepEqual(rows.map((r) => r.key), ['auc', 'f1']);
    assert.ok(Math.abs(rows[0]!.delta + 0.05) < 1e-12);
    assert.ok(Number.isNaN(rows[1]!.delta), 'a NaN evaluation stays NaN, not a number that looks like a change');
    assert.deepEqual(metricsAgainstRegistered({}, new Map([['auc', 1]])), []);
  });

  it('takes a run input for evaluation data only when its context says so', () => {
    for (const context of ['eval', 'Validation', ' test ', 'holdout']) assert.equal(roleOfInput({ context }), 'evaluation', context);
    for (const context of [undefined, 'train', 'training', 'features', '']) assert.equal(roleOfInput({ context }), 'training', String(context));
  });

  it('finds recorded dataset paths on this machine, and only those', () => {
    const root = path.resolve('/repo');
    assert.equal(localDataPath(root, 'data/train.csv'), path.join(root, 'data', 'train.csv'));
    assert.equal(localDataPath(root, pathToFileURL(path.join(root, 'x.csv')).href), path.join(root, 'x.csv'));
    for (const remote of ['s3://bucket/a.csv', 'https://example.com/a.csv', 'dbfs:/a', 'file://server/share/a.csv']) assert.equal(localDataPath(root, remote), null, remote);
    assert.equal(recordedDataPath(root, path.join(root, 'data', 'a.csv')), 'data/a.csv');
    assert.equal(recordedDataPath(root, path.resolve('/elsewhere/a.csv')), path.resolve('/elsewhere/a.csv'));
  });
});
