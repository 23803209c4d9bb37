import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { before, describe, it } from 'node:test';
import { isUserError } from '../../../src/core/errors';
import type { DataProfile } from '../../../src/core/profile/types';
import { profileFile } from '../../../src/data/profileFile';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';

const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');
const SEATTLE = path.join(VEGA, 'seattle-weather.csv');

/** Compressors for hyparquet-writer from Node's zlib (it has no LZ4, so LZ4 files are not written here). */
const COMPRESSORS = {
  GZIP: (input: Uint8Array) => zlib.gzipSync(input),
  BROTLI: (input: Uint8Array) => zlib.brotliCompressSync(input),
  ZSTD: (input: Uint8Array) => zlib.zstdCompressSync(input),
};

type Codec = 'UNCOMPRESSED' | 'SNAPPY' | keyof typeof COMPRESSORS;

/** seattle-weather.csv's columns (a plain file: no quotes), the dates and weather as strings. */
function seattleColumns() {
  const [header, ...lines] = fs.readFileSync(SEATTLE, 'utf8').trim().split('\n');
  const rows = lines.map((line) => line.split(','));
  return header!.split(',').map((name, i) => {
    const text = i === 0 || i === 5;
    return { name, data: rows.map((r) => (text ? r[i]! : Number(r[i]))), type: text ? ('STRING' as const) : ('DOUBLE' as const) };
  });
}

async function writeParquet(file: string, columnData: { name: string; data: unknown[]; type: 'STRING' | 'DOUBLE' | 'INT64' | 'TIMESTAMP' }[], codec: Codec | 'LZO', rowGroupSize: number, compressors: object = COMPRESSORS) {
  const { parquetWriteFile } = await import('hyparquet-writer');
  parquetWriteFile({ filename: file, columnData: columnData as never, codec, compressors, rowGroupSize });
}

/** A profile without its source (path, hash, format differ between a CSV and its Parquet copy). */
function body(profile: DataProfile) {
  return { rows: profile.rows, columns: profile.columns, sample: profile.sample, issues: profile.issues };
}

describe('Parquet files', () => {
  let csvProfile: DataProfile;
  before(async () => {
    csvProfile = await profileFile(SEATTLE);
  });

  for (const codec of ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'BROTLI', 'ZSTD'] as const) {
    it(`${codec}: the same profile as the CSV the data came from, across several row groups`, async () => {
      const file = path.join(tempDir(), `seattle-${codec}.parquet`);
      await writeParquet(file, seattleColumns(), codec, 500);
      const profile = await profileFile(file);
      assert.equal(profile.source.format, 'parquet');
      assert.deepEqual(body(profile), body(csvProfile));
    });
  }

  it('a truncated file is an error naming it and what is wrong', async () => {
    const whole = path.join(tempDir(), 'whole.parquet');
    await writeParquet(whole, seattleColumns(), 'SNAPPY', 500);
    const cut = path.join(tempDir(), 'cut.parquet');
    const bytes = fs.readFileSync(whole);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length >> 1));
    await assert.rejects(profileFile(cut), (error: Error) => isUserError(error) && error.message.startsWith(`${cut} cannot be read as Parquet: parquet file invalid (footer != PAR1)`));
  });

  it('a codec no reader here decodes (LZO) is an error naming the file and the codec', async () => {
    const file = path.join(tempDir(), 'lzo.parquet');
    await writeParquet(file, seattleColumns(), 'LZO', 500, { LZO: (input: Uint8Array) => input });
    await assert.rejects(profileFile(file), (error: Error) => isUserError(error) && error.message.startsWith(`${file} cannot be read as Parquet`) && /LZO/.test(error.message));
  });

  it('300,000 rows of flights-3m.parquet in row groups: counts, moments, ranges and categories as recomputed from the rows', async () => {
    const { parquetReadObjects, asyncBufferFromFile } = await import('hyparquet');
    const { compressors } = await import('hyparquet-compressors');
    const rows = (await parquetReadObjects({ file: await asyncBufferFromFile(path.join(VEGA, 'flights-3m.parquet')), compressors, rowEnd: 300_000 })) as { date: Date; delay: bigint; distance: bigint; origin: string; destination: string }[];
    const file = path.join(tempDir(), 'flights-300k.parquet');
    await writeParquet(file, [
      { name: 'date', data: rows.map((r) => r.date), type: 'TIMESTAMP' },
      { name: 'delay', data: rows.map((r) => r.delay), type: 'INT64' },
      { name: 'origin', data: rows.map((r) => r.origin), type: 'STRING' },
    ], 'ZSTD', 64_000);
    const profile = await profileFile(file);
    assert.equal(profile.rows, rows.length);
    assert.deepEqual([profile.sample.rows, profile.sample.exact], [10_000, false]);

    const [date, delay, origin] = profile.columns;
    const times = rows.map((r) => r.date.getTime());
    assert.equal(date!.kind, 'datetime');
    assert.deepEqual(date!.datetime, { min: new Date(times.reduce((a, b) => Math.min(a, b))).toISOString(), max: new Date(times.reduce((a, b) => Math.max(a, b))).toISOString() });

    const delays = rows.map((r) => Number(r.delay));
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    const std = Math.sqrt(delays.reduce((a, b) => a + (b - mean) ** 2, 0) / (delays.length - 1));
    assert.equal(delay!.kind, 'numerical');
    assert.equal(delay!.numeric!.integer, true);
    assert.deepEqual([delay!.numeric!.min, delay!.numeric!.max], [delays.reduce((a, b) => Math.min(a, b)), delays.reduce((a, b) => Math.max(a, b))]);
    assert.ok(Math.abs(delay!.numeric!.mean - mean) < 1e-9 && Math.abs(delay!.numeric!.std - std) < 1e-9 * std);
    const delayCounts = new Map<number, number>();
    for (const d of delays) delayCounts.set(d, (delayCounts.get(d) ?? 0) + 1);
    assert.equal(delay!.unique, delayCounts.size);
    assert.deepEqual(new Map(delay!.valueCounts as [number, number][]), delayCounts);

    const originCounts = new Map<string, number>();
    for (const r of rows) originCounts.set(r.origin, (originCounts.get(r.origin) ?? 0) + 1);
    assert.equal(origin!.kind, 'categorical');
    assert.deepEqual(new Map(origin!.valueCounts as [string, number][]), originCounts);
    // Each sampled row is a real row: its three cells belong together.
    const real = new Set(rows.map((r) => `${r.date.toISOString()}|${Number(r.delay)}|${r.origin}`));
    for (let i = 0; i < profile.sample.rows; i += 499) {
      const [d, x, o] = profile.sample.values.map((cells) => cells[i]);
      assert.ok(real.has(`${d}|${x}|${o}`), `sample row ${i} is not a row of the file`);
    }
  });
});
