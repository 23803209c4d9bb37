import * as path from 'node:path';
import { UserError } from '../core/errors';
import type { DataFormat } from '../core/profile/types';

const BY_EXTENSION: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.parquet': 'parquet',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
};

/** The format of a data file, by its extension (case-insensitive); a UserError naming the file otherwise. */
/** Whether the file is of a format Model Ledger reads (by its extension). */
export function isDataFile(file: string): boolean {
  return Object.hasOwn(BY_EXTENSION, path.extname(file).toLowerCase());
}

export function dataFormatOf(file: string): DataFormat {
  const format = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (format === undefined) {
    throw new UserError(`${file} is not a data file Model Ledger reads: name a .csv, .tsv, .parquet, .jsonl or .ndjson file.`);
  }
  return format;
}
