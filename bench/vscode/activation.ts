// Extension-host entry of activation.time_100k and the extension host's memory (bench/activationScale.ts
// starts it through scripts/code-server/run-extension-bench.mjs; npm test never runs it). VS Code
// activates the extension as it would for a user (in these runs it is under way when this entry
// starts; getExtension().activate() waits for it, or starts it); this reads the activation's two parts from the performance marks VS Code's extension
// host sets around them (the figures of Developer: Show Running Extensions): loading the main
// module, and the activate() call. Then it shows the Experiments view, waits for its experiments to
// be listed, reads the extension host's memory and writes the figures to MODEL_LEDGER_BENCH_OUT.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import { collector } from './gc';

export interface ActivationFigures {
  /** ms from VS Code's mark willLoadExtensionCode to didLoadExtensionCode: requiring dist/extension.js. */
  codeLoadingMs: number;
  /** ms from willActivateExtension to didActivateExtension: the activate() call. */
  activateCallMs: number;
  /** ms from asking for the Experiments view to its experiments' rows, each with its run count. */
  viewShownMs: number;
  /** What the view's rows said then. */
  rows: string[];
  /** Extension host memory (bytes, after gc) with the extension active, the view shown and its imports settled. */
  memory: { heapUsed: number; rss: number };
  gcExposed: boolean;
}

/** How long the view is left to settle (imports, the registry's first read) before memory is read. */
const SETTLE_MS = 3_000;

const EXTENSION_ID = 'model-ledger.model-ledger';

/** VS Code's performance marks in this extension host (vs/base/common/performance: name, then Date.now(), in turn). */
function vscodeMarks(): Map<string, number> {
  const marks = (globalThis as { MonacoPerformanceMarks?: { getMarks(): { name: string; startTime: number }[] } }).MonacoPerformanceMarks;
  if (!marks) throw new Error("no MonacoPerformanceMarks in this extension host: VS Code's activation marks cannot be read");
  return new Map(marks.getMarks().map((m) => [m.name, m.startTime]));
}

function span(marks: Map<string, number>, from: string, to: string): number {
  const start = marks.get(`code/extHost/${from}/${EXTENSION_ID}`);
  const end = marks.get(`code/extHost/${to}/${EXTENSION_ID}`);
  if (start === undefined || end === undefined) throw new Error(`VS Code set no ${from}/${to} marks for ${EXTENSION_ID}; have ${[...marks.keys()].filter((k) => k.includes(EXTENSION_ID)).join(', ')}`);
  return end - start;
}


export async function run(): Promise<void> {
  const out = process.env.MODEL_LEDGER_BENCH_OUT;
  if (!out) throw new Error('MODEL_LEDGER_BENCH_OUT is not set');
  const extension = vscode.extensions.getExtension<ModelLedgerApi>(EXTENSION_ID)!;
  const gc = collector();
  const memory = () => {
    gc?.();
    gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    return { heapUsed, rss };
  };
  const api = await extension.activate();
  const marks = vscodeMarks();
  const codeLoadingMs = span(marks, 'willLoadExtensionCode', 'didLoadExtensionCode');
  const activateCallMs = span(marks, 'willActivateExtension', 'didActivateExtension');

  const started = performance.now();
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
  const figures: ActivationFigures = { codeLoadingMs, activateCallMs, viewShownMs, rows, memory: memory(), gcExposed: gc !== undefined };
  fs.writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
}
