import * as fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { parse, type Options } from 'csv-parse';
import { errorMessage, UserError } from '../core/errors';
import { textCell } from '../core/profile/textCell';
import type { Cell } from '../core/profile/types';
import { HashingTap } from './hashingTap';
import { headerNames } from './headerNames';
import type { SinkFactory, TableRead, TableSink } from './tableSink';

const READ_CHUNK = 1 << 20;

/**
 * csv-parse's options for a data file: a BOM is dropped, quoted fields may hold delimiters and
 * newlines, blank lines are skipped (as pandas does), and rows of any length reach us, which
 * reports the ragged ones instead of failing the whole file.
 */
export function delimitedOptions(delimiter: string): Options {
  return { delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true };
}

/**
 * Reads a CSV or TSV file in one streaming pass (bounded memory whatever its size), hashing it on
 * the way. The first row is the header. A row with fewer cells than the header is kept with the
 * missing cells empty (null); one with more is kept without the extra cells; either is reported
 * with its row. Bytes that are not UTF-8 decode as U+FFFD, and the first row that holds one is
 * reported.
 */
export async function readDelimited<S extends TableSink>(file: string, format: 'csv' | 'tsv', makeSink: SinkFactory<S>): Promise<TableRead<S>> {
  const tap = new HashingTap();
  let sink: S | null = null;
  let width = 0;
  let row = 0;
  let lookForReplacement = true;
  const onRecord = (record: string[]): null => {
    if (sink === null) {
      const issues: string[] = [];
      const names = headerNames(record, (message) => issues.push(message));
      sink = makeSink(names);
      for (const message of issues) sink.issue(null, null, message);
      width = names.length;
      return null;
    }
    row++;
    if (record.length !== width) sink.issue(row, null, `has ${record.length} cells where the header has ${width}: ${record.length < width ? 'the missing cells are read as empty' : 'the cells past the last column are left out'}`);
    if (tap.sawInvalidUtf8 && lookForReplacement) lookForReplacement = !reportReplacement(sink, record, row, file);
    const cells = record as unknown as Cell[];
    for (let i = 0; i < record.length; i++) cells[i] = textCell(record[i]!);
    sink.addRow(cells);
    return null;
  };
  const parser = parse({ ...delimitedOptions(format === 'tsv' ? '\t' : ','), on_record: onRecord });
  parser.resume();
  try {
    await pipeline(fs.createReadStream(file, { highWaterMark: READ_CHUNK }), tap, parser);
  } catch (error) {
    // csv-parse's own errors (CSV_QUOTE_NOT_CLOSED, CSV_INVALID_CLOSING_QUOTE…) say what and at which line.
    if (String((error as { code?: unknown }).code ?? '').startsWith('CSV_')) throw new UserError(`${file} is not a well-formed ${format.toUpperCase()} file: ${errorMessage(error)}; fix the file and try again.`, { cause: error });
    throw error;
  }
  if (sink === null) throw new UserError(`${file} is empty: it has no header and no rows; name a ${format.toUpperCase()} file with a header row.`);
  return { sink, format, sha256: tap.digest(), bytes: tap.bytes };
}

/** Reports the first cell of a row that holds U+FFFD (bytes that were not UTF-8); whether one did. */
function reportReplacement(sink: TableSink, record: readonly string[], row: number, file: string): boolean {
  const column = record.findIndex((cell) => cell.includes('\uFFFD'));
  if (column < 0) return false;
  sink.issue(row, sink.columnNames[column] ?? null, `holds bytes that are not UTF-8 (the first such row of ${file}): read with U+FFFD in their place; save the file as UTF-8 to keep them`);
  return true;
}
