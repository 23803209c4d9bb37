import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { CHUNK_BUDGET_MS } from '../src/store/chunkedWrite';
import { storePath } from '../src/store/paths';
import { Store } from '../src/store/store';
import { generateMlflowStore } from '../testkit/mlflowStoreGenerator';
import { median, type BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
/** One run of 2 million points: before chunked imports, its one transaction held the lock throughout. */
const SHAPE = { runs: 1, metrics: 4, steps: 500_000 };
const PROBE_EVERY_MS = 25;

/**
 * ingest.lock_hold_big_run: while `model-ledger import` reads one run of 2 million points, another
 * process's writer (as a rename in the editor) takes the store's write lock every 25 ms; the
 * longest it waited is how long the import held the lock at a stretch. Baseline, in the same run:
 * the whole import's time, what one transaction per run held.
 */
export async function benchImportLockHold(): Promise<BenchResult> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-lock-'));
  try {
    generateMlflowStore(workspace, SHAPE);
    Store.open(workspace).close(); // created and migrated first, so the probe never waits on that
    const waits: number[] = [];
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'import', '--workspace', workspace, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    let running = true;
    void exited.then(() => (running = false));
    const probe = new Database(storePath(workspace), { timeout: 120_000 });
    try {
      while (running) {
        const before = performance.now();
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('COMMIT');
        waits.push(performance.now() - before);
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
      }
    } finally {
      probe.close();
    }
    const code = await exited;
    const total = performance.now() - started;
    if (code !== 0) throw new Error(`model-ledger import exited with ${code}`);
    const longest = Math.max(...waits);
    return {
      name: 'ingest.lock_hold_big_run',
      value: longest,
      unit: 'ms',
      baseline: total,
      ratio: longest / total,
      note: `longest wait of another process's writer over ${waits.length} tries while importing one run of ${(SHAPE.metrics * SHAPE.steps).toLocaleString('en-US')} points (median wait ${median(waits).toFixed(1)} ms; chunk budget ${CHUNK_BUDGET_MS} ms); goal about a second at most; baseline: the whole import (${(total / 1000).toFixed(1)} s), which one transaction per run held`,
    };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
