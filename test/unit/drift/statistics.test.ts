import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { alignCategories, alignNumbers } from '../../../src/core/drift/stats/aligned';
import { binCounts, binNumbers } from '../../../src/core/drift/stats/binning';
import { chiSquareTest } from '../../../src/core/drift/stats/chiSquare';
import { jensenShannonDistance, populationStabilityIndex } from '../../../src/core/drift/stats/divergence';
import { kolmogorovSf } from '../../../src/core/drift/stats/kolmogorov';
import { ksTest } from '../../../src/core/drift/stats/ks';
import { wassersteinNormed } from '../../../src/core/drift/stats/wasserstein';
import { zTest } from '../../../src/core/drift/stats/zTest';
import { normalValues, toWeighted } from '../../../testkit/driftSamples';
import { categoryCounts, expand, numbersOf, readVegaCsv, weighted, type Row } from './realData';
import { scipyAnswers, type ScipyCase } from './scipyReference';

interface Case {
  name: string;
  scipy: ScipyCase;
  mine: () => { statistic: number; pValue: number | null };
}

const cases: Case[] = [];

function numericalCases(name: string, reference: number[], current: number[], tests: ('ks' | 'wasserstein' | 'jensenshannon' | 'psi')[]): void {
  const a = weighted(reference);
  const b = weighted(current);
  for (const test of tests) {
    const scipy: ScipyCase = { test, kind: 'numerical', reference: expand(a), current: expand(b) };
    const mine = () => {
      switch (test) {
        case 'ks':
          return ksTest(a, b);
        case 'wasserstein':
          return { statistic: wassersteinNormed(a, b), pValue: null };
        case 'jensenshannon':
          return { statistic: jensenShannonDistance(binNumbers(a, b, false)), pValue: null };
        case 'psi':
          return { statistic: populationStabilityIndex(binNumbers(a, b, true)), pValue: null };
      }
    };
    cases.push({ name: `${name}: ${test}`, scipy, mine });
  }
}

function categoricalCases(name: string, reference: string[], current: string[], tests: ('chisquare' | 'z' | 'jensenshannon' | 'psi')[]): void {
  const counts = alignCategories(categoryCounts(reference), categoryCounts(current));
  for (const test of tests) {
    const scipy: ScipyCase = { test, kind: 'categorical', reference, current };
    const mine = () => {
      switch (test) {
        case 'chisquare':
          return chiSquareTest(counts);
        case 'z':
          return zTest(counts);
        case 'jensenshannon':
          return { statistic: jensenShannonDistance(binCounts(counts, false)), pValue: null };
        case 'psi':
          return { statistic: populationStabilityIndex(binCounts(counts, true)), pValue: null };
      }
    };
    cases.push({ name: `${name}: ${test}`, scipy, mine });
  }
}

const ALL_NUMERICAL = ['ks', 'wasserstein', 'jensenshannon', 'psi'] as const;
const ALL_CATEGORICAL = ['chisquare', 'jensenshannon', 'psi'] as const;
const pick = (rows: Row[], keep: (row: Row) => boolean) => rows.filter(keep);

// Seattle's weather, 2012 against 2015 (a warmer, drier year), and winter against summer.
const seattle = readVegaCsv('seattle-weather.csv');
const year = (y: string) => pick(seattle, (row) => row.date.startsWith(y));
const months = (list: number[]) => pick(seattle, (row) => list.includes(Number(row.date.slice(5, 7))));
for (const column of ['precipitation', 'temp_max', 'temp_min', 'wind']) {
  numericalCases(`seattle ${column} 2012 vs 2015`, numbersOf(year('2012'), column), numbersOf(year('2015'), column), [...ALL_NUMERICAL]);
}
numericalCases('seattle temp_max winter vs summer', numbersOf(months([12, 1, 2]), 'temp_max'), numbersOf(months([6, 7, 8]), 'temp_max'), ['ks', 'wasserstein']);
categoricalCases('seattle weather 2012 vs 2015', year('2012').map((row) => row.weather), year('2015').map((row) => row.weather), [...ALL_CATEGORICAL]);
const wet = (rows: Row[]) => rows.map((row) => String(Number(row.precipitation) > 0));
categoricalCases('seattle wet day 2012 vs 2015', wet(year('2012')), wet(year('2015')), ['z', 'chisquare']);
categoricalCases('seattle wet day 2013 vs 2014', wet(year('2013')), wet(year('2014')), ['z']);

// Seattle against New York, same days.
const weather = readVegaCsv('weather.csv');
const city = (name: string) => pick(weather, (row) => row.location === name);
for (const column of ['precipitation', 'temp_max', 'wind']) {
  numericalCases(`${column} Seattle vs New York`, numbersOf(city('Seattle'), column), numbersOf(city('New York'), column), [...ALL_NUMERICAL]);
}
categoricalCases('weather Seattle vs New York', city('Seattle').map((row) => row.weather), city('New York').map((row) => row.weather), [...ALL_CATEGORICAL]);

// Stock prices by symbol (samples of different sizes).
const stocks = readVegaCsv('stocks.csv');
const prices = (symbol: string) => numbersOf(pick(stocks, (row) => row.symbol === symbol), 'price');
numericalCases('price MSFT vs GOOG', prices('MSFT'), prices('GOOG'), ['ks', 'wasserstein', 'psi']);
numericalCases('price IBM vs AAPL', prices('IBM'), prices('AAPL'), ['ks', 'wasserstein']);

// US employment before and after the 2008 crisis.
const employment = readVegaCsv('us-employment.csv');
const before2008 = pick(employment, (row) => row.month < '2008-01-01');
const after2008 = pick(employment, (row) => row.month >= '2008-01-01');
for (const column of ['construction', 'manufacturing', 'nonfarm_change']) {
  numericalCases(`${column} before vs after 2008`, numbersOf(before2008, column), numbersOf(after2008, column), ['ks', 'wasserstein']);
}

// Generated edge cases: ties, equal samples, single values, sizes around the exact/asymptotic switch.
const normal = (size: number, mean: number, decimals: number, seed: number) => Array.from(normalValues({ size, mean, sd: 1, decimals, seed }));
numericalCases('equal samples', normal(300, 0, 2, 1), normal(300, 0, 2, 1), ['ks', 'wasserstein']);
numericalCases('one value each, the same', [5], [5], ['ks', 'wasserstein']);
numericalCases('one value each, different', [1], [2], ['ks', 'wasserstein']);
numericalCases('heavy ties (four values)', normal(500, 0, 0, 2), normal(700, 0.3, 0, 3), ['ks', 'wasserstein', 'jensenshannon', 'psi']);
numericalCases('n1 ≠ n2, small', normal(7, 0, 3, 4), normal(13, 1, 3, 5), ['ks']);
numericalCases('10,000 vs 10,000 (exact, equal sizes)', normal(10_000, 0, 3, 6), normal(10_000, 0.03, 3, 7), ['ks']);
numericalCases('9,999 vs 10,000 (exact)', normal(9_999, 0, 3, 8), normal(10_000, 0.03, 3, 9), ['ks']);
numericalCases('10,000 vs 10,001 (asymptotic)', normal(10_000, 0, 3, 10), normal(10_001, 0.03, 3, 11), ['ks']);
numericalCases('10,001 vs 120 (asymptotic, small n)', normal(10_001, 0, 3, 12), normal(120, 0.2, 3, 13), ['ks']);
numericalCases('100,000 vs 10,000, no shift', normal(100_000, 0, 2, 14), normal(10_000, 0, 2, 15), ['ks', 'wasserstein']);
numericalCases('100,000 vs 10,000, small shift', normal(100_000, 0, 2, 16), normal(10_000, 0.05, 2, 17), ['ks', 'wasserstein', 'psi']);
numericalCases('100,000 vs 10,000, large shift', normal(100_000, 0, 2, 18), normal(10_000, 0.3, 2, 19), ['ks']);

// The Kolmogorov distribution in each of SciPy's regions (Durbin, Pomeranz, Pelz–Good, Smirnov, the ends).
for (const n of [3, 40, 140, 141, 1000, 9967, 150_000]) {
  for (const x of [0.002, 0.008, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.8]) {
    cases.push({ name: `kstwo.sf(${x}, ${n})`, scipy: { test: 'kstwo', n, x }, mine: () => ({ statistic: kolmogorovSf(n, x), pValue: null }) });
  }
}

function close(actual: number, expected: number, relative: number, absolute: number): boolean {
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= Math.max(absolute, relative * Math.abs(expected));
}

describe('drift statistics equal SciPy on the same data', () => {
  let answers: [number, number | null][];
  before(() => {
    answers = scipyAnswers(cases.map((c) => c.scipy));
  });

  for (const [index, testCase] of cases.entries()) {
    it(testCase.name, () => {
      const [statistic, pValue] = answers[index];
      const mine = testCase.mine();
      const isDistribution = testCase.scipy.test === 'kstwo';
      // kstwo's value is a probability: 1e-3 relative, as every p-value; statistics to 1e-6.
      assert.ok(
        close(mine.statistic, statistic, isDistribution ? 1e-3 : 1e-6, isDistribution ? 1e-300 : 1e-12),
        `statistic ${mine.statistic} vs SciPy ${statistic}`,
      );
      if (pValue !== null) assert.ok(mine.pValue !== null && close(mine.pValue, pValue, 1e-3, 1e-300), `p-value ${mine.pValue} vs SciPy ${pValue}`);
      else assert.equal(mine.pValue, null);
    });
  }
});

describe('drift statistics on their own', () => {
  it('aligns numbers over the union of values, in order', () => {
    const counts = alignNumbers(weighted([1, 1, 3]), weighted([2, 3, 3, 3]));
    assert.deepEqual(counts.keys, ['1', '2', '3']);
    assert.deepEqual([...counts.reference], [2, 0, 1]);
    assert.deepEqual([...counts.current], [0, 1, 3]);
  });

  it('gives an infinite chi-squared and p = 0 when the current data has a category the reference never had', () => {
    const result = chiSquareTest(alignCategories(categoryCounts(['a', 'b', 'a']), categoryCounts(['a', 'c'])));
    assert.equal(result.statistic, Infinity);
    assert.equal(result.pValue, 0);
  });

  it('gives p = 1 to a z-test of two sides that hold the same single value', () => {
    assert.deepEqual(zTest(alignCategories(categoryCounts(['x', 'x']), categoryCounts(['x']))), { statistic: 0, pValue: 1 });
  });

  it('floors the Wasserstein norm at 0.001 when the reference is constant', () => {
    assert.equal(wassersteinNormed(weighted([2, 2, 2]), weighted([2.5])), 0.5 / 0.001);
  });

  it('tests samples above 10,000 asymptotically, and finds no drift between two draws of one distribution', () => {
    const big = toWeighted(normalValues({ size: 300_000, mean: 0, sd: 1, decimals: 3, seed: 20 }));
    const result = ksTest(toWeighted(normalValues({ size: 10_000, mean: 0, sd: 1, decimals: 3, seed: 21 })), big);
    assert.equal(result.method, 'asymptotic');
    assert.ok(result.pValue > 0.01, `same distribution, p = ${result.pValue}`);
  });
});
