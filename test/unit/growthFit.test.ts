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
});
