import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { isRecord } from '../common/records';
import { errorMessage, UserError } from '../core/errors';
import type { Cell } from '../core/profile/types';
import { HashingTap } from './hashingTap';
import type { SinkFactory, TableRead, TableSink } from './tableSink';

/**
 * Reads a JSON-lines file, one object per line, in one streaming pass, hashing it on the way.
 * Columns are the keys in the order first seen; a key first seen at a later line is null in the
 * rows before it. A line that is not a JSON object is reported with its line number and skipped;
 * blank lines are skipped. Nested objects and arrays are kept as their JSON text.
 */
export async function readJsonLines<S extends TableSink>(file: string, makeSink: SinkFactory<S>): Promise<TableRead<S>> {
  const tap = new HashingTap();
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 }).pipe(tap);
  const sink = makeSink([]);
  const columnOf = new Map<string, number>();
  let line = 0;
  let objects = 0;
  let undecodable = false;
  for await (const text of readline.createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    const value = parseLine(text, line, sink);
    if (value === null) continue;
    objects++;
    if (!undecodable && tap.sawInvalidUtf8 && text.includes('\uFFFD')) {
      undecodable = true;
      sink.issue(line, null, `line ${line} holds bytes that are not UTF-8 (the first such line): read with U+FFFD in their place; save the file as UTF-8 to keep them`);
    }
    const cells: Cell[] = new Array<Cell>(columnOf.size).fill(null);
    for (const key of Object.keys(value)) {
      let column = columnOf.get(key);
      if (column === undefined) {
        column = sink.addColumn(key);
        columnOf.set(key, column);
      }
      cells[column] = jsonCell(value[key]);
    }
    sink.addRow(cells);
  }
  if (objects === 0 && line === 0) throw new UserError(`${file} is empty: it has no lines; name a JSON-lines file with one object per line.`);
  return { sink, format: 'jsonl', sha256: tap.digest(), bytes: tap.bytes };
}

/** The object on one line, or null (reported) when the line is not one. */
function parseLine(text: string, line: number, sink: TableSink): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    sink.issue(line, null, `line ${line} is not valid JSON (${errorMessage(error)}): skipped`);
    return null;
  }
  if (!isRecord(value)) {
    sink.issue(line, null, `line ${line} is ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}, not an object: skipped`);
    return null;
  }
  return value;
}

function jsonCell(value: unknown): Cell {
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value as Cell;
  return JSON.stringify(value);
}
