// Extension-host entry of the tree.expand_10k and tree.memory_10k benchmarks (bench/treeExpand.ts
// starts it through scripts/code-server/run-extension-bench.mjs; npm test never runs it). With a
// workspace whose store holds one experiment of 10,000 runs, it measures, through the extension's
// own provider, what VS Code does when that experiment is expanded, and writes the figures to
// MODEL_LEDGER_BENCH_OUT.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { collector } from './gc';
import { median } from '../report';

const ROUNDS = 30;

export interface TreeExpandFigures {
  /** Median ms of getChildren of the experiment plus getTreeItem of each child (a page of 200). */
  expandMs: number;
  /** The same for an experiment of 10,000 runs all named alike: each page also reads its runs' params to tell them apart. */
  alikeExpandMs: number;
  /** Median ms of the raw SQL query of the same 200 runs, in the same process. */
  rawQueryMs: number;
  children: number;
  /** Heap growth (bytes) after expanding the experiment with every page loaded once, nodes and items kept. */
  heapGrowth: number;
  /** Heap growth (bytes) of holding the raw rows of all 10,000 runs: the baseline. */
  rawHeapGrowth: number;
  rawRows: number;
  /** ms to load every page (10,000 rows and items) once. */
  allPagesMs: number;
  runs: number;
  gcExposed: boolean;
}



async function expand(api: ModelLedgerApi, node: TreeNode): Promise<{ children: TreeNode[]; items: vscode.TreeItem[] }> {
  const children = (await api.experiments.getChildren(node)) ?? [];
  const items = await Promise.all(children.map((child) => api.experiments.getTreeItem(child)));
  return { children, items };
}

export async function run(): Promise<void> {
  const out = process.env.MODEL_LEDGER_BENCH_OUT;
  if (!out) throw new Error('MODEL_LEDGER_BENCH_OUT is not set');
  const api = await vscode.extensions.getExtension<ModelLedgerApi>('model-ledger.model-ledger')!.activate();
  const gc = collector();
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const roots = (await api.experiments.getChildren()) ?? [];
  const labels = await Promise.all(roots.map(async (r) => (await api.experiments.getTreeItem(r)).label));
  const root = (label: string) => {
    const node = roots[labels.findIndex((l) => l === label)];
    if (!node) throw new Error(`no "${label}" experiment; have ${JSON.stringify(labels)}`);
    return node as TreeNode & { invalidate(): void };
  };
  const experiment = root('10000 runs');
  const alike = root('10000 runs named alike');
  const folder = vscode.workspace.workspaceFolders![0]!;
  const state = api.stores.read(folder);
  if (state.kind !== 'ready') throw new Error(`the store is ${state.kind}`);
  const store = state.store;
  const experimentId = store.experiments.list().find((e) => e.name === '10000 runs')!.id;

  const heapBefore = heap();
  const expandTimes: number[] = [];
  const alikeTimes: number[] = [];
  const rawTimes: number[] = [];
  const raw = store.db.prepare('SELECT * FROM runs WHERE experiment_id = ? ORDER BY start_time DESC, id LIMIT ? OFFSET 0');
  let children = 0;
  for (let round = 0; round < ROUNDS; round++) {
    // As after a change to the experiment: the node keeps no runs listed before.
    experiment.invalidate();
    let t = performance.now();
    children = (await expand(api, experiment)).children.length;
    expandTimes.push(performance.now() - t);
    alike.invalidate();
    t = performance.now();
    await expand(api, alike);
    alikeTimes.push(performance.now() - t);
    t = performance.now();
    raw.all(experimentId, 200);
    rawTimes.push(performance.now() - t);
  }
  alike.invalidate(); // its nodes are not part of the heap figure below

  // Every page once, as a user choosing "Load more…" until the end would.
  const started = performance.now();
  let page = await expand(api, experiment);
  while (page.items.at(-1)?.contextValue === 'loadMore') {
    await vscode.commands.executeCommand('modelLedger.loadMore', page.children.at(-1));
    page = await expand(api, experiment);
  }
  const allPagesMs = performance.now() - started;
  const heapGrowth = heap() - heapBefore;
  const runs = page.items.length; // read after the measure: the nodes and items are alive during it

  const rawBefore = heap();
  const rows = raw.all(experimentId, 1_000_000);
  const rawHeapGrowth = heap() - rawBefore;

  const figures: TreeExpandFigures = {
    expandMs: median(expandTimes),
    alikeExpandMs: median(alikeTimes),
    rawQueryMs: median(rawTimes),
    children,
    heapGrowth,
    rawHeapGrowth,
    allPagesMs,
    runs,
    rawRows: rows.length,
    gcExposed: gc !== undefined,
  };
  fs.writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
}
