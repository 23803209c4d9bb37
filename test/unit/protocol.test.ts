import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFromRunWebview, parseRunPanelState } from '../../src/protocol/run';

describe('protocol: run panel messages', () => {
  it('accepts exactly the known messages', () => {
    assert.deepEqual(parseFromRunWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromRunWebview({ type: 'copy', text: 'abc' }), { type: 'copy', text: 'abc' });
    assert.deepEqual(parseFromRunWebview({ type: 'keepOpen' }), { type: 'keepOpen' });
  });

  it('drops anything else', () => {
    for (const bad of [null, undefined, 'ready', 42, [], {}, { type: 'exec', command: 'rm -rf /' }, { type: 'copy' }, { type: 'copy', text: 5 },
      { type: 'copy', text: 'x'.repeat(10_001) }, { type: 'ready', extra: true }, { type: 'copy', text: 'a', extra: 1 }, { type: 'keepOpen', runId: 'r' }]) {
      assert.equal(parseFromRunWebview(bad), undefined, JSON.stringify(bad));
    }
  });

  it('restores panel state only when it is well formed, as the preview only when it says so', () => {
    assert.deepEqual(parseRunPanelState({ folder: '/w', runId: 'r', preview: true }), { folder: '/w', runId: 'r', preview: true });
    // Saved before previews existed, or with a preview flag that is not true: a kept tab.
    assert.deepEqual(parseRunPanelState({ folder: '/w', runId: 'r' }), { folder: '/w', runId: 'r', preview: false });
    assert.deepEqual(parseRunPanelState({ folder: '/w', runId: 'r', preview: 'yes' }), { folder: '/w', runId: 'r', preview: false });
    assert.equal(parseRunPanelState({ folder: '/w' }), undefined);
    assert.equal(parseRunPanelState('x'), undefined);
  });
});
