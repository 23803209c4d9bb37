import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFromRunWebview, parseRunPanelState } from '../../src/protocol/run';

describe('protocol: run panel messages', () => {
  it('accepts exactly the known messages', () => {
    assert.deepEqual(parseFromRunWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromRunWebview({ type: 'copy', text: 'abc' }), { type: 'copy', text: 'abc' });
  });

  it('drops anything else', () => {
    for (const bad of [null, undefined, 'ready', 42, [], {}, { type: 'exec', command: 'rm -rf /' }, { type: 'copy' }, { type: 'copy', text: 5 },
      { type: 'copy', text: 'x'.repeat(10_001) }, { type: 'ready', extra: true }, { type: 'copy', text: 'a', extra: 1 }]) {
      assert.equal(parseFromRunWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('restores panel state only when it is well formed', () => {
    assert.deepEqual(parseRunPanelState({ folder: '/w', runId: 'r' }), { folder: '/w', runId: 'r' });
    assert.equal(parseRunPanelState({ folder: '/w' }), undefined);
    assert.equal(parseRunPanelState('x'), undefined);
  });
});
