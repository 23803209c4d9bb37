import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { PREVIEW_LIMITS, readArtifactPreview } from '../../../src/artifacts/artifactPreview';
import { listArtifactRoot } from '../../../src/artifacts/artifactTree';
import { visibleArtifactRows } from '../../../src/protocol/artifactRows';
import { parseMlmodel } from '../../../src/core/artifacts/mlmodel';
import type { ArtifactRoot } from '../../../src/core/artifacts/types';
import { parseFromRunWebview } from '../../../src/protocol/run';
import { copyFixture, FIXTURES } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

const REPO = '2025-1-productos-de-datos__PRE-12-mlflow-evaluacion-alvelezp';
const RUN = 'mlruns/0/cafc15f1d7ba4737a08d936ef647b9c1';

/** A copy of the real run (SHAP figures, two MLmodel folders, pickles), with the real training CSV logged beside them. */
function realRun(): ArtifactRoot {
  const ws = copyFixture(REPO, RUN);
  const dir = path.join(ws, RUN, 'artifacts');
  fs.copyFileSync(path.join(FIXTURES, REPO, 'data', 'winequality-red.csv'), path.join(dir, 'winequality-red.csv'));
  return { label: 'artifacts', dir, layout: 'mlflow' };
}

describe('artifact tree', () => {
  it("lists a real run's artifacts depth first, folders first, with sizes summed into folders and known hashes only", async () => {
    const root = realRun();
    const pngSize = fs.statSync(path.join(root.dir, 'shap_summary_plot.png')).size;
    const { entries, problems } = await listArtifactRoot(root, new Map([['model/MLmodel', 'ab'.repeat(32)]]));
    assert.deepEqual(problems, []);
    assert.deepEqual(entries.map((e) => `${e.kind === 'folder' ? 'd' : 'f'} ${e.path}`), [
      'd explainer', 'f explainer/conda.yaml', 'f explainer/explainer.shap', 'f explainer/MLmodel', 'f explainer/python_env.yaml', 'f explainer/requirements.txt',
      'd model', 'f model/conda.yaml', 'f model/input_example.json', 'f model/MLmodel', 'f model/model.pkl', 'f model/python_env.yaml', 'f model/requirements.txt', 'f model/serving_input_example.json',
      'f shap_beeswarm_plot.png', 'f shap_feature_importance_plot.png', 'f shap_summary_plot.png', 'f winequality-red.csv',
    ]);
    assert.equal(entries.find((e) => e.path === 'shap_summary_plot.png')!.size, pngSize);
    const model = entries.find((e) => e.path === 'model')!;
    assert.equal(model.size, entries.filter((e) => e.path.startsWith('model/')).reduce((n, e) => n + e.size, 0));
    assert.equal(entries.find((e) => e.path === 'model/MLmodel')!.sha256, 'ab'.repeat(32));
    assert.equal(entries.find((e) => e.path === 'model/model.pkl')!.sha256, null, 'never hashed just to list');
  });

  it('follows links that stay inside the root, reports links out without following them', async () => {
    const root = realRun();
    const outside = tempDir('outside-');
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'x');
    fs.symlinkSync(outside, path.join(root.dir, 'leak'));
    fs.symlinkSync(path.join(root.dir, 'model'), path.join(root.dir, 'model-again'));
    fs.symlinkSync(root.dir, path.join(root.dir, 'model', 'loop'));
    const { entries, problems } = await listArtifactRoot(root);
    assert.ok(!entries.some((e) => e.path.startsWith('leak')), 'nothing through the link out');
    assert.deepEqual(problems, ['leak is a symbolic link leading outside the artifact folder; not listed']);
    assert.ok(!entries.some((e) => e.path.includes('loop/')), 'a folder reached again is not listed twice');
  });

  it('lists only the declared files of a root that declares them, declared folders whole', async () => {
    const ws = copyFixture(REPO, RUN);
    const root: ArtifactRoot = { label: 'logged files', dir: ws, layout: 'runlog', files: [`${RUN}/artifacts/model`, `${RUN}/artifacts/shap_summary_plot.png`, 'not/pulled.pt'] };
    const { entries, problems } = await listArtifactRoot(root);
    assert.deepEqual(problems, [], 'a declared file that is not here is no problem of the listing');
    const files = entries.filter((e) => e.kind === 'file').map((e) => e.path);
    assert.equal(files.length, 8);
    assert.ok(files.every((f) => f.startsWith(`${RUN}/artifacts/model/`) || f === `${RUN}/artifacts/shap_summary_plot.png`));
    assert.ok(!files.some((f) => f.includes('explainer') || f.endsWith('meta.yaml')));
  });

  it('shows only what expanded folders hold, in tree order', async () => {
    const { entries } = await listArtifactRoot(realRun());
    const roots = [{ label: 'artifacts', entries }];
    const names = (expanded: string[]) => visibleArtifactRows(roots, new Set(expanded)).map((r) => `${'  '.repeat(r.depth)}${r.name}`);
    assert.deepEqual(names([]), ['artifacts', '  explainer', '  model', '  shap_beeswarm_plot.png', '  shap_feature_importance_plot.png', '  shap_summary_plot.png', '  winequality-red.csv']);
    assert.deepEqual(names(['0:model']).slice(2, 5), ['  model', '    conda.yaml', '    input_example.json']);
    assert.deepEqual(visibleArtifactRows(roots, new Set(), new Set(['0:'])).map((r) => r.name), ['artifacts'], 'a closed root shows its heading only');
  });
});

describe('artifact previews', () => {
  it('names an image for the webview to load by URI, never reading it', async () => {
    const root = realRun();
    const preview = await readArtifactPreview(root, 'shap_summary_plot.png');
    assert.deepEqual(preview, { kind: 'image', file: fs.realpathSync(path.join(root.dir, 'shap_summary_plot.png')), size: fs.statSync(path.join(root.dir, 'shap_summary_plot.png')).size });
  });

  it("shows a real MLmodel file as its signature and flavours", async () => {
    const preview = await readArtifactPreview(realRun(), 'model/MLmodel');
    assert.equal(preview.kind, 'mlmodel');
    if (preview.kind !== 'mlmodel') return;
    assert.deepEqual(preview.model.flavors.map((f) => f.name), ['python_function', 'sklearn']);
    assert.deepEqual(preview.model.flavors[1]!.details.find(([k]) => k === 'sklearn_version'), ['sklearn_version', '1.6.1']);
    assert.deepEqual(preview.model.flavors[0]!.details.find(([k]) => k === 'env.conda'), ['env.conda', 'conda.yaml']);
    assert.equal(preview.model.signature!.inputs.length, 11);
    assert.deepEqual(preview.model.signature!.inputs[0], { name: 'fixed_acidity', type: 'double', required: true });
    assert.deepEqual(preview.model.signature!.outputs, [{ name: null, type: 'double', required: true }]);
    assert.deepEqual(preview.model.facts.find(([k]) => k === 'mlflow_version'), ['mlflow_version', '2.22.0']);
    const explainer = await readArtifactPreview(realRun(), 'explainer/MLmodel');
    assert.equal(explainer.kind === 'mlmodel' && explainer.model.signature, null, 'saved without a signature');
  });

  it('reads tensor signatures of real MLmodel files', () => {
    const file = path.join(FIXTURES, 'silver6wings__MLFlowSample', 'src', 'mlruns', '0', 'd017a8ea656a4a6fb71b77501652739b', 'artifacts', 'sklearn-model', 'MLmodel');
    const model = parseMlmodel(fs.readFileSync(file, 'utf8'));
    assert.ok(typeof model !== 'string');
    assert.ok(model.signature === null || model.signature.outputs.every((o) => typeof o.type === 'string'));
    assert.equal(parseMlmodel('flavors: [1, 2]'), 'has no `flavors` mapping: not an MLflow MLmodel file');
    assert.match(parseMlmodel('a: [') as string, /not valid YAML/);
  });

  it('gives text its language, JSON and YAML and plain', async () => {
    const root = realRun();
    const json = await readArtifactPreview(root, 'model/input_example.json');
    assert.equal(json.kind === 'text' && json.language, 'json');
    assert.equal(json.kind === 'text' && json.text, fs.readFileSync(path.join(root.dir, 'model', 'input_example.json'), 'utf8'));
    const yaml = await readArtifactPreview(root, 'model/conda.yaml');
    assert.equal(yaml.kind === 'text' && yaml.language, 'yaml');
    const requirements = await readArtifactPreview(root, 'model/requirements.txt');
    assert.deepEqual(requirements.kind === 'text' && [requirements.language, requirements.truncated], ['plain', false]);
  });

  it('says a pickle is binary without opening it, and sniffs a file of unknown kind', async () => {
    const root = realRun();
    assert.deepEqual(await readArtifactPreview(root, 'model/model.pkl'), { kind: 'binary', size: fs.statSync(path.join(root.dir, 'model', 'model.pkl')).size });
    fs.writeFileSync(path.join(root.dir, 'weights.dat'), Buffer.from([1, 0, 2, 0, 3]));
    assert.equal((await readArtifactPreview(root, 'weights.dat')).kind, 'binary');
  });

  it('shows a real CSV as its first 1,000 rows under its header', async () => {
    const root = realRun();
    const preview = await readArtifactPreview(root, 'winequality-red.csv');
    assert.equal(preview.kind, 'table');
    if (preview.kind !== 'table') return;
    assert.equal(preview.columns[0], 'fixed_acidity');
    assert.equal(preview.columns.length, 12);
    assert.equal(preview.rows.length, PREVIEW_LIMITS.table.rows);
    assert.equal(preview.truncated, true, 'the file has 1,599 rows');
    assert.deepEqual(preview.rows[0]!.slice(0, 3), ['7.4', '0.7', '0.0']);
  });

  it('keeps HTML and Markdown as text for a sandboxed frame, and cuts long text', async () => {
    const root = realRun();
    fs.writeFileSync(path.join(root.dir, 'report.html'), '<h1>Report</h1><script>parent.postMessage("x","*")</script>');
    fs.writeFileSync(path.join(root.dir, 'README.md'), '# Model\n\nTrained on wine.');
    fs.writeFileSync(path.join(root.dir, 'train.log'), 'epoch 1\n'.repeat(100_000));
    assert.deepEqual(await readArtifactPreview(root, 'report.html'), { kind: 'html', html: '<h1>Report</h1><script>parent.postMessage("x","*")</script>', size: 59, truncated: false });
    assert.deepEqual(await readArtifactPreview(root, 'README.md'), { kind: 'markdown', text: '# Model\n\nTrained on wine.', size: 25, truncated: false });
    const log = await readArtifactPreview(root, 'train.log');
    assert.deepEqual(log.kind === 'text' && [log.text.length, log.truncated], [PREVIEW_LIMITS.text.read, true]);
  });

  it('never opens a 2 GB artifact: it says its size', async () => {
    const root = realRun();
    const big = 2 * 1024 ** 3;
    for (const name of ['model.bin', 'big.csv', 'big.json', 'big.png', 'big.html']) {
      const file = path.join(root.dir, name);
      fs.closeSync(fs.openSync(file, 'w'));
      fs.truncateSync(file, big); // sparse: no 2 GB written
      // Unreadable: a preview that tried to open it would fail rather than say its size (for any user but root, which ignores modes).
      fs.chmodSync(file, 0o000);
    }
    assert.deepEqual(await readArtifactPreview(root, 'model.bin'), { kind: 'binary', size: big });
    assert.deepEqual(await readArtifactPreview(root, 'big.csv'), { kind: 'tooBig', size: big, limit: PREVIEW_LIMITS.table.max });
    assert.deepEqual(await readArtifactPreview(root, 'big.json'), { kind: 'tooBig', size: big, limit: PREVIEW_LIMITS.text.max });
    assert.deepEqual(await readArtifactPreview(root, 'big.png'), { kind: 'tooBig', size: big, limit: PREVIEW_LIMITS.image.max });
    assert.deepEqual(await readArtifactPreview(root, 'big.html'), { kind: 'tooBig', size: big, limit: PREVIEW_LIMITS.html.max });
  });

  it('refuses paths out of the root, and files a declaring root does not declare', async () => {
    const root = realRun();
    await assert.rejects(readArtifactPreview(root, '../meta.yaml'), /contains "\.\."/);
    await assert.rejects(readArtifactPreview(root, '/etc/passwd'), /absolute/);
    const ws = path.dirname(path.dirname(path.dirname(path.dirname(root.dir))));
    const declaring: ArtifactRoot = { label: 'logged files', dir: ws, layout: 'runlog', files: [`${RUN}/artifacts/model`] };
    assert.equal((await readArtifactPreview(declaring, `${RUN}/artifacts/model/conda.yaml`)).kind, 'text');
    await assert.rejects(readArtifactPreview(declaring, `${RUN}/meta.yaml`), /not one of this run's artifacts/);
    await assert.rejects(readArtifactPreview(declaring, `${RUN}/artifacts/model-other`), /not one of this run's artifacts/);
  });
});

describe('artifact messages from the run panel', () => {
  it('accepts exactly the known shapes and drops the rest', () => {
    assert.deepEqual(parseFromRunWebview({ type: 'previewArtifact', id: 3, root: 0, path: 'model/MLmodel' }), { type: 'previewArtifact', id: 3, root: 0, path: 'model/MLmodel' });
    assert.deepEqual(parseFromRunWebview({ type: 'copyArtifactPath', root: 1, path: '' }), { type: 'copyArtifactPath', root: 1, path: '' });
    assert.deepEqual(parseFromRunWebview({ type: 'refreshArtifacts' }), { type: 'refreshArtifacts' });
    for (const bad of [
      { type: 'previewArtifact', id: 3, root: 0 },
      { type: 'previewArtifact', id: -1, root: 0, path: 'a' },
      { type: 'previewArtifact', id: 1, root: 0.5, path: 'a' },
      { type: 'openArtifact', root: 0, path: 'x'.repeat(5000) },
      { type: 'revealArtifact', root: 0, path: 'a', extra: 1 },
      { type: 'openArtifact', root: '0', path: 'a' },
    ]) assert.equal(parseFromRunWebview(bad), undefined, JSON.stringify(bad).slice(0, 80));
  });
});
