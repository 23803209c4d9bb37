import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeGrowth, fitGrowth } from '../../testkit/growthFit';

/** The volumes of a scale run: a tenth of the goal's, the goal's, ten times it. */
const VOLUMES = [10_000, 100_000, 1_000_000];

/** A deterministic ±`spread` relative wobble per point, as a benchmark's noise. */
function noisy(values: number[], spread: number): number[] {
  return values.map((v, i) => v * (1 + spread * Math.sin(i * 12.9898 + 1)));
}

function points(f: (volume: number) => number, spread = 0): { volume: number; value: number }[] {
  const values = noisy(VOLUMES.map(f), spread);
  return VOLUMES.map((volume, i) => ({ volume, value: values[i]! }));
}

describe('fitGrowth: the growth of a benchmark over its scales', () => {
  it('calls a flat figure with 10% noise constant', () => {
    const growth = fitGrowth(points(() => 12, 0.1));
    assert.equal(growth.kind, 'constant');
    assert.ok(Math.abs(growth.slope) < 0.15, `slope ${growth.slope}`);
  });

  it('calls a figure that adds a fixed amount per tenfold volume log', () => {
    assert.equal(fitGrowth(points((v) => 3 * Math.log10(v / 1_000))).kind, 'log');
    assert.equal(fitGrowth(points((v) => 3 * Math.log10(v / 1_000), 0.03)).kind, 'log');
  });

  it('calls a figure proportional to the volume linear, with its slope near 1', () => {
    const growth = fitGrowth(points((v) => v / 1_000, 0.05));
    assert.equal(growth.kind, 'linear');
    assert.ok(Math.abs(growth.slope - 1) < 0.05, `slope ${growth.slope}`);
  });

  it('calls a fixed cost plus a proportional part linear, though its log-log slope is only 0.5', () => {
    const growth = fitGrowth(points((v) => 1_000 + v / 100));
    assert.equal(growth.kind, 'linear');
    assert.ok(growth.slope > 0.4 && growth.slope < 0.6, `slope ${growth.slope}`);
  });

  it('calls a quadratic figure superlinear, with its slope near 2', () => {
    const growth = fitGrowth(points((v) => (v / 1_000) ** 2));
    assert.equal(growth.kind, 'superlinear');
    assert.ok(Math.abs(growth.slope - 2) < 1e-9, `slope ${growth.slope}`);
  });

  it('fits the same growth whatever the unit of the volume (scale 1, 10, 100 or runs)', () => {
    const byRuns = fitGrowth(points((v) => 5 + Math.log(v)));
    const byScale = fitGrowth(VOLUMES.map((v) => ({ volume: v / 10_000, value: 5 + Math.log(v) })));
    assert.equal(byScale.kind, byRuns.kind);
    assert.ok(Math.abs(byScale.slope - byRuns.slope) < 1e-9);
  });

  it('says sublinear when two scales cannot tell log from linear, and unknown from one', () => {
    assert.equal(fitGrowth(points((v) => 1_000 + v / 100).slice(0, 2)).kind, 'sublinear');
    const one = fitGrowth(points((v) => v).slice(0, 1));
    assert.equal(one.kind, 'unknown');
    assert.match(describeGrowth(one), /fewer than two scales/);
  });

  it('leaves out zero or missing figures rather than fitting log(0)', () => {
    const growth = fitGrowth([{ volume: 1, value: 0 }, { volume: 10, value: 10 }, { volume: 100, value: 100 }, { volume: 1000, value: Number.NaN }]);
    assert.equal(growth.kind, 'linear');
    assert.equal(describeGrowth(growth), 'linear (log-log slope 1.00)');
  });

  it('calls a figure inversely proportional to the volume "falls linearly", never constant, and says how far it falls', () => {
    // The compare panel's chart frame rate at 10 and 100 runs (issue 17): 30.3 fps, then 2.82.
    const fps = fitGrowth([{ volume: 10, value: 30.3 }, { volume: 100, value: 2.82 }]);
    assert.equal(fps.kind, 'falls linearly');
    assert.ok(Math.abs(fps.slope + 1.03) < 0.005, `slope ${fps.slope}`);
    assert.equal(describeGrowth(fps), 'falls linearly (10.7× lower per tenfold volume; log-log slope -1.03)');
    const noisy = fitGrowth(points((v) => 1e6 / v, 0.05));
    assert.equal(noisy.kind, 'falls linearly');
    assert.ok(Math.abs(noisy.slope + 1) < 0.05, `slope ${noisy.slope}`);
  });

  it('calls any other falling figure "falls": slower than 1/volume, or faster', () => {
    const sqrt = fitGrowth(points((v) => 1e3 / Math.sqrt(v)));
    assert.deepEqual([sqrt.kind, describeGrowth(sqrt)], ['falls', 'falls (3.2× lower per tenfold volume; log-log slope -0.50)']);
    const squared = fitGrowth(points((v) => 1e12 / v ** 2));
    assert.deepEqual([squared.kind, describeGrowth(squared)], ['falls', 'falls (100.0× lower per tenfold volume; log-log slope -2.00)']);
  });

  it('keeps constant a figure within 1.41× either way per tenfold volume, and the rising classes as they were', () => {
    assert.equal(fitGrowth(points((v) => 50 * v ** -0.1)).kind, 'constant');
    assert.equal(fitGrowth(points((v) => 50 * v ** 0.1)).kind, 'constant');
    assert.equal(fitGrowth(points((v) => 50 * v ** -0.2)).kind, 'falls');
    assert.equal(fitGrowth(points((v) => 50 * v ** 0.2, 0.01)).kind, 'log');
    assert.equal(fitGrowth(points((v) => v / 1_000)).kind, 'linear');
    assert.equal(describeGrowth(fitGrowth(points(() => 7))), 'constant (log-log slope 0.00)');
  });
});
