import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Store } from '../src/store/store';
import { writeTenThousandRuns } from '../testkit/tenThousandRuns';
import type { ScalableBench } from './scalable';
import type { ActivationFigures } from './vscode/activation';

const ROOT = path.resolve(__dirname, '..', '..');
/** Scale 10 is the 100,000-run workspace. */
const RUNS_PER_SCALE = 10_000;
const MB = 1e6;

/**
 * activation.time_100k, activation.heap_100k and activation.rss_100k, in a real VS Code
 * (code-server): a workspace whose store holds one experiment of 10,000 (×1), 100,000 (×10) or
 * 1,000,000 (×100) runs is opened; bench/vscode/activation.ts activates the extension, times it,
 * shows the Experiments view and reads the extension host's memory. Baselines from the same run:
 * activation in an empty workspace (one code-server start, shared by the scales of a run), and the
 * extension host's memory before activation.
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
    const memoryNote = (what: string) =>
      `extension host ${what} (${f.gcExposed ? 'after gc' : 'without gc'}) with a ${runsText} workspace open, the extension active and the Experiments view showing "${f.rows.join('; ')}" (${Math.round(f.viewShownMs)} ms to show it), vs before activation`;
    return [
      {
        name: 'activation.time_100k',
        volume: runs,
        value: f.activationMs,
        unit: 'ms',
        baseline: empty.activationMs,
        ratio: f.activationMs / empty.activationMs,
        note: `getExtension().activate() from not active in the extension host, a ${runsText} workspace (loading dist/extension.js alone: ${Math.round(f.codeLoadingMs)} ms) (goal < 50 ms) vs the same in an empty workspace`,
      },
      {
        name: 'activation.heap_100k',
        volume: runs,
        value: f.after.heapUsed / MB,
        unit: 'MB',
        baseline: f.before.heapUsed / MB,
        ratio: f.after.heapUsed / f.before.heapUsed,
        note: `${memoryNote('heap used')}; in the empty workspace: ${fmtMB(empty.after.heapUsed)} from ${fmtMB(empty.before.heapUsed)}`,
      },
      {
        name: 'activation.rss_100k',
        volume: runs,
        value: f.after.rss / MB,
        unit: 'MB',
        baseline: f.before.rss / MB,
        ratio: f.after.rss / f.before.rss,
        note: `${memoryNote('RSS')}; in the empty workspace: ${fmtMB(empty.after.rss)} from ${fmtMB(empty.before.rss)}`,
      },
    ];
  },
};

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
  const out = path.join(os.tmpdir(), `ml-bench-activation-${process.pid}.json`);
  const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'code-server', 'run-extension-bench.mjs'), 'activation', workspace, out], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0 || !fs.existsSync(out)) {
    throw new Error(`the extension-host bench failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
  const figures = JSON.parse(fs.readFileSync(out, 'utf8')) as ActivationFigures;
  fs.rmSync(out);
  return figures;
}

function inTempDir<T>(prefix: string, use: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function fmtMB(bytes: number): string {
  return `${Math.round(bytes / MB)} MB`;
}
