import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFromMonitorWebview, parseMonitorPanelState } from '../../../src/protocol/monitor';
import { monitorStages, type MonitorCheckInput } from '../../../src/protocol/monitorStages';

describe('the Monitoring panel protocol', () => {
  it('takes exactly the known messages and drops anything else', () => {
    for (const message of [{ type: 'ready' }, { type: 'openReport', checkId: 7 }, { type: 'openBatch', path: 'data/incoming/a.csv' }, { type: 'openConfig' }]) {
      assert.deepEqual(parseFromMonitorWebview(message), message);
    }
    for (const bad of [
      null, 'ready', { type: 'ready', extra: 1 }, { type: 'openReport', checkId: 0 }, { type: 'openReport', checkId: 1.5 }, { type: 'openReport', checkId: '7' },
      { type: 'openBatch', path: '' }, { type: 'openBatch', path: 'x'.repeat(1001) }, { type: 'openBatch' }, { type: 'delete', checkId: 1 },
    ]) {
      assert.equal(parseFromMonitorWebview(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseMonitorPanelState({ folder: '/ws', model: 'churn', ui: {} }), { folder: '/ws', model: 'churn' });
    assert.equal(parseMonitorPanelState({ folder: '/ws' }), undefined);
  });

  it('draws each watched stage, and per column that ever drifted its score per batch, the most drifted first', () => {
    const check = (id: number, stage: string, columns: MonitorCheckInput['columns']): MonitorCheckInput => ({
      id, stage, batchPath: `b${id}.csv`, checkedAt: id * 1000, version: 'v1', rows: 10, driftShare: columns.filter((c) => c.drift).length / columns.length, shareThreshold: 0.5,
      datasetDrift: columns.filter((c) => c.drift).length / columns.length >= 0.5, columns,
    });
    const stages = monitorStages(
      [
        check(1, 'prod', [{ name: 'age', test: 'ks', pValue: 0.2, threshold: 0.05, score: 0.8, drift: false }, { name: 'city', test: 'jensenshannon', pValue: null, threshold: 0.1, score: 0.05, drift: false }]),
        check(2, 'prod', [{ name: 'age', test: 'ks', pValue: 0.01, threshold: 0.05, score: 0.99, drift: true }, { name: 'city', test: 'jensenshannon', pValue: null, threshold: 0.1, score: 0.3, drift: true }]),
        check(3, 'prod', [{ name: 'city', test: 'jensenshannon', pValue: null, threshold: 0.1, score: 0.02, drift: false }]),
        check(4, 'canary', [{ name: 'age', test: 'ks', pValue: 0.5, threshold: 0.05, score: 0.5, drift: false }]),
      ],
      [{ stage: 'staging', rules: { share: 0.3 }, important: [] }, { stage: 'prod', rules: { share: 0.5 }, important: ['city'] }],
    );
    assert.deepEqual(stages.map((s) => [s.stage, s.shareThreshold, s.batches.map((b) => b.checkId)]), [['staging', 0.3, []], ['prod', 0.5, [1, 2, 3]], ['canary', 0.5, [4]]]);
    const prod = stages[1]!;
    assert.deepEqual(prod.batches.map((b) => b.drifted), [[], ['age', 'city'], []]);
    assert.deepEqual(prod.features, [
      { column: 'age', test: 'ks', scores: [0.8, 0.99, null], drift: [false, true, false], threshold: 0.95, important: false },
      { column: 'city', test: 'jensenshannon', scores: [0.05, 0.3, 0.02], drift: [false, true, false], threshold: 0.1, important: true },
    ]);
    assert.deepEqual(stages[2]!.features, [], 'a column that never drifted is not drawn');
  });
});
