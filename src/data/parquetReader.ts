import * as fs from 'node:fs';
import { hashArtifact } from '../artifacts/hashArtifact';
import { errorMessage, UserError } from '../core/errors';
import type { Cell } from '../core/profile/types';
import type { SinkFactory, TableRead, TableSink } from './tableSink';

/**
 * Reads a Parquet file one column chunk (one column of one row group) at a time, straight into
 * the sink, so that only that chunk's values are ever in memory (a 3 M-row file is never a 3 M-row
 * array of objects); memory is bounded by the largest column chunk, whatever the file's size. Every codec hyparquet-compressors decodes is read (Snappy, gzip, Brotli, zstd, LZ4).
 * The sha256 is computed beside the read (src/artifacts), as Parquet is not read front to back.
 */
export async function readParquet<S extends TableSink>(file: string, makeSink: SinkFactory<S>): Promise<TableRead<S>> {
  const { parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const hashing = hashArtifact(file);
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = await fileBuffer(handle);
    if (buffer.byteLength === 0) throw new UserError(`${file} is empty: a Parquet file has at least its footer; name a Parquet file written by pyarrow, pandas or another Parquet writer.`);
    const metadata = await unlessBroken(file, () => parquetMetadataAsync(buffer));
    const names = parquetSchema(metadata).children.map((child) => child.element.name);
    const sink = makeSink(names);
    const columnOf = new Map(names.map((name, i) => [name, i]));
    let groupStart = 0;
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      const rows = sink.beginRows(groupRows);
      const start = groupStart;
      // One column chunk at a time: memory holds one column of one row group, however wide the file.
      for (const name of names) {
        await unlessBroken(file, () =>
          parquetRead({
            file: buffer,
            metadata,
            compressors,
            parsers: ISO_TEXT_PARSERS,
            columns: [name],
            rowStart: start,
            rowEnd: start + groupRows,
            onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
              const from = rowStart - start;
              sink.addColumnValues(columnOf.get(columnName)!, cellsOf(columnData), { firstRow: rows.firstRow + from, slots: rows.slots.subarray(from, rowEnd - start) });
            },
          }),
        );
      }
      groupStart += groupRows;
    }
    const { sha256, size } = await hashing;
    return { sink, format: 'parquet', sha256, bytes: size };
  } finally {
    await handle.close();
    // When the read failed first, its error is the one reported; the hash's own failure (the same
    // file) would only repeat it, and must not surface later as an unhandled rejection.
    await hashing.catch(() => undefined);
  }
}

/** A file as hyparquet's AsyncBuffer: slices read at their offsets from one open handle. */
async function fileBuffer(handle: fs.promises.FileHandle): Promise<{ byteLength: number; slice(start: number, end?: number): Promise<ArrayBuffer> }> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = new Uint8Array(Math.max(0, end - start));
      const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
      return bytes.buffer.slice(0, bytesRead);
    },
  };
}

/** hyparquet's errors ("footer != PAR1", an unknown codec, a page cut short) as a UserError naming the file. */
async function unlessBroken<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof Error) || (error as { code?: unknown }).code !== undefined) throw error;
    throw new UserError(`${file} cannot be read as Parquet: ${errorMessage(error)} (a truncated or damaged file, or a feature this reader lacks); check the file, or write it again with pyarrow or pandas.`, { cause: error });
  }
}

/**
 * Timestamps and dates straight to the ISO 8601 text the profile reads (as hyparquet decodes
 * them: once per dictionary entry, not once per row), rather than to Date objects converted
 * again per cell; an instant outside Date's range is a null cell.
 */
const ISO_TEXT_PARSERS = {
  timestampFromMilliseconds: (millis: bigint) => isoText(Number(millis)),
  timestampFromMicroseconds: (micros: bigint) => isoText(Number(micros / 1000n)),
  timestampFromNanoseconds: (nanos: bigint) => isoText(Number(nanos / 1000000n)),
  dateFromDays: (days: number) => isoText(days * 86_400_000),
};

function isoText(millis: number): string | null {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * Cells of a column chunk: numbers as they are (INT64 as the nearest double), timestamps and
 * dates as ISO 8601 text (from ISO_TEXT_PARSERS), bytes that are not text as hex, lists and structs as their JSON text.
 */
function cellsOf(data: ArrayLike<unknown>): ArrayLike<Cell> {
  if (data instanceof Float64Array || data instanceof Float32Array || data instanceof Int32Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data as ArrayLike<bigint>, Number);
  if (!Array.isArray(data)) return Array.from(data, cellOf);
  // Strings (the common case: dictionary-encoded categories) pass as they are, without a copy;
  // the first value that is not a cell (an optional INT64's bigint) starts the converted copy.
  for (let i = 0; i < data.length; i++) {
    if (isCell(data[i])) continue;
    const cells = data.slice(0, i) as Cell[];
    for (let k = i; k < data.length; k++) cells.push(cellOf(data[k]));
    return cells;
  }
  return data as Cell[];
}

function isCell(value: unknown): boolean {
  const type = typeof value;
  return value === null || type === 'string' || type === 'number' || type === 'boolean';
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    default:
      if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
      return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  }
}
