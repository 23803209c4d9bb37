import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/store/store';
import { writeTenThousandRuns } from '../testkit/tenThousandRuns';
import type { ScalableBench } from './scalable';
import type { ActivationFigures } from './vscode/activation';
import { runExtensionBench } from './extensionBench';

/** Scale 10 is the 100,000-run workspace. */
const RUNS_PER_SCALE = 10_000;
const MB = 1e6;

/**
 * activation.time_100k, activation.heap_100k and activation.rss_100k, in a real VS Code
 * (code-server): a workspace whose store holds one experiment of 10,000 (×1), 100,000 (×10) or
 * 1,000,000 (×100) runs is opened; bench/vscode/activation.ts reads VS Code's activation marks,
 * shows the Experiments view and reads the extension host's memory. Baseline, from the same run:
 * the same in an empty workspace (one code-server start, shared by the scales of a run).
 */
export const activationScale: ScalableBench = {
  word: 'activation',
  scales: [1, 10, 100],
  skipped: [],
  run: async (scale) => {
    const runs = RUNS_PER_SCALE * scale;
    const empty = emptyWorkspaceFigures();
    const f = measureWorkspace(runs);
    const runsText = `${runs.toLocaleString('en-US')}-run`;
    const shown = `the Experiments view showing "${f.rows.join('; ')}" (${Math.round(f.viewShownMs)} ms from asking for it)`;
    const memoryNote = (what: string) =>
      `extension host ${what} (${f.gcExposed ? 'after gc' : 'without gc'}) with a ${runsText} workspace open, the extension active and ${shown}, vs the same in an empty workspace`;
    return [
      {
        name: 'activation.time_100k',
        volume: runs,
        value: activationMs(f),
        unit: 'ms',
        baseline: activationMs(empty),
        ratio: activationMs(f) / activationMs(empty),
        note: `activation in code-server's extension host with a ${runsText} workspace, from VS Code's own marks (Show Running Extensions): loading dist/extension.js ${Math.round(f.codeLoadingMs)} ms + the activate() call ${Math.round(f.activateCallMs)} ms (goal < 50 ms) vs the same in an empty workspace (${Math.round(empty.codeLoadingMs)} + ${Math.round(empty.activateCallMs)} ms)`,
      },
      {
        name: 'activation.heap_100k',
        volume: runs,
        value: f.memory.heapUsed / MB,
        unit: 'MB',
        baseline: empty.memory.heapUsed / MB,
        ratio: f.memory.heapUsed / empty.memory.heapUsed,
        note: memoryNote('heap used'),
      },
      {
        name: 'activation.rss_100k',
        volume: runs,
        value: f.memory.rss / MB,
        unit: 'MB',
        baseline: empty.memory.rss / MB,
        ratio: f.memory.rss / empty.memory.rss,
        note: memoryNote('RSS'),
      },
    ];
  },
};

function activationMs(f: ActivationFigures): number {
  return f.codeLoadingMs + f.activateCallMs;
}

let emptyFigures: ActivationFigures | undefined;

/** Measured once per process: the baseline of every scale of a run. */
function emptyWorkspaceFigures(): ActivationFigures {
  emptyFigures ??= inTempDir('ml-bench-activation-empty-', (dir) => inEditor(dir));
  return emptyFigures;
}

function measureWorkspace(runs: number): ActivationFigures {
  return inTempDir('ml-bench-activation-', (dir) => {
    const store = Store.open(dir);
    try {
      writeTenThousandRuns(store, 'bench', runs);
    } finally {
      store.close();
    }
    return inEditor(dir);
  });
}

function inEditor(workspace: string): ActivationFigures {
  return runExtensionBench<ActivationFigures>('activation', workspace);
}

function inTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
