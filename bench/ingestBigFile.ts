import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BASE_TIME, generateMlflowStore, pointValue } from '../testkit/mlflowStoreGenerator';
import type { BenchResult } from './report';

const FILE_BYTES = 500 << 20;

/** One run whose one metric file is grown to 500 MB, written in pieces so the bench itself stays small. */
function growMetricFile(workspace: string): { store: string; bytes: number; points: number } {
  const store = generateMlflowStore(workspace, { runs: 1, metrics: 1, steps: 1 });
  const file = path.join(store, '1', '0'.repeat(32), 'metrics', 'metric_0');
  const fd = fs.openSync(file, 'w');
  let points = 0;
  let bytes = 0;
  while (bytes < FILE_BYTES) {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++, points++) lines.push(`${BASE_TIME + points} ${pointValue(0, 0, points)} ${points}`);
    bytes += fs.writeSync(fd, lines.join('\n') + '\n');
  }
  fs.closeSync(fd);
  return { store, bytes, points };
}

/** A single 500 MB metric file: imported whole, with peak RSS far below the file's size. */
export function benchIngestBigFile(): BenchResult {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-big-'));
  try {
    const { store, bytes, points } = growMetricFile(workspace);
    const child = path.join(__dirname, 'ingestMlflowChild.js');
    const result = JSON.parse(execFileSync(process.execPath, [child, workspace, store], { encoding: 'utf8' })) as { seconds: number; points: number; maxRssMb: number };
    if (result.points !== points) throw new Error(`ingest.big_file imported ${result.points} of ${points} points`);
    const sizeMb = bytes / 2 ** 20;
    return {
      name: 'ingest.big_file_peak_rss',
      value: result.maxRssMb,
      unit: 'MB',
      baseline: sizeMb,
      ratio: result.maxRssMb / sizeMb,
      note: `one ${sizeMb.toFixed(0)} MB MLflow metric file (${points.toLocaleString('en-US')} points) imported in ${result.seconds.toFixed(0)} s; baseline: the file's size`,
    };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
