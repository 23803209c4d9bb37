import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MIXED_CSV_COLUMNS, writeMixedCsv } from '../testkit/mixedCsv';
import { median, type BenchResult } from './report';

const ROWS = 1_000_000;
const ROUNDS = 3;

interface ChildResult {
  seconds: number;
  rows: number;
  maxRssMb: number;
}

function runChild(mode: 'parse' | 'profile', file: string): ChildResult {
  const child = path.join(__dirname, 'profileCsvChild.js');
  const result = JSON.parse(execFileSync(process.execPath, [child, mode, file], { encoding: 'utf8' })) as ChildResult;
  if (result.rows !== ROWS) throw new Error(`profile.csv_1m: ${mode} read ${result.rows} of ${ROWS} rows`);
  return result;
}

/**
 * A 1,000,000-row, 25-column CSV of mixed kinds profiled, against parsing the same file with
 * csv-parse alone in the same streaming setup; each in its own process, alternately, median of
 * three. Goals: ratio ≤ 1.5, peak RSS < 500 MB.
 */
export function benchProfileCsv(): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-profile-'));
  try {
    const file = path.join(dir, 'mixed.csv');
    const bytes = writeMixedCsv(file, ROWS);
    const parse: ChildResult[] = [];
    const profile: ChildResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      parse.push(runChild('parse', file));
      profile.push(runChild('profile', file));
    }
    const parseSeconds = median(parse.map((r) => r.seconds));
    const profileSeconds = median(profile.map((r) => r.seconds));
    const peakRss = Math.max(...profile.map((r) => r.maxRssMb));
    const sizeMb = bytes / 2 ** 20;
    const what = `${ROWS.toLocaleString('en-US')} rows × ${MIXED_CSV_COLUMNS.length} columns, ${sizeMb.toFixed(0)} MB`;
    return [
      {
        name: 'profile.csv_1m',
        value: profileSeconds,
        unit: 's',
        baseline: parseSeconds,
        ratio: profileSeconds / parseSeconds,
        note: `${what}; baseline: csv-parse alone, same stream (goal ≤ 1.5×); median of ${ROUNDS}`,
      },
      {
        name: 'profile.csv_1m_peak_rss',
        value: peakRss,
        unit: 'MB',
        baseline: Math.max(...parse.map((r) => r.maxRssMb)),
        ratio: peakRss / Math.max(...parse.map((r) => r.maxRssMb)),
        note: `${what}; baseline: csv-parse alone's peak RSS (goal < 500 MB)`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
