import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { smoothEma } from '../../../src/common/smoothing';

const close = (actual: ArrayLike<number>, expected: number[]) =>
  expected.forEach((e, i) => assert.ok(Object.is(e, actual[i]) || Math.abs(actual[i]! - e) < 1e-12, `[${i}] ${actual[i]} != ${e}`));

describe('compare: EMA smoothing', () => {
  it('is the identity at weight 0', () => {
    close(smoothEma([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
  });

  it('is debiased: the first value is itself, not pulled towards 0', () => {
    const w = 0.6;
    const out = smoothEma([10, 20, 30], w);
    // TensorBoard: last = last·w + (1 − w)·v; smoothed = last / (1 − w^n)
    const l1 = (1 - w) * 10;
    const l2 = l1 * w + (1 - w) * 20;
    const l3 = l2 * w + (1 - w) * 30;
    close(out, [l1 / (1 - w), l2 / (1 - w ** 2), l3 / (1 - w ** 3)]);
    assert.equal(out[0], 10);
  });

  it('keeps a constant series constant at any weight', () => {
    for (const w of [0.1, 0.9, 0.999]) close(smoothEma([2, 2, 2, 2], w), [2, 2, 2, 2]);
  });

  it('is the running mean at weight 1 (the limit), not 0/0', () => {
    close(smoothEma([1, 2, 3, 6], 1), [1, 1.5, 2, 3]);
  });

  it('passes NaN and ±Infinity through without breaking the average', () => {
    close(smoothEma([1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1], 0.5), [1, Number.NaN, 1, Number.POSITIVE_INFINITY, 1]);
  });

  it('clamps the weight to 0..1', () => {
    close(smoothEma([1, 3], -2), [1, 3]);
    close(smoothEma([1, 3], 7), [1, 2]);
  });
});
