import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runLogMediaDir } from '../../../../src/artifacts/media/runLogMediaDir';
import { runMedia } from '../../../../src/artifacts/media/runMedia';
import { runArtifactRoots } from '../../../../src/artifacts/runArtifactRoots';
import { DiagnosticSink } from '../../../../src/ingest/diagnostics';
import { importSources } from '../../../../src/ingest/importWorkspace';
import { Store } from '../../../../src/store/store';
import { FIXTURES } from '../../helpers/fixtures';
import { PROJECT_ROOT, tempDir } from '../../helpers/temp';

/** The system's Python 3, as a user's training script would run; the client needs nothing else. */
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PYTHON_ENV = { ...process.env, PYTHONPATH: path.join(PROJECT_ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };
const PNG = path.join(FIXTURES, 'aansai__End-to-End-Pipeline-for-ML-Project', 'mlruns', '1', 'df3cf85b43754fe69f71427460243a8e', 'artifacts', 'confusion_matrix.png');
const JPEG = path.join(FIXTURES, 'Brycenvn__dvc-yolov8', 'dvclive', 'plots', 'images', 'train', 'labels.jpg');

/** A training script's media calls, on real images from the fixtures. */
const TRAIN_PY = `
import sys, model_ledger
png, jpeg = sys.argv[1], sys.argv[2]
with model_ledger.start_run(experiment="vision") as run:
    for epoch in range(3):
        run.log_metric("loss", 1.0 / (epoch + 1), step=epoch)
        run.log_image("val/samples", png if epoch % 2 == 0 else open(jpeg, "rb").read(), step=epoch)
    run.log_image("labels", jpeg)
    run.log_plot("confusion", "confusion", {"actual": ["cat", "dog", "dog", "cat"], "predicted": ["cat", "dog", "cat", "cat"]})
    run.log_plot("roc", "roc", {"fpr": [0.0, 0.25, 1.0], "tpr": [0.0, 0.75, 1.0]}, title="ROC (val)")
    run.log_plot("loss", "xy", {"series": [{"name": "train", "x": [0, 1], "y": [0.9, float("nan")]}]}, x_label="epoch", y_label="loss")
    run.log_table("errors", [{"id": 7, "label": "cat", "predicted": "dog", "p": 0.51}, {"id": 9, "label": "dog"}])
print(run.run_id)
`;

describe('runMedia: what the Python client writes', () => {
  it('reads every image, plot and table a training script logged, through the run\'s artifact roots', () => {
    const ws = tempDir('python-media-');
    fs.writeFileSync(path.join(ws, 'train.py'), TRAIN_PY);
    const result = spawnSync(PYTHON, ['train.py', PNG, JPEG], { cwd: ws, env: PYTHON_ENV, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const runId = result.stdout.trim();

    const store = Store.open(ws);
    const diagnostics = new DiagnosticSink();
    importSources({ store, workspace: ws, diagnostics, sources: 'discover' });
    assert.deepEqual(diagnostics.all, [], 'the run log reads without a word: media adds no line to it');
    const roots = runArtifactRoots(ws, store, runId);
    store.close();
    const dir = runLogMediaDir(ws, runId);
    assert.deepEqual(roots, [{ label: 'media', dir, layout: 'runlog' }]);

    const media = runMedia(roots);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(
      media.images.map((i) => [i.key, i.step, path.relative(dir, i.file).split(path.sep).join('/')]),
      [
        ['labels', null, 'figures/labels.jpg'],
        ['val/samples', 0, 'images/val/samples/0.png'],
        ['val/samples', 1, 'images/val/samples/1.jpg'],
        ['val/samples', 2, 'images/val/samples/2.png'],
      ],
    );
    assert.deepEqual(fs.readFileSync(media.images[2]!.file), fs.readFileSync(JPEG), 'the bytes given are the bytes written');
    assert.deepEqual(
      media.plots.map((p) => [p.id, p.title, p.data]),
      [
        ['confusion', 'confusion', { kind: 'confusion', labels: ['cat', 'dog'], counts: [[2, 0], [1, 1]] }],
        ['errors', 'errors', { kind: 'table', columns: ['id', 'label', 'predicted', 'p'], rows: [[7, 'cat', 'dog', 0.51], [9, 'dog', null, null]], totalRows: 2 }],
        ['loss', 'loss', { kind: 'xy', xLabel: 'epoch', yLabel: 'loss', series: [{ name: 'train', x: [0, 1], y: [0.9, NaN] }] }],
        ['roc', 'ROC (val)', { kind: 'roc', xLabel: 'False Positive Rate', yLabel: 'True Positive Rate', series: [{ name: 'tpr', x: [0, 0.25, 1], y: [0, 0.75, 1] }] }],
      ],
    );
  });

  it('names a media file that is not the layout the client writes, and reads the rest', () => {
    const ws = tempDir('python-media-bad-');
    fs.writeFileSync(path.join(ws, 'train.py'), TRAIN_PY);
    const result = spawnSync(PYTHON, ['train.py', PNG, JPEG], { cwd: ws, env: PYTHON_ENV, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const dir = runLogMediaDir(ws, result.stdout.trim());
    fs.copyFileSync(PNG, path.join(dir, 'images', 'val', 'samples', 'best.png'));
    fs.writeFileSync(path.join(dir, 'plots', 'future.json'), '{"v": 2, "kind": "confusion"}');
    fs.writeFileSync(path.join(dir, 'plots', 'cut.json'), '{"v": 1, "kind": "roc", "series": [{"x": [0, 1], "y": [0]}]}');
    fs.writeFileSync(path.join(dir, 'images', 'val', '.3.png.tmp'), 'half');
    const media = runMedia([{ label: 'media', dir, layout: 'runlog' }]);
    assert.equal(media.images.length, 4);
    assert.equal(media.plots.length, 4);
    assert.deepEqual(
      media.problems.map((p) => [path.relative(dir, p.file).split(path.sep).join('/'), p.message]),
      [
        ['images/val/samples/best.png', 'is not an image named `<step>.<png|jpg|gif|svg|webp>` in a key folder; not shown'],
        ['plots/cut.json', 'series[0] has 2 x values and 1 y values'],
        ['plots/future.json', 'has format version 2; this reader knows version 1'],
      ],
    );
  });

  it("lists images among a run log's logged files and dvc.yaml's declared artifacts as figures keyed by their path", () => {
    const ws = tempDir('declared-images-');
    fs.mkdirSync(path.join(ws, 'reports'));
    fs.copyFileSync(PNG, path.join(ws, 'reports', 'confusion.png'));
    fs.writeFileSync(path.join(ws, 'model.pkl'), 'not media');
    const files = ['reports/confusion.png', 'model.pkl', 'reports/missing.png'];
    for (const layout of ['runlog', 'workspace'] as const) {
      const media = runMedia([{ label: 'logged files', dir: ws, layout, files }]);
      assert.deepEqual(media.images, [{ key: 'reports/confusion.png', step: null, file: path.join(ws, 'reports', 'confusion.png') }]);
      assert.deepEqual(media.problems.map((p) => [path.relative(ws, p.file), /does not exist/.test(p.message)]), [[path.join('reports', 'missing.png'), true]]);
    }
  });
});
