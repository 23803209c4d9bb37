import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkDrift } from '../../../src/core/drift/check';
import type { ColumnKind } from '../../../src/core/profile/types';
import type { DriftColumnInput, DriftSide } from '../../../src/core/drift/types';
import { isUserError } from '../../../src/core/errors';
import { normalValues, toWeighted } from '../../../testkit/driftSamples';
import { categoryCounts, numbersOf, readVegaCsv, weighted, type Row } from './realData';

function numerical(name: string, values: number[], exact = true): DriftColumnInput {
  return { name, kind: 'numerical', count: values.length, nulls: 0, numbers: weighted(values), categories: null, datetime: null, exact };
}

function categorical(name: string, values: string[], kind: ColumnKind = 'categorical'): DriftColumnInput {
  return { name, kind, count: values.length, nulls: 0, numbers: null, categories: categoryCounts(values), datetime: null, exact: true };
}

function side(label: string, rows: number, columns: DriftColumnInput[]): DriftSide {
  return { label, sha256: null, rows, columns };
}

/** Seattle's weather of some rows as a drift side: four numerical columns, the weather and the date. */
function seattleSide(label: string, rows: Row[]): DriftSide {
  const dates = rows.map((row) => row.date).sort();
  return side(label, rows.length, [
    { name: 'date', kind: 'datetime', count: rows.length, nulls: 0, numbers: null, categories: null, datetime: { min: dates[0], max: dates[dates.length - 1] }, exact: true },
    ...['precipitation', 'temp_max', 'temp_min', 'wind'].map((column) => numerical(column, numbersOf(rows, column))),
    categorical('weather', rows.map((row) => row.weather)),
  ]);
}

const seattle = readVegaCsv('seattle-weather.csv');
const ofYears = (...years: string[]) => seattle.filter((row) => years.some((year) => row.date.startsWith(year)));
const CHECKED_AT = Date.UTC(2025, 0, 1);

describe('drift check: Evidently\'s default test per column', () => {
  it('uses KS, chi-squared and the z-test for a reference of at most 1,000 rows', () => {
    const reference = seattleSide('2012', ofYears('2012'));
    const current = seattleSide('2015', ofYears('2015'));
    current.columns.push(categorical('wet', ofYears('2015').map((row) => String(Number(row.precipitation) > 0)), 'boolean'));
    reference.columns.push(categorical('wet', ofYears('2012').map((row) => String(Number(row.precipitation) > 0)), 'boolean'));
    const report = checkDrift(reference, current, { checkedAt: CHECKED_AT });
    const tests = Object.fromEntries(report.columns.map((column) => [column.name, column.test]));
    assert.deepEqual(tests, { precipitation: 'ks', temp_max: 'ks', temp_min: 'ks', wind: 'ks', weather: 'chisquare', wet: 'z' });
    for (const column of report.columns) {
      assert.equal(column.threshold, 0.05);
      assert.equal(column.drift, column.pValue !== null && (column.test === 'ks' ? column.pValue <= 0.05 : column.pValue < 0.05));
      assert.equal(column.score, 1 - (column.pValue ?? 0));
      assert.equal(column.estimated, false);
    }
    assert.equal(report.checkedAt, CHECKED_AT);
    assert.deepEqual(report.rows, { reference: 366, current: 365 });
  });

  it('uses normed Wasserstein and Jensen–Shannon above 1,000 rows, each at 0.1', () => {
    const report = checkDrift(seattleSide('2012–2014', ofYears('2012', '2013', '2014')), seattleSide('2015', ofYears('2015')));
    const byName = new Map(report.columns.map((column) => [column.name, column]));
    for (const name of ['precipitation', 'temp_max', 'temp_min', 'wind']) assert.equal(byName.get(name)?.test, 'wasserstein');
    assert.equal(byName.get('weather')?.test, 'jensenshannon');
    for (const column of report.columns) {
      assert.equal(column.pValue, null);
      assert.equal(column.threshold, 0.1);
      assert.equal(column.drift, column.statistic >= 0.1);
      assert.equal(column.score, column.statistic);
    }
  });

  it('treats a numerical column with at most five values as categories', () => {
    const small = checkDrift(side('r', 6, [numerical('grade', [1, 2, 3, 1, 2, 3])]), side('c', 4, [numerical('grade', [1, 1, 2, 4])]));
    assert.equal(small.columns[0].test, 'chisquare');
    const binary = checkDrift(side('r', 4, [numerical('flag', [0, 1, 1, 0])]), side('c', 3, [numerical('flag', [1, 1, 1])]));
    assert.equal(binary.columns[0].test, 'z');
    const large = Array.from({ length: 1500 }, (_, i) => i % 4);
    const big = checkDrift(side('r', 1500, [numerical('grade', large)]), side('c', 3, [numerical('grade', [0, 1, 2])]));
    assert.equal(big.columns[0].test, 'jensenshannon');
  });
});

describe('drift check: dataset drift and overrides', () => {
  const reference = seattleSide('2012', ofYears('2012'));
  const summer = seattleSide('summer 2015', seattle.filter((row) => row.date >= '2015-06-01' && row.date < '2015-09-01'));

  it('calls dataset drift when the share of drifted columns reaches the threshold', () => {
    const report = checkDrift(reference, summer);
    const drifted = report.columns.filter((column) => column.drift).length;
    assert.equal(report.driftShare, drifted / report.columns.length);
    assert.equal(report.shareThreshold, 0.5);
    assert.equal(report.datasetDrift, report.driftShare >= 0.5);
    assert.ok(drifted >= 3, `summer against a whole year drifts in temperature and more: ${drifted} drifted`);
    const strict = checkDrift(reference, summer, { shareThreshold: 1 });
    assert.equal(strict.datasetDrift, drifted === report.columns.length);
  });

  it('runs the test and threshold a column override names', () => {
    const report = checkDrift(reference, summer, {
      columns: { wind: { test: 'psi', threshold: 0.25 }, weather: { threshold: 0.001 }, temp_max: { test: 'wasserstein' } },
    });
    const byName = new Map(report.columns.map((column) => [column.name, column]));
    assert.equal(byName.get('wind')?.test, 'psi');
    assert.equal(byName.get('wind')?.threshold, 0.25);
    assert.equal(byName.get('weather')?.test, 'chisquare');
    assert.equal(byName.get('weather')?.threshold, 0.001);
    assert.equal(byName.get('temp_max')?.test, 'wasserstein');
    assert.equal(byName.get('temp_max')?.threshold, 0.1);
  });

  it('refuses options it cannot honour, naming the column', () => {
    assert.throws(() => checkDrift(reference, summer, { columns: { wind: { test: 'anderson' as never } } }), (error) => isUserError(error) && /"wind".*anderson/.test(error.message));
    assert.throws(() => checkDrift(reference, summer, { columns: { wind: { threshold: Number.NaN } } }), (error) => isUserError(error) && /"wind".*threshold/.test(error.message));
    assert.throws(() => checkDrift(reference, summer, { shareThreshold: 0 }), (error) => isUserError(error) && /shareThreshold/.test(error.message));
  });

  it('does not run a test that needs numbers on categories, and says what to choose', () => {
    const report = checkDrift(reference, summer, { columns: { weather: { test: 'ks' } } });
    assert.ok(!report.columns.some((column) => column.name === 'weather'));
    const finding = report.findings.find((f) => f.column === 'weather' && f.kind === 'not-tested');
    assert.match(finding?.message ?? '', /ks needs numbers.*chisquare/);
  });
});

describe('drift check: findings', () => {
  it('reports missing columns, type changes, new categories, dates, empty and untested columns', () => {
    const reference = side('ref', 5, [
      numerical('age', [30, 40, 50, 60, 70]),
      numerical('income', [1.5, 2.5, 3.5, 4.5, 5.5]),
      categorical('plan', ['basic', 'basic', 'pro', 'pro', 'basic']),
      categorical('churned', ['false', 'true', 'false', 'false', 'true'], 'boolean'),
      numerical('zip', [1, 2, 3, 4, 5]),
      { name: 'signup', kind: 'datetime', count: 5, nulls: 0, numbers: null, categories: null, datetime: { min: '2020-01-01', max: '2020-12-31' }, exact: true },
      { name: 'notes', kind: 'text', count: 5, nulls: 0, numbers: null, categories: null, datetime: null, exact: true },
      { name: 'coupon', kind: 'categorical', count: 0, nulls: 5, numbers: null, categories: new Map(), datetime: null, exact: true },
      numerical('legacy', [1, 2, 3, 4, 5]),
    ]);
    const current = side('cur', 4, [
      numerical('age', [31, 41, 51, 61]),
      numerical('income', [2, 3, 4, 5]),
      categorical('plan', ['basic', 'enterprise', 'team', 'pro']),
      categorical('churned', ['false', 'true', 'maybe', 'false']),
      categorical('zip', ['a1', 'b2', 'c3', 'd4']),
      { name: 'signup', kind: 'datetime', count: 4, nulls: 0, numbers: null, categories: null, datetime: { min: '2021-01-01', max: '2021-03-31' }, exact: true },
      { name: 'notes', kind: 'text', count: 4, nulls: 0, numbers: null, categories: null, datetime: null, exact: true },
      { name: 'coupon', kind: 'categorical', count: 0, nulls: 4, numbers: null, categories: new Map(), datetime: null, exact: true },
      numerical('added', [1, 2, 3, 4]),
    ]);
    const report = checkDrift(reference, current);
    const found = report.findings.map((f) => `${f.kind} ${f.column}`);
    assert.deepEqual(found, [
      'new-categories plan',
      'type-change churned',
      'new-categories churned',
      'type-change zip',
      'not-tested zip',
      'datetime-range signup',
      'not-tested notes',
      'empty-column coupon',
      'missing-in-current legacy',
      'missing-in-reference added',
    ]);
    const message = (kind: string, column: string) => report.findings.find((f) => f.kind === kind && f.column === column)?.message ?? '';
    assert.match(message('new-categories', 'plan'), /2 categories.*"enterprise", "team"/);
    assert.match(message('datetime-range', 'signup'), /2020-01-01 to 2020-12-31.*2021-01-01 to 2021-03-31/);
    assert.match(message('type-change', 'churned'), /boolean in the reference and categorical in the current/);
    // age (integers) and income (floats on one side) are one numerical column each; plan and churned are tested too.
    assert.deepEqual(report.columns.map((column) => column.name), ['age', 'income', 'plan', 'churned']);
    assert.equal(report.columns.find((column) => column.name === 'churned')?.kind, 'categorical');
  });

  it('never throws on a side with no rows: every column is an empty-column finding', () => {
    const reference = seattleSide('2012', ofYears('2012'));
    const empty = side('empty.csv', 0, reference.columns.map((column) => ({ ...column, count: 0, numbers: null, categories: null, datetime: null })));
    const report = checkDrift(reference, empty);
    assert.equal(report.columns.length, 0);
    assert.equal(report.driftShare, 0);
    assert.equal(report.datasetDrift, false);
    assert.deepEqual(report.findings.map((f) => f.kind).sort(), ['datetime-range', 'empty-column', 'empty-column', 'empty-column', 'empty-column', 'empty-column']);
  });

  it('marks figures from a sample as estimated', () => {
    const values = numbersOf(ofYears('2012'), 'wind');
    const report = checkDrift(side('profile', 366, [numerical('wind', values, false)]), side('c', 365, [numerical('wind', numbersOf(ofYears('2015'), 'wind'))]));
    assert.equal(report.columns[0].estimated, true);
  });
});

describe('drift check: distributions for the chart', () => {
  it('draws numbers as shares over shared histogram edges that span both sides', () => {
    const reference = toWeighted(normalValues({ size: 2000, mean: 0, sd: 1, decimals: 2, seed: 1 }));
    const current = toWeighted(normalValues({ size: 3000, mean: 1, sd: 1, decimals: 2, seed: 2 }));
    const input = (values: typeof reference): DriftColumnInput => ({ name: 'x', kind: 'numerical', count: 0, nulls: 0, numbers: values, categories: null, datetime: null, exact: true });
    const report = checkDrift(side('r', 2000, [{ ...input(reference), count: 2000 }]), side('c', 3000, [{ ...input(current), count: 3000 }]));
    const distribution = report.columns[0].distribution;
    assert.equal(distribution.kind, 'histogram');
    if (distribution.kind !== 'histogram') return;
    assert.equal(distribution.edges[0], Math.min(reference.values[0], current.values[0]));
    assert.equal(distribution.edges.at(-1), Math.max(reference.values.at(-1) ?? 0, current.values.at(-1) ?? 0));
    assert.equal(distribution.edges.length, distribution.reference.length + 1);
    assert.equal(distribution.edges.length - 1, Math.ceil(Math.log2(5000) + 1));
    for (const shares of [distribution.reference, distribution.current]) assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it('draws categories most common first, the long tail as one bar', () => {
    const many = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const reference = [...many, ...Array(50).fill('c0')];
    const report = checkDrift(side('r', reference.length, [categorical('city', reference)]), side('c', many.length, [categorical('city', many)]));
    const distribution = report.columns[0].distribution;
    assert.equal(distribution.kind, 'categories');
    if (distribution.kind !== 'categories') return;
    assert.equal(distribution.categories[0], 'c0');
    assert.equal(distribution.categories.length, 31);
    assert.equal(distribution.categories[30], '(10 others)');
    assert.ok(Math.abs(distribution.current.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });
});
