import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store } from '../src/store/store';
import type { BenchResult } from './report';
import type { ScalableBench } from './scalable';
import type { TreeScaleFigures } from './vscode/treeScale';
import { SWEEP_FILTERS, SWEEP_SORT, TEN_THOUSAND, writeTenThousandRuns } from '../testkit/tenThousandRuns';
import { runExtensionBench } from './extensionBench';

const EXPAND_GOAL_MS = 50;
const MEMORY_GOAL_MB = 50;

/**
 * tree.expand_100k and tree.memory_100k at 10,000 runs × scale, measured inside a real VS Code
 * extension host (code-server): a workspace whose store holds one experiment of that many runs is
 * opened, the Experiments view is sorted by a metric and filtered by a param through the
 * extension's commands, and bench/vscode/treeScale.ts expands the experiment through its provider.
 * Baselines, from the same extension host: one raw SQL query of the same page, and the heap taken
 * by the raw rows of every run.
 */
export const treeScale: ScalableBench = {
  word: 'tree',
  scales: [1, 10, 100],
  skipped: [],
  run: async (scale) => runAt(TEN_THOUSAND * scale),
};

function runAt(runs: number): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-tree-scale-'));
  try {
    const started = performance.now();
    const store = Store.open(dir);
    try {
      writeTenThousandRuns(store, 'sweep', runs);
    } finally {
      store.close();
    }
    const writeSeconds = (performance.now() - started) / 1000;
    return results(runExtensionBench<TreeScaleFigures>('treeScale', dir, { MODEL_LEDGER_BENCH_RUNS: String(runs) }), writeSeconds);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const sortKey = SWEEP_SORT.field.kind === 'metric' ? SWEEP_SORT.field.key : SWEEP_SORT.field.kind;

function paramText(filter: keyof typeof SWEEP_FILTERS): string {
  const param = SWEEP_FILTERS[filter].param!;
  return `${param.key} = ${param.value}`;
}

function results(f: TreeScaleFigures, writeSeconds: number): BenchResult[] {
  const count = f.runs.toLocaleString('en-US');
  const query = (filter: keyof typeof SWEEP_FILTERS) => `sorted by ${sortKey} ${SWEEP_SORT.descending ? 'descending' : 'ascending'} and filtered by ${paramText(filter)}`;
  const gcNote = f.gcExposed ? 'after gc' : 'without gc';
  return [
    {
      name: 'tree.expand_100k',
      value: f.expandMs,
      unit: 'ms',
      baseline: f.rawQueryMs,
      ratio: f.expandMs / f.rawQueryMs,
      note:
        `getChildren + getTreeItem of the first page (${f.children} rows) of a ${count}-run experiment in the extension host, ${query('uncorrelated')}, ` +
        `from the indexes (goal < ${EXPAND_GOAL_MS} ms) vs one raw SQL query of the same ${f.rawPageRows} runs; ` +
        `filtered by ${paramText('correlated')} instead (no match among the lowest third of losses): ${f.correlatedExpandMs.toFixed(1)} ms; the experiment's row: ${f.rowMs.toFixed(1)} ms; ` +
        `store written in ${Math.round(writeSeconds)} s`,
    },
    {
      name: 'tree.memory_100k',
      value: f.heapGrowth / 1e6,
      unit: 'MB',
      baseline: f.rawHeapGrowth / 1e6,
      ratio: f.heapGrowth / f.rawHeapGrowth,
      note: `extension host heap growth (${gcNote}) after opening that ${count}-run experiment, its first page's nodes and items kept (goal < ${MEMORY_GOAL_MB} MB) vs holding the raw rows of all ${f.rawRows.toLocaleString('en-US')} runs`,
    },
  ];
}
