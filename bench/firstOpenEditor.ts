import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateMlflowStore } from '../testkit/mlflowStoreGenerator';
import { FIRST_OPEN_SHAPE, readEverything } from './firstOpen';
import type { BenchResult } from './report';
import type { FirstOpenFigures } from './vscode/firstOpen';
import { runExtensionBench } from './extensionBench';


/** How long the settled figure waits after activation: VS Code's start-up in code-server is over by then. */
const SETTLE_MS = 15_000;

/**
 * ingest.first_open_1k_editor: the same 1,000-run store as ingest.first_open_1k, opened in a real
 * VS Code (code-server) with the extension: from the import activation would start to the
 * Experiments view's row saying all 1,000 runs are there (bench/vscode/firstOpen.ts), started at
 * once (the workbench still starting on the same 2 CPUs) and once start-up is over. Baseline, in
 * the same run: reading every file of the store raw.
 */
export function benchFirstOpenEditor(): BenchResult[] {
  return [
    openInEditor('ingest.first_open_1k_editor', 0, 'import started as on activation, the workbench still starting'),
    openInEditor('ingest.first_open_1k_editor_settled', SETTLE_MS, `import started ${SETTLE_MS / 1000} s after activation, VS Code's start-up over`),
  ];
}

function openInEditor(name: string, settleMs: number, when: string): BenchResult {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-first-open-editor-'));
  try {
    const storeDir = generateMlflowStore(workspace, FIRST_OPEN_SHAPE);
    // Activation imports nothing: the entry starts the import itself and times it.
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'modelLedger.sources': 'off' }));
    const started = performance.now();
    readEverything(storeDir);
    const raw = performance.now() - started;
    const figures = runExtensionBench<FirstOpenFigures>('firstOpen', workspace, { MODEL_LEDGER_BENCH_RUNS: String(FIRST_OPEN_SHAPE.runs), MODEL_LEDGER_BENCH_SETTLE_MS: String(settleMs) });
    const value = figures.visibleMs / 1000;
    return {
      name,
      value,
      unit: 's',
      baseline: raw / 1000,
      ratio: value / (raw / 1000),
      note: `in code-server, ${when}: to the Experiments view showing "${figures.description}" (the worker's import alone: ${(figures.importMs / 1000).toFixed(2)} s); goal under 3 s; baseline: reading every file raw`,
    };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
