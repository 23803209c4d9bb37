import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { isUserError } from '../../../src/core/errors';
import type { DataProfile } from '../../../src/core/profile/types';
import { profileFile } from '../../../src/data/profileFile';
import { tempDir } from '../helpers/temp';

function write(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

async function userErrorOf(file: string): Promise<string> {
  try {
    await profileFile(file);
  } catch (error) {
    assert.ok(isUserError(error), `not a UserError: ${String(error)}`);
    return error.message;
  }
  assert.fail(`${file} was profiled without an error`);
}

function column(profile: DataProfile, name: string) {
  const found = profile.columns.find((c) => c.name === name);
  assert.ok(found, `no column ${name}`);
  return found;
}

describe('bad data files: a clear error, or an issue naming the row and column', () => {
  it('an empty file is an error naming it, in each format', async () => {
    for (const name of ['empty.csv', 'empty.tsv', 'empty.jsonl', 'empty.parquet']) {
      const file = write(name, '');
      const message = await userErrorOf(file);
      assert.ok(message.startsWith(file), message);
      assert.match(message, /is empty/);
    }
  });

  it('a header only is a profile of 0 rows with its columns', async () => {
    const profile = await profileFile(write('header.csv', 'a,b,c\n'));
    assert.equal(profile.rows, 0);
    assert.deepEqual(profile.columns.map((c) => [c.name, c.count, c.nulls]), [['a', 0, 0], ['b', 0, 0], ['c', 0, 0]]);
    assert.deepEqual(profile.sample, { rows: 0, exact: true, columns: ['a', 'b', 'c'], values: [[], [], []] });
  });

  it('ragged rows are kept (missing cells empty, extra cells left out) and named by row', async () => {
    const profile = await profileFile(write('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'));
    assert.equal(profile.rows, 4);
    assert.deepEqual(column(profile, 'c').valueCounts, [[3, 1], [8, 1], [12, 1]]);
    assert.equal(column(profile, 'c').nulls, 1);
    assert.deepEqual(profile.issues.map((i) => [i.row, i.column]), [[2, null], [3, null]]);
    assert.match(profile.issues[0]!.message, /2 cells where the header has 3/);
    assert.match(profile.issues[1]!.message, /4 cells where the header has 3/);
  });

  it('quoted newlines, delimiters and quotes stay inside their cell', async () => {
    const profile = await profileFile(write('quoted.csv', 'id,note\n1,"first line\nsecond line"\n2,"a, b and ""c"""\n'));
    assert.equal(profile.rows, 2);
    assert.deepEqual(profile.sample.values[1], ['first line\nsecond line', 'a, b and "c"']);
  });

  it('a BOM is not part of the first column name', async () => {
    const profile = await profileFile(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('name,value\nx,1\n')])));
    assert.deepEqual(profile.columns.map((c) => c.name), ['name', 'value']);
  });

  it('bytes that are not UTF-8 are replaced, and the first row holding them is named', async () => {
    const latin1 = Buffer.from('city,n\nParis,1\nSão Paulo,2\nZürich,3\n', 'latin1');
    const profile = await profileFile(write('latin1.csv', latin1));
    assert.equal(profile.rows, 3);
    const issue = profile.issues.find((i) => /not UTF-8/.test(i.message));
    assert.deepEqual([issue?.row, issue?.column], [2, 'city']);
    assert.equal(profile.sample.values[0]![1], 'S\uFFFDo Paulo');
  });

  it('an all-null column is profiled with no value and reported', async () => {
    const profile = await profileFile(write('nulls.csv', 'a,empty\n1,\n2,\n3,\n'));
    const empty = column(profile, 'empty');
    assert.deepEqual([empty.count, empty.nulls, empty.numeric, empty.unique], [0, 3, null, 0]);
    assert.ok(profile.issues.some((i) => i.column === 'empty' && /every cell is empty/.test(i.message)));
  });

  it('NaN and ±Inf are counted apart, outside min/max/mean/std, and reported with their first row', async () => {
    const cells = ['1.5', 'NaN', '2.5', 'inf', '-inf', '4', 'nan', '-Infinity', '0.5'];
    const profile = await profileFile(write('nonfinite.csv', `x\n${cells.join('\n')}\n`));
    const x = column(profile, 'x');
    const finite = cells.map(Number).filter(Number.isFinite);
    const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
    const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (finite.length - 1));
    assert.equal(x.kind, 'numerical');
    assert.deepEqual([x.count, x.numeric!.nan, x.numeric!.posInf, x.numeric!.negInf], [cells.length, 2, 1, 2]);
    assert.deepEqual([x.numeric!.min, x.numeric!.max], [Math.min(...finite), Math.max(...finite)]);
    assert.ok(Math.abs(x.numeric!.mean - mean) < 1e-12 && Math.abs(x.numeric!.std - std) < 1e-12);
    assert.deepEqual(profile.sample.values[0], ['1.5', 'NaN', '2.5', 'inf', '-inf', '4', 'nan', '-Infinity', '0.5'].map((c) => (Number.isFinite(Number(c)) ? Number(c) : c.toLowerCase() === 'nan' ? 'NaN' : c.startsWith('-') ? '-inf' : 'inf')));
    const issue = profile.issues.find((i) => i.column === 'x')!;
    assert.equal(issue.row, 2);
    assert.match(issue.message, /2 NaN, 1 \+inf and 2 -inf/);
  });

  it('numbers mixed with texts: the column is text-valued, and the row of the first odd one out is named', async () => {
    const profile = await profileFile(write('mixed.csv', 'code\n1\n2\nA7\n2\n'));
    const code = column(profile, 'code');
    assert.equal(code.kind, 'categorical');
    assert.deepEqual(code.valueCounts, [['2', 2], ['1', 1], ['A7', 1]]);
    assert.deepEqual(profile.issues.map((i) => [i.row, i.column]), [[3, 'code']]);
  });

  it('a JSON-lines file with bad lines: each named by its line and skipped', async () => {
    const profile = await profileFile(write('bad.jsonl', '{"a":1}\n{"a":2,\n\n[1,2]\n{"a":3,"b":"x"}\n'));
    assert.equal(profile.rows, 2);
    assert.deepEqual(profile.issues.map((i) => i.row), [2, 4]);
    assert.match(profile.issues[0]!.message, /line 2 is not valid JSON/);
    assert.match(profile.issues[1]!.message, /line 4 is an array, not an object/);
    assert.deepEqual(column(profile, 'b').nulls, 1);
  });

  it('a malformed CSV (a quote never closed) is an error naming the file', async () => {
    const file = write('unclosed.csv', 'a,b\n1,"open\n2,3\n');
    assert.match(await userErrorOf(file), /unclosed\.csv is not a well-formed CSV file: .*Quote Not Closed/);
  });

  it('an unsupported file is an error naming it and the formats read', async () => {
    const file = write('table.xlsx', 'PK');
    assert.equal(await userErrorOf(file), `${file} is not a data file Model Ledger reads: name a .csv, .tsv, .parquet, .jsonl or .ndjson file.`);
  });

  it('a CSV saved as .parquet is an error naming the file and what is wrong', async () => {
    const file = write('notreally.parquet', 'a,b\n1,2\n');
    assert.match(await userErrorOf(file), /notreally\.parquet cannot be read as Parquet: parquet file invalid \(footer != PAR1\)/);
  });
});
