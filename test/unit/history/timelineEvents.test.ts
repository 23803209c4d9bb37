import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GateOutcome, GateResult } from '../../../src/core/governance/gateResult';
import type { Review } from '../../../src/core/governance/review';
import { auditEvent, mergeTimeline } from '../../../src/core/history/timeline';
import type { ResolvedEvent } from '../../../src/core/registryState';
import { emptyMetadata } from '../../../src/core/tagMessage';
import type { AuditEntry } from '../../../src/core/types';

const entry = (id: number, action: string, target: string, after: unknown = null): AuditEntry => ({ id, at: 1_000 * id, actor: 'Ada <ada@example.com>', action, target, before: null, after });

describe('timeline events of audit entries and tags', () => {
  it('reads model, version and stage from each kind of registry target', () => {
    const read = (e: AuditEntry) => {
      const t = auditEvent(e);
      return [t.model, t.version, t.stage, t.target];
    };
    assert.deepEqual(read(entry(1, 'version.register', 'churn@v1.2.0', { tag: 'churn@v1.2.0' })), ['churn', 'v1.2.0', null, 'churn@v1.2.0']);
    assert.deepEqual(read(entry(2, 'stage.assign', 'churn#prod', { version: 'v1.2.0', tag: 'churn#prod#1' })), ['churn', 'v1.2.0', 'prod', 'churn#prod']);
    assert.deepEqual(read(entry(3, 'stage.unassign', 'churn#prod', { unassigned: 'v1.2.0', tag: 'churn#prod!#2' })), ['churn', 'v1.2.0', 'prod', 'churn#prod']);
    assert.deepEqual(read(entry(4, 'model.deprecate', 'folder:churn', { tag: 'folder:churn@deprecated' })), ['folder:churn', null, null, 'folder:churn']);
    assert.deepEqual(read(entry(5, 'run.rename', 'run@1#x', { name: 'x' })), [null, null, null, 'run@1#x'], 'a run id is not read as a registry target');
  });

  it('shows a stage tag’s gate outcome as the tag records it, and none on tags without one', () => {
    const gate = (outcome: GateOutcome): GateResult => ({ model: 'churn', version: 'v1', stage: 'prod', outcome, policy: null, rules: [], overridable: outcome === 'override', override: null, note: null });
    const tag = (name: string, result: GateResult | undefined): ResolvedEvent => ({
      tag: name, action: 'assign', model: 'churn', version: 'v1', stage: 'prod', counter: 1, commit: 'c'.repeat(40), at: 1, actor: null, subject: 's',
      metadata: result === undefined ? null : { ...emptyMetadata(), gate: result },
    });
    const gates = mergeTimeline([tag('a', undefined), tag('b', gate('pass')), tag('c', gate('override')), tag('d', gate('none'))], []).map((e) => [e.tag, e.gate]);
    assert.deepEqual(gates.sort(), [['a', null], ['b', 'pass'], ['c', 'override'], ['d', 'none']]);
  });

  it('puts reviews from git in the timeline, one row with the audit entry that recorded writing each', () => {
    const review = (ref: string, at: number): Review => ({
      model: 'churn', version: 'v1', stage: 'prod', decision: 'approve', reviewer: { name: 'Bo', email: 'bo@example.com' }, at, comment: 'ok', versionTag: null, signature: null, ref,
    });
    const written = entry(7, 'review.approve', 'churn@v1#prod', { ref: 'refs/model-ledger/reviews/churn/aaa', comment: 'ok', signed: false });
    const events = mergeTimeline([], [written], [review('refs/model-ledger/reviews/churn/aaa', 7_000), review('refs/model-ledger/reviews/churn/bbb', 9_000)]);
    assert.deepEqual(
      events.map((e) => [e.key, e.action, e.model, e.version, e.stage, e.actor, e.auditId]),
      [
        ['review:refs/model-ledger/reviews/churn/bbb', 'review.approve', 'churn', 'v1', 'prod', 'Bo <bo@example.com>', null],
        ['review:refs/model-ledger/reviews/churn/aaa', 'review.approve', 'churn', 'v1', 'prod', 'Bo <bo@example.com>', 7],
      ],
    );
    // An entry whose review is not in git (removed, or not read in an untrusted workspace) still names its model, version and stage.
    const alone = auditEvent(written);
    assert.deepEqual([alone.model, alone.version, alone.stage], ['churn', 'v1', 'prod']);
  });
});
