import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DISTINCT_LIMIT, type ColumnProfile, type DataProfile } from '../../../src/core/profile/types';
import { profileFile } from '../../../src/data/profileFile';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';
import { pythonReference, type ReferenceColumn } from './pythonReference';

const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');

/** Equal to 1e-9 relative (sums in another order differ in the last bits). */
function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≠ ${expected}`);
}

/** A profile's column checked against the Python reference of the same file. */
function assertMatches(column: ColumnProfile, reference: ReferenceColumn): void {
  assert.equal(column.count, reference.count, `${column.name} count`);
  assert.equal(column.nulls, reference.nulls, `${column.name} nulls`);
  const counted = reference.distinct <= DISTINCT_LIMIT;
  assert.equal(column.unique, counted ? reference.distinct : null, `${column.name} unique`);
  if (reference.numeric) {
    assert.equal(column.kind, 'numerical', column.name);
    const numeric = column.numeric!;
    for (const key of ['min', 'max', 'mean', 'std'] as const) close(numeric[key], reference.numeric[key], `${column.name} ${key}`);
    if (counted) numeric.quantiles.forEach((q, i) => close(q.value, reference.numeric!.quantiles[i]!, `${column.name} quantile ${q.p}`));
    numeric.histogram.edges.forEach((edge, i) => close(edge, reference.numeric!.histogram.edges[i]!, `${column.name} edge ${i}`));
    if (counted) assert.deepEqual(numeric.histogram.counts, reference.numeric.histogram.counts, `${column.name} histogram`);
    assert.deepEqual([numeric.nan, numeric.posInf, numeric.negInf], [reference.numeric.nan, reference.numeric.posInf, reference.numeric.negInf]);
  }
  if (!counted) {
    // Past DISTINCT_LIMIT the counts are dropped; quantiles and histogram are then the sample's.
    assert.equal(column.valueCounts, null);
    return;
  }
  assert.deepEqual(column.valueCounts, reference.valueCounts, `${column.name} value counts`);
  assert.deepEqual(column.top, reference.valueCounts.slice(0, 20).map(([value, count]) => [String(value), count]), `${column.name} top`);
}

function assertProfileMatches(profile: DataProfile, file: string, format: 'csv' | 'tsv' | 'jsonl'): void {
  const reference = pythonReference(file, format);
  assert.equal(profile.rows, reference.rows);
  assert.deepEqual(profile.columns.map((c) => c.name), reference.columns.map((c) => c.name));
  profile.columns.forEach((column, i) => assertMatches(column, reference.columns[i]!));
}

/** A vega-datasets JSON array written out as JSON lines, one object per line. */
function jsonLinesOf(name: string): string {
  const rows = JSON.parse(fs.readFileSync(path.join(VEGA, name), 'utf8')) as unknown[];
  const file = path.join(tempDir(), name.replace(/\.json$/, '.jsonl'));
  fs.writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
}

describe('profiles of real data files (vega-datasets) against Python and NumPy', () => {
  it('seattle-weather.csv: every column as Python reads it; dates as a datetime range; weather categorical', async () => {
    const file = path.join(VEGA, 'seattle-weather.csv');
    const profile = await profileFile(file);
    assertProfileMatches(profile, file, 'csv');
    const date = profile.columns.find((c) => c.name === 'date')!;
    assert.equal(date.kind, 'datetime');
    const days = date.valueCounts!.map(([day]) => String(day)).sort();
    assert.deepEqual(date.datetime, { min: `${days[0]}T00:00:00.000Z`, max: `${days.at(-1)}T00:00:00.000Z` });
    assert.equal(profile.columns.find((c) => c.name === 'weather')!.kind, 'categorical');
    assert.deepEqual(profile.sample, { rows: profile.rows, exact: true, columns: profile.columns.map((c) => c.name), values: profile.sample.values });
    assert.equal(profile.source.sha256, (await import('node:crypto')).createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    assert.equal(profile.source.bytes, fs.statSync(file).size);
    assert.deepEqual(profile.issues, []);
  });

  it('unemployment.tsv: tab-separated, numbers as numbers', async () => {
    const file = path.join(VEGA, 'unemployment.tsv');
    const profile = await profileFile(file);
    assert.equal(profile.source.format, 'tsv');
    assertProfileMatches(profile, file, 'tsv');
  });

  it('cars.json as JSON lines: nulls counted, text and categorical columns', async () => {
    const file = jsonLinesOf('cars.json');
    const profile = await profileFile(file);
    assert.equal(profile.source.format, 'jsonl');
    assertProfileMatches(profile, file, 'jsonl');
    assert.ok(profile.columns.find((c) => c.name === 'Miles_per_Gallon')!.nulls > 0, 'cars.json has cars without a mileage');
    assert.equal(profile.columns.find((c) => c.name === 'Origin')!.kind, 'categorical');
  });

  it('flights-20k.json as JSON lines: above SAMPLE_ROWS, a reservoir sample; the same file gives the same bytes', async () => {
    const file = jsonLinesOf('flights-20k.json');
    const profile = await profileFile(file);
    assertProfileMatches(profile, file, 'jsonl');
    assert.equal(profile.sample.rows, 10_000);
    assert.equal(profile.sample.exact, false);
    assert.ok(profile.sample.values.every((cells) => cells.length === 10_000));
    // Each sampled row is a real row of the file: its cells stay together across columns.
    const lines = new Set(fs.readFileSync(file, 'utf8').trim().split('\n'));
    const names = profile.sample.columns;
    for (let row = 0; row < profile.sample.rows; row += 997) {
      const object = Object.fromEntries(names.map((name, i) => [name, profile.sample.values[i]![row]]));
      assert.ok(lines.has(JSON.stringify(object)), `sample row ${row} is not a row of the file: ${JSON.stringify(object)}`);
    }
    assert.equal(JSON.stringify(await profileFile(file)), JSON.stringify(profile));
  });
});
