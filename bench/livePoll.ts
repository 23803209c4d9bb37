import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LIVE_POLL_MS } from '../src/ingest/live';
import { MlflowPoll } from '../src/ingest/poll/mlflowPoll';
import { treeStamp } from '../src/ingest/poll/stamps';
import { generateMlflowStore } from '../testkit/mlflowStoreGenerator';
import { median, type BenchResult } from './report';

const RUNS = 10_000;
const RUNNING = 10;
const CHECKS = 30;

/**
 * What the live poll costs the extension host each second, on an MLflow store of 10,000 runs with
 * 10 running, when nothing changed: against stamping every run's files, as a poll of everything would.
 */
export function benchLivePoll(): BenchResult {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-poll-'));
  try {
    const storeDir = generateMlflowStore(workspace, { runs: RUNS, metrics: 3, steps: 1 });
    const experiment = path.join(storeDir, '1');
    const runIds = fs.readdirSync(experiment).filter((name) => name !== 'meta.yaml');
    const running = new Set(runIds.slice(0, RUNNING));
    const poll = new MlflowPoll({ kind: 'mlflow', path: storeDir }, () => running);
    const checks: number[] = [];
    for (let i = 0; i < CHECKS; i++) {
      const start = performance.now();
      const changes = poll.check();
      checks.push(performance.now() - start);
      if (changes.length > 0) throw new Error(`live.poll_check_10k saw changes in an unchanged store: ${JSON.stringify(changes[0])}`);
    }
    const everything: number[] = [];
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      treeStamp([storeDir], Number.MAX_SAFE_INTEGER);
      everything.push(performance.now() - start);
    }
    const value = median(checks);
    const baseline = median(everything);
    return {
      name: 'live.poll_check_10k',
      value,
      unit: 'ms',
      baseline,
      ratio: value / baseline,
      note: `one check of ${RUNS.toLocaleString('en-US')} runs, ${RUNNING} running (${((value / LIVE_POLL_MS) * 100).toFixed(2)}% of the ${LIVE_POLL_MS} ms interval); baseline: stamping every file of the store`,
    };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
