import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTagName } from '../../../src/core/gto';
import { resolveModel, resolveRegistry, rollbackTarget, stageAt, stageHolders, type RegistryEvent } from '../../../src/core/registryState';
import { emptyMetadata } from '../../../src/core/tagMessage';

const SEC = 1000;
const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const C3 = '3'.repeat(40);

/** An event from a tag name, as a scan makes it. */
function ev(tag: string, commit: string, at: number, extra: Partial<RegistryEvent> = {}): RegistryEvent {
  const p = parseTagName(tag)!;
  assert.ok(p, tag);
  return { tag, action: p.action, model: p.model, version: p.version, stage: p.stage, counter: p.counter, commit, at: at * SEC, actor: 'Ada <ada@example.com>', subject: '', metadata: null, ...extra };
}

const holders = (events: RegistryEvent[]) => Object.fromEntries(resolveModel('churn', events).stages.map((s) => [s.stage, s.version]));

describe('registry state, resolved as GTO does', () => {
  it('the sample registry gto tests against: churn has v3.1.0 in staging and v3.0.0 in prod', () => {
    const state = resolveModel('churn', [
      ev('churn@v3.0.0', C1, 100),
      ev('churn@v3.1.0', C2, 200),
      ev('churn#staging#1', C2, 300),
      ev('churn#prod#2', C1, 400),
    ]);
    assert.deepEqual(state.versions.map((v) => [v.version, v.stages]), [['v3.1.0', ['staging']], ['v3.0.0', ['prod']]]);
    assert.equal(state.deprecated, false);
    assert.deepEqual(state.events.map((e) => [e.tag, e.version]), [
      ['churn@v3.0.0', 'v3.0.0'],
      ['churn@v3.1.0', 'v3.1.0'],
      ['churn#staging#1', 'v3.1.0'],
      ['churn#prod#2', 'v3.0.0'],
    ]);
  });

  it('per stage, the latest assignment wins, whatever the order the tags come in', () => {
    const events = [ev('churn#prod#2', C2, 300), ev('churn@v1.0.0', C1, 100), ev('churn#prod#1', C1, 150), ev('churn@v2.0.0', C2, 200)];
    assert.deepEqual(holders(events), { prod: 'v2.0.0' });
    assert.deepEqual(holders([...events].reverse()), { prod: 'v2.0.0' });
  });

  it('within one second, the counter decides (a rollback right after a promotion)', () => {
    const events = [ev('churn@v1.0.0', C1, 100), ev('churn@v2.0.0', C2, 100), ev('churn#prod#1', C1, 100), ev('churn#prod#2', C2, 100), ev('churn#prod#3', C1, 100)];
    assert.deepEqual(holders(events), { prod: 'v1.0.0' });
    assert.deepEqual(holders(events.slice(0, 4)), { prod: 'v2.0.0' });
  });

  it('an unassignment empties the stage, or hands it back to an earlier assignment still standing', () => {
    const base = [ev('churn@v1.0.0', C1, 100), ev('churn@v2.0.0', C2, 110), ev('churn#prod#1', C1, 120), ev('churn#prod#2', C2, 130)];
    assert.deepEqual(holders([...base, ev('churn#prod!#3', C2, 140)]), { prod: 'v1.0.0' });
    assert.deepEqual(holders([...base, ev('churn#prod!#3', C2, 140), ev('churn#prod!#4', C1, 150)]), {});
    const v1 = resolveModel('churn', base).versions.find((v) => v.version === 'v1.0.0')!;
    assert.deepEqual([v1.stages, v1.assigned], [[], ['prod']]);
  });

  it('a deregistered version leaves its stages; a deprecated model stays readable', () => {
    const events = [ev('churn@v1.0.0', C1, 100), ev('churn@v2.0.0', C2, 110), ev('churn#prod#1', C1, 120), ev('churn#prod#2', C2, 130), ev('churn@v2.0.0!', C2, 140)];
    const state = resolveModel('churn', events);
    assert.deepEqual(holders(events), { prod: 'v1.0.0' });
    assert.deepEqual(state.versions.map((v) => [v.version, v.active]), [['v2.0.0', false], ['v1.0.0', true]]);
    assert.equal(resolveModel('churn', [...events, ev('churn@deprecated', C1, 150)]).deprecated, true);
    // A registration after the deprecation brings the model back, as in GTO.
    assert.equal(resolveModel('churn', [...events, ev('churn@deprecated', C1, 150), ev('churn@v3.0.0', C3, 160)]).deprecated, false);
  });

  it('a stage tag on a commit with no registered version makes a version named after the commit, as GTO does', () => {
    const state = resolveModel('churn', [ev('churn#dev#1', C3, 100)]);
    assert.deepEqual(state.versions.map((v) => [v.version, v.registered, v.stages]), [[C3, false, ['dev']]]);
    // Registered later at that commit, the assignment is the registered version's.
    const later = resolveModel('churn', [ev('churn#dev#1', C3, 100), ev('churn@v1.0.0', C3, 200)]);
    assert.deepEqual(later.versions.map((v) => [v.version, v.stages]), [['v1.0.0', ['dev']]]);
  });

  it("two versions on one commit: the stage tag's own hint picks the version", () => {
    const events = [ev('churn@v1.0.0', C1, 100), ev('churn@v1.0.1', C1, 110), ev('churn#prod#1', C1, 120, { metadata: { ...emptyMetadata(), version: 'v1.0.0' } })];
    assert.deepEqual(holders(events), { prod: 'v1.0.0' });
    assert.deepEqual(holders([...events.slice(0, 2), ev('churn#prod#1', C1, 120)]), { prod: 'v1.0.1' });
  });

  it('versions are listed greatest first by semver, then versions named after commits', () => {
    const state = resolveModel('churn', [ev('churn@v1.10.0', C1, 100), ev('churn@v1.9.0', C2, 200), ev('churn#dev#1', C3, 300), ev('churn@v2.0.0-rc.1', '4'.repeat(40), 50)]);
    assert.deepEqual(state.versions.map((v) => v.version), ['v2.0.0-rc.1', 'v1.10.0', 'v1.9.0', C3]);
  });

  it('resolves every model apart', () => {
    const models = resolveRegistry([ev('b@v1.0.0', C1, 1), ev('a@v1.0.0', C1, 1), ev('a#prod#1', C1, 2)]);
    assert.deepEqual(models.map((m) => [m.name, m.stages.map((s) => s.stage)]), [['a', ['prod']], ['b', []]]);
  });
});

describe('stage history', () => {
  const events = [
    ev('churn@v1.0.0', C1, 100),
    ev('churn#prod#1', C1, 200),
    ev('churn@v2.0.0', C2, 300),
    ev('churn#prod#2', C2, 400),
    ev('churn@v3.0.0', C3, 500),
    ev('churn#prod#3', C3, 600),
  ];

  it('what was in a stage at a date', () => {
    assert.equal(stageAt('churn', events, 'prod', 150 * SEC), null);
    assert.equal(stageAt('churn', events, 'prod', 200 * SEC), 'v1.0.0');
    assert.equal(stageAt('churn', events, 'prod', 399 * SEC), 'v1.0.0');
    assert.equal(stageAt('churn', events, 'prod', 450 * SEC), 'v2.0.0');
    assert.equal(stageAt('churn', events, 'prod', 10_000 * SEC), 'v3.0.0');
    assert.equal(stageAt('churn', events, 'staging', 10_000 * SEC), null);
  });

  it('lists the holders over time and picks the one before the current for a rollback', () => {
    assert.deepEqual(stageHolders('churn', events, 'prod').map((h) => h.version), ['v1.0.0', 'v2.0.0', 'v3.0.0']);
    const state = resolveModel('churn', events);
    assert.equal(rollbackTarget(state, events, 'prod'), 'v2.0.0');
    // After rolling back to v2, the next rollback goes to v3 (the previous holder), unless it was deregistered.
    const rolled = [...events, ev('churn#prod#4', C2, 700)];
    assert.equal(rollbackTarget(resolveModel('churn', rolled), rolled, 'prod'), 'v3.0.0');
    const withdrawn = [...rolled, ev('churn@v3.0.0!', C3, 800)];
    assert.equal(rollbackTarget(resolveModel('churn', withdrawn), withdrawn, 'prod'), 'v1.0.0');
    assert.equal(rollbackTarget(resolveModel('churn', events.slice(0, 2)), events.slice(0, 2), 'prod'), null);
  });
});
