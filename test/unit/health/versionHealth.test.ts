import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriftCheckSummary, HealthInput, MetricMargins } from '../../../src/core/health/types';
import { combineHealth, isUnhealthy, versionHealth } from '../../../src/core/health/versionHealth';

const T = 1_767_225_600_000;
const MARGINS: MetricMargins = { relative: 0.05 };

function check(fields: Partial<DriftCheckSummary> = {}): DriftCheckSummary {
  return { checkedAt: T, batch: 'data/incoming/2026-01.parquet', datasetDrift: false, driftShare: 0.1, shareThreshold: 0.5, driftedColumns: [], ...fields };
}

function input(fields: Partial<HealthInput> = {}): HealthInput {
  return { stage: 'prod', latestCheck: null, importantColumns: [], registeredMetrics: {}, evaluations: [], margins: MARGINS, ...fields };
}

describe('version health', () => {
  it('is unknown when nothing was checked and nothing evaluated', () => {
    const health = versionHealth(input());
    assert.deepEqual(health, { state: 'unknown', reasons: [{ kind: 'not-checked', stage: 'prod' }], alertKey: null });
    assert.equal(isUnhealthy(health.state), false);
  });

  it('is ok after a check without drift, and says which batch was checked', () => {
    const health = versionHealth(input({ latestCheck: check({ driftShare: 0.2, driftedColumns: [{ name: 'tenure', score: 0.3 }] }) }));
    assert.equal(health.state, 'ok');
    assert.deepEqual(health.reasons, [{ kind: 'checked-ok', stage: 'prod', batch: 'data/incoming/2026-01.parquet', driftShare: 0.2, checkedAt: T }]);
    assert.equal(health.alertKey, null);
  });

  it('is drift on dataset drift, with the share and threshold as the reason', () => {
    const health = versionHealth(input({ latestCheck: check({ datasetDrift: true, driftShare: 0.6, driftedColumns: [{ name: 'a', score: 0.9 }] }) }));
    assert.equal(health.state, 'drift');
    assert.deepEqual(health.reasons, [{ kind: 'dataset-drift', stage: 'prod', batch: 'data/incoming/2026-01.parquet', driftShare: 0.6, shareThreshold: 0.5, checkedAt: T }]);
    assert.equal(health.alertKey, 'drift:prod:data/incoming/2026-01.parquet');
    assert.equal(isUnhealthy(health.state), true);
  });

  it('is drift when an important column drifted, though the share is under the threshold', () => {
    const latestCheck = check({ driftShare: 0.1, driftedColumns: [{ name: 'tenure', score: 0.42 }, { name: 'age', score: 0.2 }] });
    const health = versionHealth(input({ latestCheck, importantColumns: ['tenure', 'plan'] }));
    assert.equal(health.state, 'drift');
    assert.deepEqual(health.reasons, [{ kind: 'important-column-drift', stage: 'prod', batch: latestCheck.batch, column: 'tenure', score: 0.42, checkedAt: T }]);
    // The same check with no column marked important is healthy.
    assert.equal(versionHealth(input({ latestCheck })).state, 'ok');
  });

  it('lists dataset drift and each drifted important column', () => {
    const health = versionHealth(input({ latestCheck: check({ datasetDrift: true, driftShare: 1, driftedColumns: [{ name: 'a', score: 1 }, { name: 'b', score: 0.5 }] }), importantColumns: ['b', 'a'] }));
    assert.deepEqual(health.reasons.map((r) => (r.kind === 'important-column-drift' ? `${r.kind}:${r.column}` : r.kind)), ['dataset-drift', 'important-column-drift:a', 'important-column-drift:b']);
  });

  it('is ok when the latest evaluation is within the margins', () => {
    const health = versionHealth(input({ stage: null, registeredMetrics: { accuracy: 0.9, loss: 0.3 }, evaluations: [{ runId: 'e1', at: T, metrics: { accuracy: 0.88, loss: 0.31 } }] }));
    assert.equal(health.state, 'ok');
    assert.deepEqual(health.reasons, [{ kind: 'evaluated-ok', runId: 'e1', at: T, metrics: 2 }]);
  });

  describe('degraded: a metric worse than at registration by more than the margin', () => {
    const registeredMetrics = { accuracy: 0.9, val_loss: 0.3 };
    const degraded = (metrics: Record<string, number>, margins = MARGINS) =>
      versionHealth(input({ registeredMetrics, evaluations: [{ runId: 'e1', at: T, metrics }], margins }));

    it('a loss going up is worse; going down is not', () => {
      const up = degraded({ val_loss: 0.4 });
      assert.equal(up.state, 'degraded');
      const reason = up.reasons[0]!;
      assert.equal(reason.kind, 'metric-degraded');
      assert.ok(reason.kind === 'metric-degraded');
      assert.equal(reason.metric, 'val_loss');
      assert.equal(reason.direction, 'lower');
      assert.ok(Math.abs(reason.worseBy - 0.1) < 1e-12);
      assert.ok(Math.abs(reason.margin - 0.015) < 1e-12, '5 % of 0.3');
      assert.equal(up.alertKey, 'degraded:e1');
      assert.equal(degraded({ val_loss: 0.1 }).state, 'ok');
    });

    it('an accuracy going down is worse; going up is not', () => {
      const down = degraded({ accuracy: 0.8 });
      assert.equal(down.state, 'degraded');
      assert.deepEqual(down.reasons.map((r) => r.kind === 'metric-degraded' && [r.metric, r.direction]), [['accuracy', 'higher']]);
      assert.equal(degraded({ accuracy: 0.99 }).state, 'ok');
    });

    it('worse by exactly the margin is still within it; just past it is not', () => {
      // Values exact in binary, so that "exactly" is exact.
      const at = (accuracy: number, margins: MetricMargins) => versionHealth(input({ registeredMetrics: { accuracy: 0.75 }, evaluations: [{ runId: 'e', at: T, metrics: { accuracy } }], margins })).state;
      assert.equal(at(0.5, { relative: 0, absolute: { accuracy: 0.25 } }), 'ok');
      assert.equal(at(0.4999, { relative: 0, absolute: { accuracy: 0.25 } }), 'degraded');
      assert.equal(at(0.5625, { relative: 0.25 }), 'ok', '25 % of 0.75 is 0.1875');
      assert.equal(at(0.5624, { relative: 0.25 }), 'degraded');
    });

    it('an absolute margin of a metric replaces the relative one', () => {
      assert.equal(degraded({ val_loss: 0.34 }).state, 'degraded', 'relative: 0.04 > 0.015');
      assert.equal(degraded({ val_loss: 0.34 }, { relative: 0.05, absolute: { val_loss: 0.05 } }).state, 'ok');
    });

    it('the user\'s direction wins over the name\'s', () => {
      // "score" says nothing; told lower is better, a rise is worse.
      const health = versionHealth(input({ registeredMetrics: { score: 10 }, evaluations: [{ runId: 'e', at: T, metrics: { score: 12 } }], margins: { relative: 0.05, directions: { score: 'lower' } } }));
      assert.equal(health.state, 'degraded');
      assert.equal(versionHealth(input({ registeredMetrics: { score: 10 }, evaluations: [{ runId: 'e', at: T, metrics: { score: 12 } }] })).state, 'ok', 'no direction: never worse');
    });

    it('a metric with no direction, not evaluated, or not finite counts for nothing', () => {
      const health = versionHealth(input({ stage: null, registeredMetrics: { epochs: 10, accuracy: 0.9, loss: Number.NaN }, evaluations: [{ runId: 'e', at: T, metrics: { epochs: 1, loss: 5 } }] }));
      assert.equal(health.state, 'ok');
      assert.deepEqual(health.reasons, [{ kind: 'evaluated-ok', runId: 'e', at: T, metrics: 0 }]);
    });

    it('only the latest evaluation counts, whatever the order given', () => {
      const evaluations = [
        { runId: 'late', at: T + 2, metrics: { accuracy: 0.9 } },
        { runId: 'early', at: T, metrics: { accuracy: 0.5 } },
      ];
      assert.equal(versionHealth(input({ registeredMetrics, evaluations })).state, 'ok');
      assert.equal(versionHealth(input({ registeredMetrics, evaluations: [...evaluations].reverse() })).state, 'ok');
      assert.equal(versionHealth(input({ registeredMetrics, evaluations: [...evaluations, { runId: 'latest', at: T + 3, metrics: { accuracy: 0.5 } }] })).state, 'degraded');
    });

    it('degraded wins over drift, and both are told', () => {
      const health = versionHealth(input({ registeredMetrics, latestCheck: check({ datasetDrift: true, driftShare: 0.7 }), evaluations: [{ runId: 'e1', at: T, metrics: { accuracy: 0.5 } }] }));
      assert.equal(health.state, 'degraded');
      assert.deepEqual(health.reasons.map((r) => r.kind), ['metric-degraded', 'dataset-drift']);
      assert.equal(health.alertKey, 'drift:prod:data/incoming/2026-01.parquet|degraded:e1');
    });
  });

  describe('a version in several stages', () => {
    it('takes the worst state and every stage\'s reasons, unhealthy first, each once', () => {
      const prod = versionHealth(input({ stage: 'prod', latestCheck: check({ datasetDrift: true, driftShare: 0.8 }) }));
      const staging = versionHealth(input({ stage: 'staging' }));
      const both = combineHealth([staging, prod]);
      assert.equal(both.state, 'drift');
      assert.deepEqual(both.reasons.map((r) => r.kind), ['dataset-drift', 'not-checked']);
      assert.equal(both.alertKey, prod.alertKey);
      assert.deepEqual(combineHealth([prod, prod]).reasons, prod.reasons);
    });

    it('is unknown with no stage at all', () => {
      assert.equal(combineHealth([]).state, 'unknown');
      assert.equal(combineHealth([versionHealth(input()), versionHealth(input({ stage: 'staging', latestCheck: check() }))]).state, 'ok');
    });
  });
});
