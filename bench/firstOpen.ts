import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromIngestWorker, ImportRequest } from '../src/ingest/worker/messages';
import { Store } from '../src/store/store';
import { generateMlflowStore, type GeneratedStoreShape } from '../testkit/mlflowStoreGenerator';
import { median, type BenchResult } from './report';

const ROOT = path.resolve(__dirname, '..', '..');
/** 1,000 runs of 20 small files each (meta.yaml, a param, a tag, 17 metrics of 20 points): 20,001 files. */
export const FIRST_OPEN_SHAPE: GeneratedStoreShape = { runs: 1000, metrics: 17, steps: 20 };
const SHAPE = FIRST_OPEN_SHAPE;
const ROUNDS = 3;

/** Reads every file of the store raw, as fast as Node can: the floor of any import. */
export function readEverything(dir: string): number {
  let files = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) files += readEverything(child);
    else {
      fs.readFileSync(child);
      files += 1;
    }
  }
  return files;
}

function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/** The CLI from nothing to its exit, in a process of its own, as a user runs it. */
function cliImport(workspace: string): number {
  return timed(() => {
    const result = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'import', '--workspace', workspace, '--quiet'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`model-ledger import failed (exit ${result.status ?? result.signal}): ${result.stderr}`);
  });
}

/** The extension's path without the editor: the ingest worker thread started cold, one import request, until `done`. */
async function workerImport(workspace: string): Promise<number> {
  const started = performance.now();
  const worker = new Worker(path.join(ROOT, 'dist', 'ingestWorker.js'));
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('error', reject);
      worker.on('message', (message: FromIngestWorker) => {
        if (message.type === 'done') resolve();
        if (message.type === 'failed') reject(new Error(message.message));
      });
      worker.postMessage({ type: 'import', id: 1, workspace, sources: 'discover' } satisfies ImportRequest);
    });
    return performance.now() - started;
  } finally {
    await worker.terminate();
  }
}

/** Every run is in the store, the last one with all its points: the import is done, not begun. */
function checkComplete(workspace: string): void {
  const store = Store.open(workspace, { create: false });
  try {
    const counts = store.counts();
    const points = SHAPE.runs * SHAPE.metrics * SHAPE.steps;
    if (counts.runs !== SHAPE.runs || counts.metricPoints !== points) {
      throw new Error(`ingest.first_open_1k: the store has ${counts.runs} runs and ${counts.metricPoints} points, not ${SHAPE.runs} and ${points}`);
    }
  } finally {
    store.close();
  }
}

/**
 * ingest.first_open_1k: a workspace with a 1,000-run MLflow store (20,001 small files) and no
 * Model Ledger store, imported from nothing to the last run in the store, by the CLI (a process
 * of its own) and by the import worker thread (the extension's path, without the editor). Baseline
 * in the same run: reading every file of the MLflow store raw. Medians of three rounds, each from
 * a removed store; the files are in the page cache for both (the raw read goes first).
 */
export async function benchFirstOpen(): Promise<BenchResult[]> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-first-open-'));
  try {
    const storeDir = generateMlflowStore(workspace, SHAPE);
    const fresh = () => fs.rmSync(path.join(workspace, '.modelledger'), { recursive: true, force: true });
    const raw: number[] = [];
    const cli: number[] = [];
    const worker: number[] = [];
    let files = 0;
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(timed(() => (files = readEverything(storeDir))));
      fresh();
      cli.push(cliImport(workspace));
      checkComplete(workspace);
      fresh();
      worker.push(await workerImport(workspace));
      checkComplete(workspace);
    }
    const baseline = median(raw) / 1000;
    const shape = `${SHAPE.runs.toLocaleString('en-US')} runs, ${files.toLocaleString('en-US')} files`;
    const result = (name: string, times: number[], how: string): BenchResult => {
      const value = median(times) / 1000;
      return { name, value, unit: 's', baseline, ratio: value / baseline, note: `${how}, ${shape}, nothing to the last run in the store (median of ${ROUNDS}: ${times.map((t) => (t / 1000).toFixed(2)).join(', ')} s); goal under 3 s; baseline: reading every file raw` };
    };
    return [result('ingest.first_open_1k', cli, 'model-ledger import in a process of its own'), result('ingest.first_open_1k_worker', worker, 'the import worker thread, started cold')];
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
