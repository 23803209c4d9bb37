import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/store/store';
import type { TreeExpandFigures } from './vscode/treeExpand';
import type { BenchResult } from './report';
import { TEN_THOUSAND, writeTenThousandRuns } from '../testkit/tenThousandRuns';
import { runExtensionBench } from './extensionBench';


/**
 * tree.expand_10k, tree.expand_10k_alike and tree.memory_10k, measured inside a real VS Code
 * extension host (code-server): a workspace whose store has an experiment of 10,000 runs, and one
 * of 10,000 runs all named alike, is opened, and bench/vscode/treeExpand.ts expands them through
 * the extension's provider.
 * Baselines, from the same extension host: the raw SQL query of the same 200 rows, and the heap
 * taken by the raw rows of all 10,000 runs.
 */
export function benchTreeExpand(): BenchResult[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-tree-'));
  try {
    const store = Store.open(dir);
    try {
      writeTenThousandRuns(store, 'bench-10k');
      writeTenThousandRuns(store, 'bench-10k-alike', TEN_THOUSAND, 'alike');
    } finally {
      store.close();
    }
    const f = runExtensionBench<TreeExpandFigures>('treeExpand', dir);
    const gcNote = f.gcExposed ? 'after gc' : 'without gc';
    return [
      {
        name: 'tree.expand_10k',
        value: f.expandMs,
        unit: 'ms',
        baseline: f.rawQueryMs,
        ratio: f.expandMs / f.rawQueryMs,
        note: `getChildren + getTreeItem of ${f.children} rows of a ${TEN_THOUSAND.toLocaleString('en-US')}-run experiment in the extension host (goal < 50 ms) vs the raw SQL of the same 200 rows; every page once: ${Math.round(f.allPagesMs)} ms`,
      },
      {
        name: 'tree.expand_10k_alike',
        value: f.alikeExpandMs,
        unit: 'ms',
        baseline: f.expandMs,
        ratio: f.alikeExpandMs / f.expandMs,
        note: `the same first page of ${TEN_THOUSAND.toLocaleString('en-US')} runs all named alike, each told apart by its params (one read of the page's params) (goal < 50 ms) vs tree.expand_10k, whose names differ`,
      },
      {
        name: 'tree.memory_10k',
        value: f.heapGrowth / 1e6,
        unit: 'MB',
        baseline: f.rawHeapGrowth / 1e6,
        ratio: f.heapGrowth / f.rawHeapGrowth,
        note: `extension host heap growth (${gcNote}) after expanding it with all ${f.runs.toLocaleString('en-US')} runs loaded, nodes and items kept, vs holding the raw rows of ${f.rawRows.toLocaleString('en-US')} runs`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
