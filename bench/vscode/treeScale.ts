// Extension-host entry of tree.expand_100k and tree.memory_100k (bench/treeScale.ts starts it
// through scripts/code-server/run-extension-bench.mjs; npm test never runs it). With a workspace
// whose store holds one experiment of MODEL_LEDGER_BENCH_RUNS runs, it sorts the Experiments view
// by a metric and filters it by a param through the extension's own commands, then measures what
// VS Code does when that experiment is expanded, and writes the figures to MODEL_LEDGER_BENCH_OUT.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { RunQuery } from '../../src/core/runQuery';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/views/treeNode';
import { SWEEP_FILTERS, SWEEP_SORT } from '../../testkit/tenThousandRuns';
import { collector } from './gc';
import { median } from '../report';

const ROUNDS = 20;

export interface TreeScaleFigures {
  runs: number;
  /** Median ms of getChildren of the sorted, filtered experiment plus getTreeItem of each child (its first page). */
  expandMs: number;
  children: number;
  /** The same with a filter whose runs the sort puts last (the walk passes the runs before them). */
  correlatedExpandMs: number;
  /** Median ms of drawing the experiment's own row (its counts, the filter's matches). */
  rowMs: number;
  /** Median ms of one raw SQL query of the same page's runs, in the same process. */
  rawQueryMs: number;
  rawPageRows: number;
  /** Heap growth (bytes) from before the experiment was expanded to after, its first page's nodes and items kept. */
  heapGrowth: number;
  /** Heap growth (bytes) of holding the raw rows of every run of the experiment: the baseline. */
  rawHeapGrowth: number;
  rawRows: number;
  gcExposed: boolean;
}



async function expand(api: ModelLedgerApi, node: TreeNode): Promise<{ children: TreeNode[]; items: vscode.TreeItem[] }> {
  const children = (await api.experiments.getChildren(node)) ?? [];
  const items = await Promise.all(children.map((child) => api.experiments.getTreeItem(child)));
  return { children, items };
}

async function setQuery(query: RunQuery): Promise<void> {
  await vscode.commands.executeCommand('modelLedger.sortRuns', { sort: query.sort });
  await vscode.commands.executeCommand('modelLedger.filterRuns', { filter: query.filter });
}

/** Median ms of expanding the experiment afresh (as after a change to it: the node keeps no runs listed before). */
async function timeExpand(api: ModelLedgerApi, experiment: TreeNode & { invalidate(): void }): Promise<{ ms: number; children: number }> {
  const times: number[] = [];
  let children = 0;
  for (let round = 0; round < ROUNDS; round++) {
    experiment.invalidate();
    const t = performance.now();
    children = (await expand(api, experiment)).children.length;
    times.push(performance.now() - t);
  }
  return { ms: median(times), children };
}

export async function run(): Promise<void> {
  const out = process.env.MODEL_LEDGER_BENCH_OUT;
  const runs = Number(process.env.MODEL_LEDGER_BENCH_RUNS);
  if (!out || !Number.isInteger(runs)) throw new Error('MODEL_LEDGER_BENCH_OUT and MODEL_LEDGER_BENCH_RUNS must be set');
  const api = await vscode.extensions.getExtension<ModelLedgerApi>('model-ledger.model-ledger')!.activate();
  await api.initialImport; // until then the view lists an "Importing runs…" row first
  const gc = collector();
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const folder = vscode.workspace.workspaceFolders![0]!;
  const state = api.stores.read(folder);
  if (state.kind !== 'ready') throw new Error(`the store is ${state.kind}`);
  const store = state.store;

  await setQuery({ sort: SWEEP_SORT, filter: SWEEP_FILTERS.uncorrelated });
  const roots = (await api.experiments.getChildren()) ?? [];
  const rowTimes: number[] = [];
  let label: vscode.TreeItemLabel | string | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    label = (await api.experiments.getTreeItem(roots[0]!)).label;
    rowTimes.push(performance.now() - t);
  }
  if (roots.length !== 1 || label !== `${runs} runs`) throw new Error(`expected one experiment "${runs} runs"; have ${roots.length}, first "${String(label)}"`);
  const experiment = roots[0] as TreeNode & { invalidate(): void };

  // The memory figure first, before the timing rounds warm anything.
  experiment.invalidate();
  const heapBefore = heap();
  const firstPage = await expand(api, experiment);
  const heapGrowth = heap() - heapBefore;

  const uncorrelated = await timeExpand(api, experiment);
  await setQuery({ sort: SWEEP_SORT, filter: SWEEP_FILTERS.correlated });
  const correlated = await timeExpand(api, experiment);

  // The same page as one hand-written query (SQLite plans it), with none of the listing's pinned runs, labels or key metric.
  const { param } = SWEEP_FILTERS.uncorrelated;
  const experimentId = store.experiments.list()[0]!.id;
  const raw = store.db.prepare(
    `SELECT r.* FROM metric_series sm JOIN runs r ON r.id = sm.run_id JOIN params p ON p.run_id = r.id AND p.key = ? AND p.value = ?
     WHERE sm.experiment_id = ? AND sm.key = ? AND r.deleted = 0 ORDER BY sm.last_value ${SWEEP_SORT.descending ? 'DESC' : 'ASC'} LIMIT 200`,
  );
  const rawTimes: number[] = [];
  let rawPageRows = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    rawPageRows = raw.all(param!.key, param!.value, experimentId, SWEEP_SORT.field.kind === 'metric' ? SWEEP_SORT.field.key : '').length;
    rawTimes.push(performance.now() - t);
  }

  const rawBefore = heap();
  const rows = store.db.prepare('SELECT * FROM runs WHERE experiment_id = ?').all(experimentId);
  const rawHeapGrowth = heap() - rawBefore;

  const figures: TreeScaleFigures = {
    runs,
    expandMs: uncorrelated.ms,
    children: firstPage.children.length,
    correlatedExpandMs: correlated.ms,
    rowMs: median(rowTimes),
    rawQueryMs: median(rawTimes),
    rawPageRows,
    heapGrowth,
    rawHeapGrowth,
    rawRows: rows.length,
    gcExposed: gc !== undefined,
  };
  fs.writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
}
