import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listRunArtifacts } from '../src/artifacts/runArtifactTree';
import { runArtifactRoots } from '../src/artifacts/runArtifactRoots';
import { DiagnosticSink } from '../src/ingest/diagnostics';
import { importMlflowStore } from '../src/ingest/mlflow/importMlflowStore';
import { rowWindow, visibleArtifactRows } from '../src/protocol/artifactRows';
import { artifactTreeView, type ArtifactTreeView } from '../src/protocol/runArtifacts';
import { Store } from '../src/store/store';
import { generateMlflowStore } from '../testkit/mlflowStoreGenerator';
import { TEN_THOUSAND_FILES, writeManyArtifacts } from '../testkit/tenThousandArtifacts';
import { median, type BenchResult } from './report';

const ROUNDS = 9;
/** The tree's height in rows in the run panel (TREE_HEIGHT / ROW_HEIGHT of webview/run/artifactBrowser.ts). */
const VIEWPORT_ROWS = 20;

/**
 * artifacts.tree_10k: the run panel's first paint of a run with 10,000 artifact files. Timed: the
 * run's roots from the store, the listing (sizes as the import recorded them), the state message
 * (only the entries in view: folders start closed) as postMessage serializes it and the page
 * parses it, and the rows the page draws first. Not timed: the webview's DOM work for those rows and postMessage's IPC.
 * Baseline, in the same run: listing the folder with fs.readdir, recursive, and nothing else.
 */
export async function benchArtifactsTree(): Promise<BenchResult> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-bench-artifacts-'));
  try {
    const storeDir = generateMlflowStore(ws, { runs: 1, metrics: 1, steps: 1 });
    const runId = (0).toString(16).padStart(32, '0');
    const artifacts = path.join(storeDir, '1', runId, 'artifacts');
    writeManyArtifacts(artifacts);
    const store = Store.open(ws);
    try {
      importMlflowStore({ store, workspace: ws, diagnostics: new DiagnosticSink() }, storeDir);
      const paint = async () => {
        const { roots, listed, elsewhere } = await listRunArtifacts(ws, store, runId, runArtifactRoots(ws, store, runId));
        const view = artifactTreeView(runId, roots, listed, elsewhere, new Set());
        const received = JSON.parse(JSON.stringify({ type: 'state', artifacts: view })) as { artifacts: ArtifactTreeView };
        const rows = visibleArtifactRows(received.artifacts.roots, new Set(received.artifacts.expanded));
        const { first, last } = rowWindow(rows.length, 0, VIEWPORT_ROWS * 22, 22);
        return { files: received.artifacts.roots.reduce((n, r) => n + r.files, 0), drawn: rows.slice(first, last).length };
      };
      const readdir = () => fs.promises.readdir(artifacts, { recursive: true, withFileTypes: true });
      const times: number[] = [];
      const baselines: number[] = [];
      let shape = { files: 0, drawn: 0 };
      await paint();
      await readdir(); // both warm: the files are in the page cache for each
      for (let i = 0; i < ROUNDS; i++) {
        let start = performance.now();
        shape = await paint();
        times.push(performance.now() - start);
        start = performance.now();
        await readdir();
        baselines.push(performance.now() - start);
      }
      if (shape.files !== TEN_THOUSAND_FILES) throw new Error(`listed ${shape.files} files, not ${TEN_THOUSAND_FILES}`);
      const value = median(times);
      const baseline = median(baselines);
      return {
        name: 'artifacts.tree_10k',
        value,
        unit: 'ms',
        baseline,
        ratio: value / baseline,
        note: `first paint of a ${TEN_THOUSAND_FILES.toLocaleString('en-US')}-file run (roots, listing with recorded sizes, state message, the ${shape.drawn} rows drawn) (goal < 150 ms and at most 3x) vs fs.readdir recursive of the folder; median of ${ROUNDS}`,
      };
    } finally {
      store.close();
    }
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}
