import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProfileBuilder } from '../../../src/core/profile/profileBuilder';
import { IsoDateReader } from '../../../src/core/profile/isoDate';
import { ReservoirPlan } from '../../../src/core/profile/reservoir';
import { textCell } from '../../../src/core/profile/textCell';
import { DISTINCT_LIMIT, type Cell } from '../../../src/core/profile/types';

/** A profile of columns given as arrays of cells (equal lengths), fed row by row. */
function profileOf(columns: Record<string, Cell[]>) {
  const names = Object.keys(columns);
  const builder = new ProfileBuilder(names);
  const rows = columns[names[0]!]!.length;
  for (let r = 0; r < rows; r++) builder.addRow(names.map((n) => columns[n]![r]!));
  return builder.finish({ path: 'generated', sha256: '0'.repeat(64), bytes: 0, format: 'csv' });
}

describe('column kinds', () => {
  it('numbers are numerical however few their values; true/false (any case) boolean; ISO dates datetime', () => {
    const n = 50;
    const flags = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'True' : 'false'));
    const times = Array.from({ length: n }, (_, i) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')}T10:${String(i).padStart(2, '0')}:00+02:00`);
    const profile = profileOf({
      label: Array.from({ length: n }, (_, i) => i % 2),
      flag: flags.map(textCell),
      // A space between date and time, as pandas writes them; the offset is honoured.
      at: times.map((t) => t.replace('T', ' ')),
      city: Array.from({ length: n }, (_, i) => ['Lyon', 'Oslo', 'Lima'][i % 3]!),
    });
    assert.deepEqual(profile.columns.map((c) => c.kind), ['numerical', 'boolean', 'datetime', 'categorical']);
    const flag = profile.columns[1]!;
    const trues = flags.filter((f) => f === 'True').length;
    assert.deepEqual(flag.valueCounts, [['false', n - trues], ['true', trues]]);
    assert.deepEqual(profile.sample.values[1], flags.map((f) => f === 'True'));
    const millis = times.map((t) => new Date(t).getTime());
    const iso = (ms: number) => new Date(ms).toISOString();
    assert.deepEqual(profile.columns[2]!.datetime, { min: iso(Math.min(...millis)), max: iso(Math.max(...millis)) });
  });

  it('text: mostly distinct long values, or more distinct values than DISTINCT_LIMIT', () => {
    const rows = DISTINCT_LIMIT + 5;
    const profile = profileOf({
      review: Array.from({ length: rows }, (_, i) => `the parcel number ${i} arrived late and damaged`),
      id: Array.from({ length: rows }, (_, i) => `u${i}`),
      shortCode: Array.from({ length: rows }, (_, i) => `c${i % 40}`),
    });
    assert.deepEqual(profile.columns.map((c) => [c.kind, c.unique]), [['text', null], ['text', null], ['categorical', 40]]);
    assert.equal(profile.columns[0]!.top.length, 20, 'top values come from the sample once counts are dropped');
  });

  it('CSV texts: decimals and non-finite spellings as numbers, pandas NA markers as missing, the rest as text', () => {
    const cases: [string, Cell][] = [['12', 12], ['-0.5', -0.5], ['1e3', 1000], ['.5', 0.5], ['1e999', Infinity], ['NaN', NaN], ['-inf', -Infinity],
      ['', null], ['NA', null], ['NULL', null], ['0x1f', '0x1f'], [' 12', ' 12'], ['12 ', '12 '], ['1_000', '1_000'], ['abc', 'abc'], ['-', '-']];
    for (const [text, expected] of cases) assert.ok(Object.is(textCell(text), expected) || textCell(text) === expected, `${JSON.stringify(text)} → ${String(textCell(text))}`);
  });
});

describe('CSV decimals', () => {
  it('read to the bit as Number() reads them (the fast path for short decimals included)', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 200_000; i++) {
      const digits = 1 + Math.floor(random() * 18);
      let text = Array.from({ length: digits }, () => Math.floor(random() * 10)).join('');
      const point = Math.floor(random() * (digits + 1));
      if (random() < 0.8) text = `${text.slice(0, point)}.${text.slice(point)}`;
      if (random() < 0.3) text = `-${text}`;
      assert.ok(Object.is(textCell(text), Number(text)), `${text}: ${String(textCell(text))} ≠ ${Number(text)}`);
    }
  });
});

describe('ISO dates', () => {
  it('read to the millisecond as Date.parse reads them (with Z when no offset is given), invalid ones as NaN', () => {
    let seed = 11;
    const random = (k: number) => Math.floor(((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * k);
    const two = (n: number) => String(n).padStart(2, '0');
    const reader = new IsoDateReader();
    for (let i = 0; i < 50_000; i++) {
      // Months and days past their ranges, hours past 23, minutes past 59: some texts are no dates.
      let text = `${1990 + random(50)}-${two(random(14))}-${two(random(33))}`;
      let reference = text;
      if (random(5) > 0) {
        const time = `${two(random(26))}:${two(random(62))}${random(2) ? `:${two(random(62))}${random(2) ? `.${random(100_000)}` : ''}` : ''}`;
        const zone = ['', 'Z', `${random(2) ? '+' : '-'}${two(random(15))}:${two(random(60))}`, `+${two(random(15))}${two(random(60))}`][random(4)]!;
        text += `${random(2) ? 'T' : ' '}${time}${zone}`;
        reference += `T${time}${zone || 'Z'}`;
      }
      assert.ok(Object.is(reader.millis(text), Date.parse(reference)), `${text}: ${reader.millis(text)} ≠ ${Date.parse(reference)}`);
    }
  });
});

describe('the reservoir plan', () => {
  it('keeps every row up to its size, then a uniform sample, the same one each time', () => {
    const rows = 200_000;
    const size = 1_000;
    const kept = (plan: ReservoirPlan) => {
      const slots = new Int32Array(size).fill(-1);
      for (let row = 0; row < rows; row++) {
        const slot = plan.next();
        if (slot >= 0) slots[slot] = row;
      }
      return slots;
    };
    const sample = kept(new ReservoirPlan(size));
    assert.deepEqual(kept(new ReservoirPlan(size)), sample, 'seeded: the same rows each time');
    assert.deepEqual(Array.from(new ReservoirPlan(5).nextSlots(5)), [0, 1, 2, 3, 4]);
    // Uniform: each tenth of the rows holds about a tenth of the sample (chi-squared, 9 degrees of freedom, p > 0.001).
    const tenths = new Array<number>(10).fill(0);
    for (const row of sample) tenths[Math.floor((row * 10) / rows)]!++;
    const chi2 = tenths.reduce((sum, observed) => sum + (observed - size / 10) ** 2 / (size / 10), 0);
    assert.ok(chi2 < 27.88, `chi-squared ${chi2} over ${tenths.join(', ')}`);
  });
});
