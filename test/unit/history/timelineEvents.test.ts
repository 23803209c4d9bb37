import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

  it('shows a stage tag’s gate outcome by the shapes it may take, and none on tags without one', () => {
    const tag = (name: string, gate: unknown): ResolvedEvent => ({
      tag: name, action: 'assign', model: 'churn', version: 'v1', stage: 'prod', counter: 1, commit: 'c'.repeat(40), at: 1, actor: null, subject: 's',
      metadata: gate === undefined ? null : ({ ...emptyMetadata(), gate } as ReturnType<typeof emptyMetadata>),
    });
    const gates = mergeTimeline(
      [tag('a', undefined), tag('b', 'passed'), tag('c', { outcome: 'failed', rules: [] }), tag('d', { passed: true }), tag('e', { override: { reason: 'hotfix' } }), tag('f', {})],
      [],
    ).map((e) => [e.tag, e.gate]);
    assert.deepEqual(gates.sort(), [['a', null], ['b', 'passed'], ['c', 'failed'], ['d', 'passed'], ['e', 'overridden'], ['f', 'recorded']]);
  });
});
