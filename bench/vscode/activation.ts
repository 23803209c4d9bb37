// Extension-host entry of activation.time_100k and the extension host's memory (bench/activationScale.ts
// starts it through scripts/code-server/run-extension-bench.mjs; npm test never runs it). It starts
// before VS Code activates the extension (onStartupFinished comes later), activates it itself and
// times that, shows the Experiments view, waits for its experiments to be listed, and writes the
// figures to MODEL_LEDGER_BENCH_OUT.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';

export interface ActivationFigures {
  /** ms of `getExtension().activate()` from not active: loading dist/extension.js and its activate() call, as VS Code does it. */
  activationMs: number;
  /** ms of loading dist/extension.js alone, a second copy required afresh after activation. */
  codeLoadingMs: number;
  /** ms from asking for the Experiments view to its experiments' rows, each with its run count. */
  viewShownMs: number;
  /** What the view's rows said then. */
  rows: string[];
  /** Extension host memory (bytes, after gc) before activation, and after activation with the view shown and its imports settled. */
  before: { heapUsed: number; rss: number };
  after: { heapUsed: number; rss: number };
  gcExposed: boolean;
}

/** How long the view is left to settle (imports, the registry's first read) before memory is read. */
const SETTLE_MS = 3_000;

/** A gc() for honest heap figures: the extension host runs without --expose-gc, so ask V8 for it. */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch (error) {
    console.warn(`no gc() for the memory figures: ${String(error)}`);
    return undefined;
  }
}

export async function run(): Promise<void> {
  const out = process.env.MODEL_LEDGER_BENCH_OUT;
  if (!out) throw new Error('MODEL_LEDGER_BENCH_OUT is not set');
  const extension = vscode.extensions.getExtension<ModelLedgerApi>('model-ledger.model-ledger')!;
  if (extension.isActive) throw new Error('the extension was already active when the bench started: its activation cannot be timed');
  const gc = collector();
  const memory = () => {
    gc?.();
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss };
  };
  const before = memory();

  let started = performance.now();
  const api = await extension.activate();
  const activationMs = performance.now() - started;

  started = performance.now();
  await vscode.commands.executeCommand(`workbench.view.extension.modelLedger`);
  await api.initialImport;
  const rows = await Promise.all(((await api.experiments.getChildren()) ?? []).map(async (root) => {
    const item = await api.experiments.getTreeItem(root);
    return `${String(typeof item.label === 'object' ? item.label.label : item.label)}: ${String(item.description)}`;
  }));
  const viewShownMs = performance.now() - started;
  if (!api.experimentsView.visible) throw new Error('the Experiments view is not visible after showing it');
  await api.registryReady;
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const after = memory();

  // A second copy, so that nothing of the running one is replaced.
  const bundle = path.join(extension.extensionPath, 'dist', 'extension.js');
  const load = createRequire(bundle);
  const cached = load.cache[bundle];
  delete load.cache[bundle];
  started = performance.now();
  load(bundle);
  const codeLoadingMs = performance.now() - started;
  if (cached) load.cache[bundle] = cached;

  const figures: ActivationFigures = { activationMs, codeLoadingMs, viewShownMs, rows, before, after, gcExposed: gc !== undefined };
  fs.writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
}
