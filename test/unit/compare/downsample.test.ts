import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addPoint, emptyBucketSum, type Bucket } from '../../../src/core/compare/buckets';
import { downsample, downsampleSums, pixelOf, type XWindow } from '../../../src/core/compare/downsample';
import { prng, randomInt, randomValue } from './random';

/**
 * The band contract, checked point by point: walking the points in range in order, bucket k holds
 * the next count_k of them, its x extent and band contain each, and its non-finite counts are theirs.
 */
function assertBandsHoldPoints(xs: ArrayLike<number>, ys: ArrayLike<number>, window: XWindow, buckets: Bucket[], label: string): void {
  assert.ok(buckets.length <= window.width, `${label}: ${buckets.length} buckets for ${window.width} px`);
  let k = 0;
  let left = buckets[0]?.count ?? 0;
  let nonFinite = { nan: 0, posInf: 0, negInf: 0 };
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < window.xFrom || x > window.xTo) continue;
    while (left === 0) {
      assert.deepEqual(nonFinite, { nan: buckets[k]!.nan, posInf: buckets[k]!.posInf, negInf: buckets[k]!.negInf }, `${label}: bucket ${k} non-finite counts`);
      nonFinite = { nan: 0, posInf: 0, negInf: 0 };
      k += 1;
      assert.ok(k < buckets.length, `${label}: point ${i} is in no bucket (counts too small)`);
      left = buckets[k]!.count;
    }
    const b = buckets[k]!;
    const y = ys[i]!;
    assert.ok(b.firstX <= x && x <= b.lastX, `${label}: x ${x} outside bucket ${k} [${b.firstX}, ${b.lastX}]`);
    if (Number.isFinite(y)) assert.ok(b.min <= y && y <= b.max, `${label}: value ${y} outside band ${k} [${b.min}, ${b.max}]`);
    else if (Number.isNaN(y)) nonFinite.nan += 1;
    else if (y > 0) nonFinite.posInf += 1;
    else nonFinite.negInf += 1;
    left -= 1;
  }
  if (buckets.length > 0) {
    assert.equal(left, 0, `${label}: the last bucket counts more points than there are`);
    assert.equal(k, buckets.length - 1, `${label}: buckets left over`);
    assert.deepEqual(nonFinite, { nan: buckets[k]!.nan, posInf: buckets[k]!.posInf, negInf: buckets[k]!.negInf }, `${label}: last bucket non-finite counts`);
  }
  for (const b of buckets) {
    if (Number.isNaN(b.y)) assert.ok(Number.isNaN(b.min) && Number.isNaN(b.max) && b.nan + b.posInf + b.negInf === b.count, `${label}: empty band only without finite points`);
    else assert.ok(b.min <= b.y + 1e-9 * Math.abs(b.y) && b.y - 1e-9 * Math.abs(b.y) <= b.max, `${label}: mean ${b.y} outside its band`);
  }
}

describe('compare: min/max downsampling', () => {
  it('keeps every spike of a series in the band of its pixel column', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    const ys = xs.map((x) => (x === 517 ? 100 : x === 518 ? -100 : 1));
    const buckets = downsample(xs, ys, { xFrom: 0, xTo: 999, width: 10 });
    assert.equal(buckets.length, 10);
    assert.deepEqual(buckets[5], { firstX: 500, lastX: 599, count: 100, y: 0.98, min: -100, max: 100, nan: 0, posInf: 0, negInf: 0 });
    assert.equal(buckets[4]!.max, 1);
  });

  it('counts NaN and ±Infinity apart and leaves them out of the line and the band', () => {
    const buckets = downsample([0, 1, 2, 3, 4], [1, Number.NaN, 3, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY], { xFrom: 0, xTo: 4, width: 1 });
    assert.deepEqual(buckets, [{ firstX: 0, lastX: 4, count: 5, y: 2, min: 1, max: 3, nan: 1, posInf: 1, negInf: 1 }]);
    const onlyNaN = downsample([7], [Number.NaN], { xFrom: 0, xTo: 10, width: 5 });
    assert.ok(Number.isNaN(onlyNaN[0]!.y) && Number.isNaN(onlyNaN[0]!.min) && onlyNaN[0]!.nan === 1);
  });

  it('drops points outside the window, puts xTo in the last column, and handles a window of one x', () => {
    const buckets = downsample([-5, 0, 5, 10, 15], [1, 2, 3, 4, 5], { xFrom: 0, xTo: 10, width: 2 });
    assert.deepEqual(buckets.map((b) => [b.firstX, b.lastX, b.count]), [[0, 0, 1], [5, 10, 2]]);
    assert.deepEqual(downsample([3, 3, 3], [1, 2, 3], { xFrom: 3, xTo: 3, width: 100 }).map((b) => [b.count, b.y]), [[3, 2]]);
    assert.deepEqual(downsample([], [], { xFrom: 0, xTo: 1, width: 10 }), []);
    assert.equal(pixelOf(10, { xFrom: 0, xTo: 10, width: 4 }), 3);
    assert.equal(pixelOf(-1, { xFrom: 0, xTo: 10, width: 4 }), 0);
  });

  it('property: for random series, widths and windows, every bucket band holds every raw point of its bucket', () => {
    const random = prng(20_250_601);
    for (let c = 0; c < 300; c++) {
      // Mostly modest lengths, some up to 50,000; steps with repeats, gaps and negative starts.
      const length = random() < 0.2 ? randomInt(random, 0, 50_000) : randomInt(random, 0, 2_000);
      const nonFinite = random() < 0.5 ? 0 : random() * 0.2;
      const xs = new Float64Array(length);
      const ys = new Float64Array(length);
      let x = randomInt(random, -1000, 1000);
      for (let i = 0; i < length; i++) {
        x += random() < 0.1 ? 0 : randomInt(random, 1, random() < 0.01 ? 10_000 : 3);
        xs[i] = x;
        ys[i] = randomValue(random, nonFinite);
      }
      const lo = length ? xs[0]! : 0;
      const hi = length ? xs[length - 1]! : 1;
      const a = lo + (hi - lo) * (random() * 1.4 - 0.2);
      const b = random() < 0.1 ? a : lo + (hi - lo) * (random() * 1.4 - 0.2);
      const window = { xFrom: Math.min(a, b), xTo: Math.max(a, b), width: randomInt(random, 1, random() < 0.5 ? 50 : 3000) };
      const buckets = downsample(xs, ys, window);
      const label = `case ${c} (${length} points, ${JSON.stringify(window)})`;
      assertBandsHoldPoints(xs, ys, window, buckets, label);
      const inRange = xs.filter((v) => v >= window.xFrom && v <= window.xTo).length;
      assert.equal(buckets.reduce((n, bucket) => n + bucket.count, 0), inRange, `${label}: counts add up`);
      const pixels = buckets.map((bucket) => pixelOf(bucket.firstX, window));
      assert.ok(pixels.every((p, i) => i === 0 || p > pixels[i - 1]!), `${label}: one bucket per pixel column, in order`);
      assert.ok(buckets.every((bucket) => pixelOf(bucket.lastX, window) === pixelOf(bucket.firstX, window)), `${label}: a bucket stays in its column`);
    }
  });

  it('merges pre-summarised runs of points whole, so their bands still hold their points', () => {
    const sums = [0, 10, 20, 30].map((start) => {
      const sum = emptyBucketSum();
      for (let x = start; x < start + 10; x++) addPoint(sum, x, x === 25 ? Number.NaN : x);
      return sum;
    });
    const buckets = downsampleSums(sums, { xFrom: 0, xTo: 40, width: 2 });
    assert.deepEqual(buckets.map((b) => [b.firstX, b.lastX, b.count, b.min, b.max, b.nan]), [
      [0, 19, 20, 0, 19, 0],
      [20, 39, 20, 20, 39, 1],
    ]);
    // A run that starts before the window goes whole to the first column.
    assert.deepEqual(downsampleSums(sums, { xFrom: 5, xTo: 40, width: 2 })[0]!.firstX, 0);
  });
});
