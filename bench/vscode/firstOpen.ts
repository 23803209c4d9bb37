// Extension-host entry of ingest.first_open_1k's editor figure (bench/firstOpen.ts starts it
// through scripts/code-server/run-extension-bench.mjs). The workspace holds an MLflow store of
// 1,000 runs and no Model Ledger store, with `modelLedger.sources: off` so that activation imports
// nothing: this entry starts the import as activation would and times, through the extension's
// own objects, until the Experiments view says all 1,000 runs are there. Figures go to
// MODEL_LEDGER_BENCH_OUT.
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';

export interface FirstOpenFigures {
  /** From starting the import to the worker's `done`. */
  importMs: number;
  /** From starting the import to the Experiments view's row saying every run is there. */
  visibleMs: number;
  /** What the view's row said then. */
  description: string;
}

const TIMEOUT_MS = 120_000;

export async function run(): Promise<void> {
  const out = process.env.MODEL_LEDGER_BENCH_OUT;
  const expected = process.env.MODEL_LEDGER_BENCH_RUNS;
  if (!out || !expected) throw new Error('MODEL_LEDGER_BENCH_OUT and MODEL_LEDGER_BENCH_RUNS must be set');
  const api = await vscode.extensions.getExtension<ModelLedgerApi>('model-ledger.model-ledger')!.activate();
  await api.initialImport;
  // The figure once VS Code's own start-up is over (activation on onStartupFinished), not competing with it for 2 CPUs.
  await new Promise((resolve) => setTimeout(resolve, Number(process.env.MODEL_LEDGER_BENCH_SETTLE_MS ?? 0)));
  const folder = vscode.workspace.workspaceFolders![0]!;
  const wanted = `${Number(expected).toLocaleString('en-US')} runs`;
  const started = performance.now();
  let importMs = Number.NaN;
  const importing = api.imports.importFolder(folder, 'discover', vscode.ProgressLocation.Window).then(() => (importMs = performance.now() - started));
  // As VS Code does: read the tree again each time the provider says it changed.
  const description = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the view never showed ${wanted}`)), TIMEOUT_MS);
    const check = async () => {
      for (const root of (await api.experiments.getChildren()) ?? []) {
        const item = await api.experiments.getTreeItem(root);
        if (item.description === wanted || String(item.description).replace(/,/g, '') === `${expected} runs`) {
          clearTimeout(timer);
          subscription.dispose();
          resolve(String(item.description));
        }
      }
    };
    const subscription = api.experiments.onDidChangeTreeData(() => void check().catch(reject));
  });
  const visibleMs = performance.now() - started;
  await importing;
  const figures: FirstOpenFigures = { importMs, visibleMs, description };
  fs.writeFileSync(out, JSON.stringify(figures, null, 2) + '\n');
}
