import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { profileFile } from '../src/data/profileFile';
import { saveProfile } from '../src/data/profileFiles';
import { median, type BenchResult } from './report';

const FLIGHTS = path.resolve(__dirname, '..', '..', 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
const ROWS = 3_000_000;
const ROUNDS = 3;

interface ChildResult {
  seconds: number;
  rows: number;
  maxRssMb: number;
}

function runChild(args: string[]): ChildResult {
  const child = path.join(__dirname, 'driftParquetChild.js');
  const result = JSON.parse(execFileSync(process.execPath, [child, ...args], { encoding: 'utf8' })) as ChildResult;
  if (result.rows !== ROWS) throw new Error(`drift.parquet_3m: ${args[0]} read ${result.rows} of ${ROWS} rows`);
  return result;
}

/** Its first row group (272,727 rows, 1 to 17 January 2001) as a CSV of its own: the reference data. */
async function writeFirstRowGroup(file: string): Promise<number> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } = await import('hyparquet');
  const { compressors } = await import('hyparquet-compressors');
  const buffer = await asyncBufferFromFile(FLIGHTS);
  const metadata = await parquetMetadataAsync(buffer);
  const rows = (await parquetReadObjects({ file: buffer, metadata, compressors, rowEnd: Number(metadata.row_groups[0]!.num_rows) })) as Record<string, unknown>[];
  const names = Object.keys(rows[0]!);
  const cell = (value: unknown) => (value instanceof Date ? value.toISOString() : String(value ?? ''));
  fs.writeFileSync(file, [names.join(','), ...rows.map((row) => names.map((name) => cell(row[name])).join(','))].join('\n') + '\n');
  return rows.length;
}

/**
 * flights-3m.parquet (vega-datasets, 3 M rows, 5 columns, zstd) checked for drift against the
 * stored profile of its first row group, against reading the same columns with hyparquet alone;
 * each in its own process, alternately, median of three. Goals: ratio ≤ 1.5, peak RSS < 500 MB.
 */
export async function benchDriftParquet(): Promise<BenchResult[]> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-drift-'));
  try {
    const referenceFile = path.join(workspace, 'january.csv');
    const referenceRows = await writeFirstRowGroup(referenceFile);
    const { sha256 } = saveProfile(workspace, await profileFile(referenceFile, 'january.csv'));
    const read: ChildResult[] = [];
    const drift: ChildResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      read.push(runChild(['read', FLIGHTS]));
      drift.push(runChild(['drift', FLIGHTS, workspace, sha256]));
    }
    const readSeconds = median(read.map((r) => r.seconds));
    const driftSeconds = median(drift.map((r) => r.seconds));
    const readRss = Math.max(...read.map((r) => r.maxRssMb));
    const driftRss = Math.max(...drift.map((r) => r.maxRssMb));
    const what = `flights-3m.parquet, ${ROWS.toLocaleString('en-US')} rows × 5 columns, ${(fs.statSync(FLIGHTS).size / 2 ** 20).toFixed(0)} MB, against the profile of its first ${referenceRows.toLocaleString('en-US')} rows`;
    return [
      {
        name: 'drift.parquet_3m',
        value: driftSeconds,
        unit: 's',
        baseline: readSeconds,
        ratio: driftSeconds / readSeconds,
        note: `${what}; baseline: hyparquet alone reading the same columns (goal ≤ 1.5×); median of ${ROUNDS}`,
      },
      {
        name: 'drift.parquet_3m_peak_rss',
        value: driftRss,
        unit: 'MB',
        baseline: readRss,
        ratio: driftRss / readRss,
        note: `${what}; baseline: hyparquet alone's peak RSS (goal < 500 MB)`,
      },
    ];
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
