import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Bucket } from '../../../src/core/compare/buckets';
import { downsample } from '../../../src/core/compare/downsample';
import { span, topLevel } from '../../../src/core/compare/pyramid';
import { pyramidOf, type SeriesAnswer, type SeriesWindow } from '../../../src/store/metricPyramid';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';
import { pyramidFromScratch, rankOrder, seriesIdOf, storedLevels, type TestPoint } from './pyramidHelpers';
import { prng, randomInt, randomValue } from './random';

function storeWith(points: TestPoint[], key = 'loss'): { store: Store; runId: string; dir: string } {
  const dir = tempDir();
  const store = Store.open(dir);
  const runId = addRun(store);
  store.write(() => store.metrics.append(runId, points.map((p) => ({ key, ...p }))));
  return { store, runId, dir };
}

/**
 * The contract of a pyramid answer, against the raw points (in rank order, x growing with rank):
 * - from raw points (level 0): exactly the downsampling of the points in the window;
 * - from level L: the buckets split a run of consecutive points into runs of whole level-L
 *   summaries; each bucket's count, band, non-finite counts and x extent are exactly those of its
 *   points (the mean up to rounding); the run holds every point in the window and reaches past it
 *   by less than one summary at each end; L is the coarsest level with at least `width` summaries
 *   in the window, and there are at most `width` buckets.
 */
function assertContract(points: TestPoint[], window: SeriesWindow, answer: SeriesAnswer, label: string): void {
  const ranked = rankOrder(points);
  const xOf = (p: TestPoint) => (window.axis === 'step' ? p.step : p.timestamp);
  const xs = ranked.map(xOf);
  const inWindow = xs.flatMap((x, i) => (x >= window.xFrom && x <= window.xTo ? [i] : []));
  if (answer.level === 0) {
    return assert.deepEqual(answer.buckets, downsample(xs, ranked.map((p) => p.value), window), `${label}: raw answer`);
  }
  assert.ok(answer.buckets.length <= window.width, `${label}: at most one bucket per pixel`);
  let rank = xs.indexOf(answer.buckets[0]!.firstX);
  const start = rank;
  for (const [k, bucket] of answer.buckets.entries()) {
    assert.equal(rank % span(answer.level), 0, `${label}: bucket ${k} starts on a summary boundary`);
    assert.deepEqual(withoutMean(bucket), withoutMean(summaryOf(ranked.slice(rank, rank + bucket.count), xOf)), `${label}: bucket ${k}`);
    const mean = summaryOf(ranked.slice(rank, rank + bucket.count), xOf).y;
    assert.ok(Object.is(mean, bucket.y) || Math.abs(mean - bucket.y) <= 1e-9 * Math.max(1, Math.abs(mean)), `${label}: bucket ${k} mean`);
    rank += bucket.count;
  }
  assert.ok(start <= inWindow[0]! && rank > inWindow.at(-1)!, `${label}: every point in the window is in a bucket`);
  assert.ok(inWindow[0]! - start < span(answer.level) && rank - 1 - inWindow.at(-1)! < span(answer.level), `${label}: at most one summary past each edge`);
  const summariesInWindow = (level: number) => new Set(inWindow.map((i) => Math.floor(i / span(level)))).size;
  assert.ok(summariesInWindow(answer.level) >= window.width, `${label}: level ${answer.level} has enough summaries`);
  assert.ok(answer.level === topLevel(points.length) || summariesInWindow(answer.level + 1) < window.width, `${label}: no coarser level would do`);
}

function summaryOf(points: TestPoint[], xOf: (p: TestPoint) => number): Bucket {
  const b: Bucket = { firstX: Infinity, lastX: -Infinity, count: points.length, y: 0, min: Infinity, max: -Infinity, nan: 0, posInf: 0, negInf: 0 };
  let finite = 0;
  for (const p of points) {
    b.firstX = Math.min(b.firstX, xOf(p));
    b.lastX = Math.max(b.lastX, xOf(p));
    if (Number.isNaN(p.value)) b.nan += 1;
    else if (p.value === Infinity) b.posInf += 1;
    else if (p.value === -Infinity) b.negInf += 1;
    else {
      finite += 1;
      b.y += p.value;
      b.min = Math.min(b.min, p.value);
      b.max = Math.max(b.max, p.value);
    }
  }
  return finite ? { ...b, y: b.y / finite } : { ...b, y: NaN, min: NaN, max: NaN };
}

/** The bucket with its mean left out of an exact comparison (sums in another order round differently). */
function withoutMean(bucket: Bucket): Bucket {
  return { ...bucket, y: 0 };
}

/** 150,000 points (levels 1 to 3), unique growing steps and times, noisy values with some NaN and ±Infinity. */
function bigSeries(seed: number): TestPoint[] {
  const random = prng(seed);
  let step = 0;
  return Array.from({ length: 150_000 }, (_, i) => ({ step: (step += randomInt(random, 1, 3)), timestamp: 1_700_000_000_000 + i * 250, value: randomValue(random, 0.01) }));
}

describe('compare: pyramid queries', () => {
  const points = bigSeries(5);
  const { store, runId } = storeWith(points);
  const pyramid = pyramidOf(store.db);
  const extentOf = (axis: 'step' | 'time') => pyramid.extent(runId, 'loss', axis)!;
  after(() => store.close());

  it('reports the x extent on both axes', () => {
    assert.deepEqual(extentOf('step'), { xFrom: points[0]!.step, xTo: points.at(-1)!.step });
    assert.deepEqual(extentOf('time'), { xFrom: points[0]!.timestamp, xTo: points.at(-1)!.timestamp });
  });

  it('answers the whole series from the coarsest level with a summary per pixel', () => {
    for (const width of [1, 30, 586, 587, 1_000, 9_375, 9_376, 20_000]) {
      for (const axis of ['step', 'time'] as const) {
        const window = { axis, ...extentOf(axis), width };
        const answer = pyramid.series(runId, 'loss', window);
        assertContract(points, window, answer, `${axis} @ ${width} px`);
        assert.equal(answer.buckets.reduce((n, b) => n + b.count, 0), points.length, `${axis} @ ${width} px: every point counted`);
      }
    }
    assert.equal(pyramid.series(runId, 'loss', { axis: 'step', ...extentOf('step'), width: 1_000 }).level, 1);
    assert.equal(pyramid.series(runId, 'loss', { axis: 'step', ...extentOf('step'), width: 500 }).level, 2);
    assert.equal(pyramid.series(runId, 'loss', { axis: 'step', ...extentOf('step'), width: 20_000 }).level, 0);
  });

  it('zooming reads finer levels, down to the raw points (full resolution)', () => {
    const random = prng(9);
    const levels = new Set<number>();
    for (let c = 0; c < 60; c++) {
      const axis = c % 2 ? 'time' : 'step';
      const { xFrom, xTo } = extentOf(axis);
      const size = (xTo - xFrom) * 10 ** -(random() * 4);
      const from = xFrom - size * 0.1 + random() * (xTo - xFrom);
      const window = { axis, xFrom: from, xTo: from + size, width: randomInt(random, 20, 1_500) } as const;
      const answer = pyramid.series(runId, 'loss', window);
      levels.add(answer.level);
      if (answer.buckets.length > 0) assertContract(points, window, answer, `zoom ${c} ${JSON.stringify(window)}`);
    }
    assert.deepEqual([...levels].sort(), [0, 1, 2], 'the zooms exercise raw points and two levels');
  });

  it('a window beside the data is empty; an unknown series is empty', () => {
    const { xTo } = extentOf('step');
    assert.deepEqual(pyramid.series(runId, 'loss', { axis: 'step', xFrom: xTo + 1, xTo: xTo + 100, width: 100 }).buckets, []);
    assert.deepEqual(pyramid.series(runId, 'nope', { axis: 'step', xFrom: 0, xTo: 1, width: 100 }), { buckets: [], level: 0 });
    assert.equal(pyramid.extent(runId, 'nope', 'step'), null);
  });

  it('finds the step where the best value was first reached, by the pyramid or the raw points', () => {
    const random = prng(21);
    for (const length of [10, 4_095, 4_096, 50_000]) {
      const series = Array.from({ length }, (_, i) => ({ step: i * 2, timestamp: i, value: random() < 0.05 ? Number.NaN : randomInt(random, -500, 500) }));
      const { store: s, runId: r } = storeWith(series, 'x');
      const finite = series.filter((p) => Number.isFinite(p.value));
      const min = Math.min(...finite.map((p) => p.value));
      const max = Math.max(...finite.map((p) => p.value));
      assert.equal(pyramidOf(s.db).bestStep(r, 'x', 'min'), finite.find((p) => p.value === min)!.step, `${length}: min`);
      assert.equal(pyramidOf(s.db).bestStep(r, 'x', 'max'), finite.find((p) => p.value === max)!.step, `${length}: max`);
      s.close();
    }
    const { store: s, runId: r } = storeWith([{ step: 0, timestamp: 0, value: Number.NaN }], 'x');
    assert.equal(pyramidOf(s.db).bestStep(r, 'x', 'min'), null, 'no finite value, no best step');
    s.close();
  });

  it('a small series is read raw and answers exactly the downsampling of its points', () => {
    const random = prng(1);
    const small = Array.from({ length: 3_000 }, (_, i) => ({ step: i, timestamp: 5_000 - i, value: randomValue(random, 0.1) }));
    const { store: s, runId: r } = storeWith(small, 'acc');
    assert.equal(storedLevels(s, seriesIdOf(s, r, 'acc')).length, 0);
    for (const axis of ['step', 'time'] as const) {
      const window = { axis, xFrom: 100, xTo: 4_000, width: 300 };
      const answer = pyramidOf(s.db).series(r, 'acc', window);
      const byX = [...small].sort((a, b) => (axis === 'step' ? a.step - b.step : a.timestamp - b.timestamp));
      assert.deepEqual(answer, { buckets: downsample(byX.map((p) => (axis === 'step' ? p.step : p.timestamp)), byX.map((p) => p.value), window), level: 0 });
    }
    s.close();
  });

  it('a store from before the pyramid gets it on the first chart; a read-only store answers from the raw points', () => {
    const { store: s, runId: r, dir } = storeWith(points.slice(0, 20_000), 'old');
    const id = seriesIdOf(s, r, 'old');
    s.db.prepare('DELETE FROM metric_pyramid').run(); // as a store migrated from schema 3 has it
    const window = { axis: 'step' as const, xFrom: 0, xTo: 100_000, width: 200 };
    // An append to such a series leaves it to the first chart (a rebuild of a big series does not belong in an import).
    s.write(() => s.metrics.append(r, [{ key: 'old', step: 1_000_000, timestamp: 0, value: 1 }]));
    assert.equal(storedLevels(s, id).length, 0);
    s.close();

    const readOnly = Store.open(dir, { readonly: true });
    const raw = pyramidOf(readOnly.db).series(r, 'old', window);
    assert.equal(raw.level, 0);
    readOnly.close();

    const writable = Store.open(dir);
    const answer = pyramidOf(writable.db).series(r, 'old', window);
    assert.ok(answer.level > 0);
    const all = [...points.slice(0, 20_000), { step: 1_000_000, timestamp: 0, value: 1 }];
    assertContract(all, window, answer, 'rebuilt');
    assert.deepEqual(storedLevels(writable, id), pyramidFromScratch(all));
    writable.close();
  });

  it('answers on the time axis even when time runs backwards (a clock reset)', () => {
    const random = prng(4);
    const odd = Array.from({ length: 30_000 }, (_, i) => ({ step: i, timestamp: (i % 10_000) * 7, value: randomValue(random, 0) }));
    const { store: s, runId: r } = storeWith(odd, 'm');
    const window = { axis: 'time' as const, xFrom: 0, xTo: 70_000, width: 100 };
    const answer = pyramidOf(s.db).series(r, 'm', window);
    assert.ok(answer.level > 0);
    assert.equal(answer.buckets.reduce((n, b) => n + b.count, 0), odd.length);
    for (const p of odd) {
      assert.ok(answer.buckets.some((b) => b.firstX <= p.timestamp && p.timestamp <= b.lastX && b.min <= p.value && p.value <= b.max), `point ${p.step}`);
    }
    s.close();
  });

});
