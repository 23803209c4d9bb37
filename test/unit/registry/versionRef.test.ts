import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UserError } from '../../../src/core/errors';
import { parseTagName } from '../../../src/core/gto';
import { resolveModel, type RegistryEvent } from '../../../src/core/registryState';
import { formatVersionRef, parseVersionRef, resolveVersionRef } from '../../../src/core/versionRef';

function ev(tag: string, commit: string, at: number): RegistryEvent {
  const p = parseTagName(tag)!;
  return { tag, action: p.action, model: p.model, version: p.version, stage: p.stage, counter: p.counter, commit, at: at * 1000, actor: null, subject: '', metadata: null };
}

const churn = resolveModel('churn', [
  ev('churn@v3.0.0', 'a'.repeat(40), 100),
  ev('churn@v3.1.0', 'b'.repeat(40), 200),
  ev('churn@v3.2.0', 'c'.repeat(40), 250),
  ev('churn@v3.2.0!', 'c'.repeat(40), 260),
  ev('churn#prod#1', 'a'.repeat(40), 300),
]);

describe('version references (churn@v3.1.0, churn#prod, churn@latest)', () => {
  it('reads each form and writes it back the same', () => {
    for (const text of ['churn@v3.1.0', 'churn#prod', 'churn@latest', 'team/churn@v1.0.0-rc.1', 'nlp:intent#staging']) {
      assert.equal(formatVersionRef(parseVersionRef(text)), text);
    }
    assert.deepEqual(parseVersionRef('churn#prod'), { model: 'churn', kind: 'stage', stage: 'prod' });
  });

  it('says what is wrong with a reference that is not one', () => {
    for (const [text, words] of [
      ['churn', /NAME@VERSION/],
      ['churn@', /NAME@VERSION/],
      ['@v1.0.0', /NAME@VERSION/],
      ['churn@3.1.0', /needs a leading "v"/],
      ['-churn@v1.0.0', /must not start with "-"/],
      ['churn#pr od', /spaces/],
    ] as const) {
      assert.throws(() => parseVersionRef(text), (e: unknown) => e instanceof UserError && words.test(e.message), text);
    }
  });

  it('resolves a version, the stage holder and the latest active registered version', () => {
    assert.equal(resolveVersionRef(churn, parseVersionRef('churn@v3.1.0')).version, 'v3.1.0');
    assert.equal(resolveVersionRef(churn, parseVersionRef('churn#prod')).version, 'v3.0.0');
    // v3.2.0 was deregistered: latest is the greatest version still registered.
    assert.equal(resolveVersionRef(churn, parseVersionRef('churn@latest')).version, 'v3.1.0');
    assert.throws(() => resolveVersionRef(churn, parseVersionRef('churn#staging')), /No version of churn is in staging/);
    assert.throws(() => resolveVersionRef(churn, parseVersionRef('churn@v9.0.0')), /churn has no version v9.0.0/);
  });
});
