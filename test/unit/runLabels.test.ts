import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runLabelText } from '../../src/common/runLabelText';
import { runLabels, shortRunId, type RunToLabel } from '../../src/core/runLabels';

const run = (id: string, name: string, params: Record<string, string> = {}): RunToLabel => ({ id, name, params });
const qualifiers = (runs: RunToLabel[]) => Object.fromEntries([...runLabels(runs)].map(([id, label]) => [id, label.qualifier]));

describe('run labels: runs that share a name can be told apart', () => {
  it('leaves unique names alone', () => {
    assert.deepEqual(qualifiers([run('a1', 'baseline'), run('b2', 'tuned')]), { a1: null, b2: null });
  });

  it('qualifies same-named runs by the params that tell them apart', () => {
    const runs = [
      run('r1', 'train', { lr: '0.1', depth: '6', seed: '1' }),
      run('r2', 'train', { lr: '0.01', depth: '6', seed: '1' }),
      run('r3', 'train', { lr: '0.001', depth: '6', seed: '1' }),
      run('x9', 'other', { lr: '5' }),
    ];
    assert.deepEqual(qualifiers(runs), { r1: 'lr=0.1', r2: 'lr=0.01', r3: 'lr=0.001', x9: null });
  });

  it('adds a second param only where the first does not tell every run apart', () => {
    const runs = [
      run('r1', 'sweep', { lr: '0.1', depth: '4' }),
      run('r2', 'sweep', { lr: '0.1', depth: '8' }),
      run('r3', 'sweep', { lr: '0.2', depth: '4' }),
      run('r4', 'sweep', { lr: '0.2', depth: '8' }),
    ];
    assert.deepEqual(qualifiers(runs), { r1: 'depth=4, lr=0.1', r2: 'depth=8, lr=0.1', r3: 'depth=4, lr=0.2', r4: 'depth=8, lr=0.2' });
  });

  it('falls back to the short id when no param differs, and adds it where params still collide', () => {
    const same = [run('3f2a9c1d77e0', 'run', { lr: '0.1' }), run('9b8c7d6e5f40', 'run', { lr: '0.1' })];
    assert.deepEqual(qualifiers(same), { '3f2a9c1d77e0': '#3f2a9c1d', '9b8c7d6e5f40': '#9b8c7d6e' });
    const partly = [run('aaaaaaaa11', 'm', { lr: '0.1' }), run('bbbbbbbb22', 'm', { lr: '0.1' }), run('cccccccc33', 'm', { lr: '0.3' })];
    assert.deepEqual(qualifiers(partly), { aaaaaaaa11: 'lr=0.1, #aaaaaaaa', bbbbbbbb22: 'lr=0.1, #bbbbbbbb', cccccccc33: 'lr=0.3' });
  });

  it('shows a missing param as a dash and cuts long values', () => {
    const runs = [run('a', 'n', { opt: 'x'.repeat(40) }), run('b', 'n', {})];
    const labels = runLabels(runs);
    assert.equal(labels.get('a')!.qualifier, `opt=${'x'.repeat(23)}…`);
    assert.equal(labels.get('b')!.qualifier, 'opt=—');
    assert.equal(runLabelText(labels.get('b')!), 'n (opt=—)');
  });

  it('shortens ids: hex ids to 8 characters, DVCLive folders to their last part', () => {
    assert.equal(shortRunId('0123456789abcdef0123456789abcdef'), '01234567');
    assert.equal(shortRunId('dvclive:dvclive/fold_3'), 'fold_3');
  });
});
