import { readDelimited } from './delimitedReader';
import { dataFormatOf } from './dataFormat';
import { readJsonLines } from './jsonLinesReader';
import { readParquet } from './parquetReader';
import type { SinkFactory, TableRead, TableSink } from './tableSink';

/** Reads a data file of any format Model Ledger knows (by its extension) into a sink. */
export function readTable<S extends TableSink>(file: string, makeSink: SinkFactory<S>): Promise<TableRead<S>> {
  const format = dataFormatOf(file);
  switch (format) {
    case 'csv':
    case 'tsv':
      return readDelimited(file, format, makeSink);
    case 'jsonl':
      return readJsonLines(file, makeSink);
    case 'parquet':
      return readParquet(file, makeSink);
  }
}
