// The run panel's artifact browser in a real extension host, on a real MLflow run
// (2025-1-productos-de-datos/PRE-12-mlflow-evaluacion-alvelezp: SHAP figures, MLmodel folders,
// pickles), with its training CSV and a Markdown note logged beside them, and a link out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunPanel } from '../../src/extension/panels/runPanel';
import type { ToRunWebview } from '../../src/protocol/run';
import type { ArtifactPreview } from '../../src/protocol/runArtifacts';
import { activateApi, copyFixture, coveredBy, waitFor, workspaceFolder } from './helpers';

const REPO = '2025-1-productos-de-datos__PRE-12-mlflow-evaluacion-alvelezp';
const RUN = 'cafc15f1d7ba4737a08d936ef647b9c1';
const STORE = 'evaluation/mlruns';

type State = Extract<ToRunWebview, { type: 'state' }>;

suite('run panel: artifact browser', () => {
  let panel: RunPanel;
  let artifactsDir: string;
  let outside: string;
  let latest: State | undefined;

  suiteSetup(async () => {
    const api = await activateApi();
    await api.initialImport;
    const mlruns = copyFixture(`${REPO}/mlruns`, STORE);
    artifactsDir = path.join(mlruns, '0', RUN, 'artifacts');
    fs.copyFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', REPO, 'data', 'winequality-red.csv'), path.join(artifactsDir, 'winequality-red.csv'));
    fs.writeFileSync(path.join(artifactsDir, 'NOTES.md'), '# Wine quality\n\nElasticNet, *alpha* 0.5.\n');
    outside = fs.mkdtempSync(path.join(path.dirname(workspaceFolder().uri.fsPath), 'outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'not an artifact');
    fs.symlinkSync(outside, path.join(artifactsDir, 'leak'));
    await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(mlruns));
    // A panel of an earlier suite would be reused as the preview, its last state another run's.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    panel = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: workspaceFolder().uri.fsPath, runId: RUN })) as RunPanel;
    // Previews are messages of their own: the last state snapshot is kept as it comes.
    if (panel.lastMessage?.type === 'state') latest = panel.lastMessage;
    panel.onDidPost((m) => {
      if (m.type === 'state') latest = m;
    });
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const state = () => waitFor('the run state with its artifacts', () => (latest?.run.id === RUN && latest.artifacts ? latest : undefined), 20_000);

  /** Asks for one preview as the page does, and waits for the answer with its id. */
  async function preview(id: number, root: number, file: string): Promise<ArtifactPreview> {
    const answer = new Promise<ArtifactPreview>((resolve) => {
      const listener = panel.onDidPost((m) => {
        if (m.type === 'artifactPreview' && m.id === id) {
          listener.dispose();
          resolve(m.preview);
        }
      });
    });
    await panel.receive({ type: 'previewArtifact', id, root, path: file });
    return answer;
  }

  test("the state carries the run's artifact folder as a tree, with sizes, and the link out as a problem", async () => {
    const { artifacts } = await state();
    assert.ok(artifacts);
    assert.equal(artifacts.runId, RUN);
    assert.deepEqual(artifacts.roots.map((r) => [r.label, r.layout]), [['artifacts', 'mlflow']]);
    const entries = artifacts.roots[0]!.entries;
    assert.deepEqual(entries.filter((e) => !e.path.includes('/')).map((e) => e.path), ['explainer', 'model', 'NOTES.md', 'shap_beeswarm_plot.png', 'shap_feature_importance_plot.png', 'shap_summary_plot.png', 'winequality-red.csv']);
    assert.equal(entries.find((e) => e.path === 'shap_summary_plot.png')!.size, fs.statSync(path.join(artifactsDir, 'shap_summary_plot.png')).size);
    assert.deepEqual(artifacts.roots[0]!.problems, ['leak is a symbolic link leading outside the artifact folder; not listed']);
  });

  test('the webview may load files from the artifact folder but not through its link out, and from nowhere else of the workspace', async () => {
    await state();
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
    const covers = (file: string) => coveredBy(roots, file);
    assert.ok(covers(path.join(artifactsDir, 'shap_summary_plot.png')) && roots.includes(path.join(artifactsDir, 'model')), `the artifacts may be loaded: ${roots.join(', ')}`);
    // The link out sits in the artifact folder, so the folder is not granted whole: the loader would follow it.
    assert.ok(!covers(path.join(artifactsDir, 'leak', 'secret.txt')) && !roots.includes(artifactsDir), `not through the link out: ${roots.join(', ')}`);
    assert.ok(!roots.includes(workspaceFolder().uri.fsPath), 'not the whole workspace');
  });

  test('previews come one file at a time: an image by webview URI, an MLmodel as signature and flavours, a CSV as rows', async () => {
    await state();
    const image = await preview(1, 0, 'shap_summary_plot.png');
    assert.equal(image.kind, 'image');
    assert.ok(image.kind === 'image' && image.uri.includes('shap_summary_plot.png') && !image.uri.startsWith('file:'), image.kind === 'image' ? image.uri : '');
    const model = await preview(2, 0, 'model/MLmodel');
    assert.deepEqual(model.kind === 'mlmodel' && model.model.flavors.map((f) => f.name), ['python_function', 'sklearn']);
    const table = await preview(3, 0, 'winequality-red.csv');
    assert.deepEqual(table.kind === 'table' && [table.columns.length, table.rows.length, table.truncated], [12, 1000, true]);
  });

  test("Markdown is rendered by the editor's renderer into HTML for the sandboxed frame", async () => {
    await state();
    const notes = await preview(4, 0, 'NOTES.md');
    assert.equal(notes.kind, 'html');
    assert.ok(notes.kind === 'html' && notes.markdown && /<h1[^>]*>Wine quality<\/h1>/.test(notes.html) && /<em>alpha<\/em>/.test(notes.html), JSON.stringify(notes));
  });

  test('a path out of the folder, through the link or "..", is refused with a reason and nothing read', async () => {
    await state();
    const leak = await preview(5, 0, 'leak/secret.txt');
    assert.equal(leak.kind, 'error');
    assert.match(leak.kind === 'error' ? leak.message : '', /leads outside the artifact folder/);
    const up = await preview(6, 0, '../meta.yaml');
    assert.match(up.kind === 'error' ? up.message : '', /contains "\.\."/);
    const noRoot = await preview(7, 5, 'model/MLmodel');
    assert.match(noRoot.kind === 'error' ? noRoot.message : '', /artifact folder 5/);
  });

  test('Copy Path puts the real path on the clipboard; Open shows the file in an editor', async () => {
    await state();
    await panel.receive({ type: 'copyArtifactPath', root: 0, path: 'model/conda.yaml' });
    assert.equal(await vscode.env.clipboard.readText(), fs.realpathSync(path.join(artifactsDir, 'model', 'conda.yaml')));
    await panel.receive({ type: 'openArtifact', root: 0, path: 'model/conda.yaml' });
    await waitFor('conda.yaml in an editor', () => (vscode.window.activeTextEditor?.document.uri.fsPath === fs.realpathSync(path.join(artifactsDir, 'model', 'conda.yaml')) ? true : undefined));
    await panel.receive({ type: 'revealArtifact', root: 0, path: 'model/conda.yaml' });
  });

  test('only folders of the listing are kept open: the page cannot grow the set with made-up keys', async () => {
    await state();
    await panel.receive({ type: 'expandArtifact', root: 0, path: 'model', expanded: true });
    await panel.receive({ type: 'expandArtifact', root: 0, path: 'no/such/folder', expanded: true });
    await panel.receive({ type: 'expandArtifact', root: 0, path: 'NOTES.md', expanded: true });
    const { artifacts } = await state();
    assert.deepEqual(artifacts!.expanded, ['0:model']);
    await panel.receive({ type: 'expandArtifact', root: 0, path: 'model', expanded: false });
  });

  test('a new artifact shows after Refresh', async () => {
    await state();
    fs.writeFileSync(path.join(artifactsDir, 'metrics.json'), '{"rmse": 0.62}');
    await panel.receive({ type: 'refreshArtifacts' });
    const { artifacts } = await state();
    assert.ok(artifacts!.roots[0]!.entries.some((e) => e.path === 'metrics.json'));
  });
});

// A run log's "logged files" root is the workspace with the files the run named: nothing else of
// the workspace is the page's to open, and a logged image that DVC keeps as a link into its cache
// is served by its path in the workspace, which the page may load.
suite('run panel: a run log\u2019s logged files', () => {
  const RUN_LOG = 'loggedfiles1';
  let ws: string;
  let panel: RunPanel;
  let latest: State | undefined;

  suiteSetup(async () => {
    await activateApi();
    ws = workspaceFolder().uri.fsPath;
    fs.writeFileSync(path.join(ws, '.env'), 'API_KEY=not-for-the-page\n');
    // DVC with cache.type symlink: the workspace file is a link to its cache entry.
    const cached = path.join(ws, '.dvc', 'cache', 'files', 'md5', '3f', '0a1b2c');
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    fs.copyFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'real', REPO, 'mlruns', '0', RUN, 'artifacts', 'shap_summary_plot.png'), cached);
    fs.mkdirSync(path.join(ws, 'reports'), { recursive: true });
    fs.symlinkSync(cached, path.join(ws, 'reports', 'shap.png'));
    const runs = path.join(ws, '.modelledger', 'runs');
    fs.mkdirSync(runs, { recursive: true });
    const t = Date.now();
    const lines = [
      { type: 'start', v: 1, t, run_id: RUN_LOG, experiment: 'logged', name: 'logged files', git: null, command: null, start_time: t },
      { type: 'artifact', t, path: 'reports/shap.png', sha256: null, size: null },
      { type: 'end', t, status: 'finished' },
    ];
    fs.writeFileSync(path.join(runs, `${RUN_LOG}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the run log imported', async () => {
      const shown = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: ws, runId: RUN_LOG })) as RunPanel;
      return shown.lastMessage?.type === 'state' && shown.lastMessage.run.id === RUN_LOG ? shown : undefined;
    }, 20_000).then((shown) => (panel = shown));
    if (panel.lastMessage?.type === 'state') latest = panel.lastMessage;
    panel.onDidPost((m) => {
      if (m.type === 'state') latest = m;
    });
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const state = () => waitFor('the run log\u2019s state', () => (latest?.run.id === RUN_LOG && latest.artifacts ? latest : undefined), 20_000);

  test('Open, Reveal and Copy Path refuse a workspace file the run never logged', async () => {
    const { artifacts } = await state();
    assert.deepEqual(artifacts!.roots.map((r) => r.label), ['logged files']);
    await vscode.env.clipboard.writeText('unchanged');
    for (const type of ['openArtifact', 'revealArtifact', 'copyArtifactPath'] as const) {
      await assert.rejects(panel.receive({ type, root: 0, path: '.env' }), /not one of this run.s artifacts in logged files/, type);
    }
    assert.equal(await vscode.env.clipboard.readText(), 'unchanged');
    assert.ok(vscode.window.visibleTextEditors.every((e) => path.basename(e.document.uri.fsPath) !== '.env'), '.env is not opened');
    await panel.receive({ type: 'copyArtifactPath', root: 0, path: 'reports/shap.png' });
    assert.equal(await vscode.env.clipboard.readText(), fs.realpathSync(path.join(ws, 'reports', 'shap.png')));
  });

  test('an image linked into the DVC cache is previewed by its path in the workspace, which the page may load', async () => {
    await state();
    const answer = new Promise<ArtifactPreview>((resolve) => {
      const listener = panel.onDidPost((m) => {
        if (m.type === 'artifactPreview' && m.id === 41) {
          listener.dispose();
          resolve(m.preview);
        }
      });
    });
    await panel.receive({ type: 'previewArtifact', id: 41, root: 0, path: 'reports/shap.png' });
    const image = await answer;
    assert.equal(image.kind, 'image');
    const served = vscode.Uri.file(path.join(ws, 'reports', 'shap.png'));
    assert.equal(image.kind === 'image' && image.uri, panel.panel.webview.asWebviewUri(served).toString());
    const roots = (panel.panel.webview.options.localResourceRoots ?? []).map((u) => u.fsPath);
    assert.ok(roots.includes(served.fsPath), `the logged file is allowed: ${roots.join(', ')}`);
  });
});
