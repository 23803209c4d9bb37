import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { describe, it } from 'node:test';
import { csvCell, csvRecords } from '../../src/core/csvCell';

describe('CSV cells', () => {
  it('makes formula-looking text text, leaves numbers numbers, and quotes every field', () => {
    assert.equal(csvCell('=cmd|\' /C calc\'!A0'), `"'=cmd|' /C calc'!A0"`);
    assert.equal(csvCell('@SUM(1+1)'), `"'@SUM(1+1)"`);
    assert.equal(csvCell('-2+3'), `"'-2+3"`);
    assert.equal(csvCell('\tx'), `"'\tx"`);
    for (const number of ['-0.5', '+1', '1e-7', '-3.25E+4', '.5', '42']) assert.equal(csvCell(number), `"${number}"`, number);
    assert.equal(csvCell('x;=cmd'), '"x;=cmd"', 'a cell a ";" spreadsheet would split stays one quoted field');
  });

  it('reads back cell for cell through a CSV reader', () => {
    const rows = [['say "hi"', 'one\r\ntwo', ''], ['-1.5', '=1+1', 'a,b']];
    const csv = csvRecords(['x', 'y', 'z'], rows);
    assert.deepEqual(parse(csv, { record_delimiter: '\r\n' }), [['x', 'y', 'z'], ['say "hi"', 'one\r\ntwo', ''], ['-1.5', "'=1+1", 'a,b']]);
  });
});
