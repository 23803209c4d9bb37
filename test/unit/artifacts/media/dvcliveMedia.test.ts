import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_FILES } from '../../../../src/artifacts/media/mediaFiles';
import { runMedia } from '../../../../src/artifacts/media/runMedia';
import type { ArtifactRoot } from '../../../../src/core/artifacts/types';
import { copyFixture, FIXTURES } from '../../helpers/fixtures';
import { tempDir } from '../../helpers/temp';

const YOLO = 'Brycenvn__dvc-yolov8';

function dvcliveRoot(dir: string): ArtifactRoot {
  return { label: 'dvclive', dir, layout: 'dvclive' };
}

/** Counts of (actual, predicted) pairs in a DVCLive confusion file, computed here without the reader. */
function pairCounts(file: string): Map<string, number> {
  const rows = JSON.parse(fs.readFileSync(file, 'utf8')) as { actual: string; predicted: string }[];
  const counts = new Map<string, number>();
  for (const { actual, predicted } of rows) counts.set(`${actual}→${predicted}`, (counts.get(`${actual}→${predicted}`) ?? 0) + 1);
  return counts;
}

describe('runMedia: DVCLive folders', () => {
  it('reads plots/sklearn confusion matrices as counts[actual][predicted]', () => {
    for (const repo of [YOLO, 'Aaroen__Aroen_ultralytics']) {
      const dir = path.join(FIXTURES, repo, 'dvclive');
      const media = runMedia([dvcliveRoot(dir)]);
      const file = path.join(dir, 'plots', 'sklearn', 'cf.json');
      const plot = media.plots.find((p) => p.id === 'sklearn/cf');
      assert.ok(plot, `${repo}: sklearn/cf read`);
      assert.equal(plot.file, file);
      assert.ok(plot.data.kind === 'confusion');
      const { labels, counts } = plot.data;
      const expected = pairCounts(file);
      assert.deepEqual(new Set(labels), new Set([...expected.keys()].flatMap((k) => k.split('→'))));
      labels.forEach((actual, i) => labels.forEach((predicted, j) => assert.equal(counts[i]![j], expected.get(`${actual}→${predicted}`) ?? 0, `${repo} ${actual}→${predicted}`)));
      assert.deepEqual(media.problems, []);
    }
  });

  it('lists Ultralytics images per step (`<key>/<step>.jpg`) and single images, never reading them', () => {
    const dir = path.join(FIXTURES, YOLO, 'dvclive');
    const media = runMedia([dvcliveRoot(dir)]);
    const images = media.images.map((i) => [i.key, i.step, path.relative(dir, i.file).split(path.sep).join('/')]);
    assert.deepEqual(images, [
      ['train/labels.jpg', null, 'plots/images/train/labels.jpg'],
      ['train/train_batch', 0, 'plots/images/train/train_batch/0.jpg'],
      ['train/train_batch', 1, 'plots/images/train/train_batch/1.jpg'],
      ['train/train_batch', 2, 'plots/images/train/train_batch/2.jpg'],
      ['val/val_batch_labels', 0, 'plots/images/val/val_batch_labels/0.jpg'],
      ['val/val_batch_pred', 0, 'plots/images/val/val_batch_pred/0.jpg'],
    ]);
  });

  it('reads DVCLive before 1.0 (`plots/images/<step>/<name>`) as steps of one key', () => {
    const ws = copyFixture(YOLO);
    const images = path.join(ws, 'dvclive', 'plots', 'images');
    for (const step of ['0', '1', '12']) {
      fs.mkdirSync(path.join(images, step), { recursive: true });
      fs.copyFileSync(path.join(images, 'train', 'labels.jpg'), path.join(images, step, 'labels.jpg'));
    }
    const media = runMedia([dvcliveRoot(path.join(ws, 'dvclive'))]);
    assert.deepEqual(
      media.images.filter((i) => i.key === 'labels.jpg').map((i) => i.step),
      [0, 1, 12],
    );
  });

  it('names a malformed plot file and what was wrong, and still reads the rest', () => {
    const ws = copyFixture(YOLO);
    const sklearn = path.join(ws, 'dvclive', 'plots', 'sklearn');
    fs.writeFileSync(path.join(sklearn, 'broken.json'), '[{"actual": "person", "predicted": ');
    fs.writeFileSync(path.join(sklearn, 'roc.json'), '{"roc": [{"fpr": 0, "tpr": "high"}]}');
    fs.writeFileSync(path.join(sklearn, 'odd.json'), '[{"actual": "person"}]');
    const media = runMedia([dvcliveRoot(path.join(ws, 'dvclive'))]);
    assert.deepEqual(media.plots.map((p) => p.id), ['sklearn/cf']);
    const byFile = new Map(media.problems.map((p) => [path.basename(p.file), p.message]));
    assert.match(byFile.get('broken.json') ?? '', /not valid JSON/);
    assert.match(byFile.get('roc.json') ?? '', /row 1 has no number in "tpr" \("high"\)/);
    assert.match(byFile.get('odd.json') ?? '', /row 1 has no "predicted" class \(missing\)/);
    assert.equal(media.images.length, 6, 'images still listed');
  });

  it('refuses an image or plot that links outside the DVCLive folder, naming it', () => {
    const ws = copyFixture(YOLO);
    const dir = path.join(ws, 'dvclive');
    fs.writeFileSync(path.join(ws, 'secret.json'), '[{"actual": "a", "predicted": "a"}]');
    fs.symlinkSync(path.join(ws, 'secret.json'), path.join(dir, 'plots', 'sklearn', 'leak.json'));
    fs.symlinkSync(path.join(ws, 'dvc.yaml'), path.join(dir, 'plots', 'images', 'leak.png'));
    const media = runMedia([dvcliveRoot(dir)]);
    assert.deepEqual(media.plots.map((p) => p.id), ['sklearn/cf']);
    assert.ok(!media.images.some((i) => i.key === 'leak.png'));
    assert.deepEqual(media.problems.map((p) => path.basename(p.file)).sort(), ['leak.json', 'leak.png']);
    for (const p of media.problems) assert.match(p.message, /leads outside/);
  });
});

/** The rows under a DVCLive sklearn file's one key, read here without the reader. */
function sklearnRows(file: string): Record<string, number>[] {
  const text = fs.readFileSync(file, 'utf8').replace(/-?\bInfinity\b/g, '1e999');
  return Object.values(JSON.parse(text) as Record<string, Record<string, number>[]>)[0]!;
}

describe('runMedia: a media folder that is a link', () => {
  it('refuses a plots/images folder that links outside the DVCLive folder, and lists nothing in it', () => {
    const ws = copyFixture(YOLO);
    const dir = path.join(ws, 'dvclive');
    fs.renameSync(path.join(dir, 'plots', 'images'), path.join(ws, 'elsewhere'));
    fs.symlinkSync(path.join(ws, 'elsewhere'), path.join(dir, 'plots', 'images'));
    const media = runMedia([dvcliveRoot(dir)]);
    assert.deepEqual(media.images, []);
    assert.deepEqual(media.problems.map((p) => p.file), [path.join(dir, 'plots', 'images')]);
    assert.match(media.problems[0]!.message, /leads outside/);
  });
});

describe('runMedia: DVCLive sklearn curves and dvc.yaml plots', () => {
  it('reads ROC, precision-recall, DET and calibration curves (Infinity thresholds included) with dvc.yaml titles and axes', () => {
    const dir = path.join(FIXTURES, 'Tieralx__MNA_MLOps_Eq34', 'dvclive');
    const media = runMedia([dvcliveRoot(dir)]);
    assert.deepEqual(media.problems, []);
    const expected: [string, string, string, string, string, string][] = [
      ['sklearn/calibration', 'calibration', 'prob_pred', 'prob_true', 'Mean Predicted Probability', 'Calibration Curve'],
      ['sklearn/det', 'xy', 'fpr', 'fnr', 'False Positive Rate', 'Detection error tradeoff (DET)'],
      ['sklearn/precision_recall', 'precision_recall', 'recall', 'precision', 'Recall', 'Precision-Recall Curve'],
      ['sklearn/roc', 'roc', 'fpr', 'tpr', 'False Positive Rate', 'Receiver operating characteristic (ROC)'],
    ];
    assert.deepEqual(media.plots.map((p) => p.id), expected.map((e) => e[0]));
    for (const [id, kind, x, y, xLabel, title] of expected) {
      const plot = media.plots.find((p) => p.id === id)!;
      assert.equal(plot.title, title);
      assert.equal(plot.data.kind, kind);
      assert.ok('series' in plot.data);
      assert.equal(plot.data.xLabel, xLabel);
      const rows = sklearnRows(plot.file);
      assert.deepEqual(plot.data.series, [{ name: y, x: rows.map((r) => r[x]), y: rows.map((r) => r[y]) }]);
    }
  });

  it('reads a 397 KB confusion matrix, a ROC and a calibration curve as their dvc.yaml declares them', () => {
    const dir = path.join(FIXTURES, 'aansai__End-to-End-Pipeline-for-ML-Project', 'dvclive');
    const media = runMedia([dvcliveRoot(dir)]);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(media.plots.map((p) => [p.id, p.data.kind]), [
      ['sklearn/calibration', 'calibration'],
      ['sklearn/confusion_matrix', 'confusion'],
      ['sklearn/roc', 'roc'],
    ]);
    const confusion = media.plots[1]!.data;
    assert.ok(confusion.kind === 'confusion');
    const expected = pairCounts(media.plots[1]!.file);
    assert.deepEqual(confusion.labels, ['0', '1']);
    assert.deepEqual(confusion.counts, [
      [expected.get('0→0') ?? 0, expected.get('0→1') ?? 0],
      [expected.get('1→0') ?? 0, expected.get('1→1') ?? 0],
    ]);
  });

  it('reads plots a dvc.yaml declares outside DVCLive: stage plots of CSV/JSON files and top-level plots with ids', () => {
    const ws = copyFixture('Tieralx__MNA_MLOps_Eq34');
    const roc = sklearnRows(path.join(ws, 'dvclive', 'plots', 'sklearn', 'roc.json'));
    fs.mkdirSync(path.join(ws, 'eval'));
    // A CSV written by the test from the fixture's ROC rows, and a stage plot and a top-level plot naming it.
    fs.writeFileSync(path.join(ws, 'eval', 'roc.csv'), `fpr,tpr\n${roc.map((r) => `${r.fpr},${r.tpr}`).join('\n')}\n`);
    fs.writeFileSync(path.join(ws, 'eval', 'importance.json'), JSON.stringify([{ feature: 1, gain: 0.5 }, { feature: 2, gain: 0.25 }]));
    const yaml = fs.readFileSync(path.join(ws, 'dvc.yaml'), 'utf8');
    fs.writeFileSync(
      path.join(ws, 'dvc.yaml'),
      yaml.replace('  evaluate:\n', '  evaluate:\n    plots:\n    - eval/importance.json:\n        x: feature\n        y: gain\n') +
        '- roc_overlay:\n    template: simple\n    x: fpr\n    y:\n      eval/roc.csv: tpr\n      dvclive/plots/sklearn/roc.json: tpr\n    title: ROC, CSV and JSON\n' +
        '- eval/missing.csv:\n    x: a\n',
    );
    const media = runMedia([dvcliveRoot(path.join(ws, 'dvclive'))]);
    assert.deepEqual(media.problems, []);
    const importance = media.plots.find((p) => p.id === 'eval/importance.json');
    assert.deepEqual(importance?.data, { kind: 'xy', xLabel: 'feature', yLabel: 'gain', series: [{ name: 'gain', x: [1, 2], y: [0.5, 0.25] }] });
    const overlay = media.plots.find((p) => p.id === 'roc_overlay');
    assert.equal(overlay?.title, 'ROC, CSV and JSON');
    assert.ok(overlay?.data.kind === 'roc');
    assert.deepEqual(overlay.data.series.map((s) => s.name), ['eval/roc.csv: tpr', 'dvclive/plots/sklearn/roc.json: tpr']);
    assert.deepEqual(overlay.data.series[0]!.y, roc.map((r) => r.tpr));
    assert.deepEqual(overlay.data.series[0], { ...overlay.data.series[1]!, name: 'eval/roc.csv: tpr' }, 'the CSV holds the same curve');
    assert.ok(!media.plots.some((p) => p.id === 'eval/missing.csv'), 'a declared file not produced in this checkout is not shown');
  });

  it('names a dvc.yaml that does not parse, and still reads the DVCLive folder', () => {
    const ws = copyFixture('Tieralx__MNA_MLOps_Eq34');
    fs.writeFileSync(path.join(ws, 'dvc.yaml'), 'plots:\n- dvclive/plots/sklearn/roc.json:\n    x: [unclosed\n');
    const media = runMedia([dvcliveRoot(path.join(ws, 'dvclive'))]);
    assert.equal(media.plots.length, 4);
    assert.equal(media.problems.length, 1);
    assert.equal(media.problems[0]!.file, path.join(ws, 'dvc.yaml'));
    assert.match(media.problems[0]!.message, /not valid YAML/);
  });
});

describe('runMedia: which dvc.yaml belongs to a DVCLive folder', () => {
  it("reads the DVC project's dvc.yaml above a nested DVCLive folder, and none above the repository", () => {
    const base = tempDir('dvc-project-');
    const repo = path.join(base, 'repo');
    const live = path.join(repo, 'results', 'train', 'dvclive');
    fs.mkdirSync(path.join(repo, '.dvc'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'Tieralx__MNA_MLOps_Eq34', 'dvclive'), live, { recursive: true });
    const declared = fs.readFileSync(path.join(FIXTURES, 'Tieralx__MNA_MLOps_Eq34', 'dvc.yaml'), 'utf8');
    fs.writeFileSync(path.join(repo, 'dvc.yaml'), declared.replaceAll('dvclive/', 'results/train/dvclive/').replace('title: Calibration Curve', 'title: Calibration (project)'));
    fs.writeFileSync(path.join(base, 'dvc.yaml'), 'plots: [unclosed\n'); // above the repository: never read (it would be a problem)
    const media = runMedia([dvcliveRoot(live)]);
    assert.deepEqual(media.problems, []);
    assert.equal(media.plots.find((p) => p.id === 'sklearn/calibration')?.title, 'Calibration (project)');
  });
});

describe("runMedia: DVC's example-get-started (top-level plots over train and test)", () => {
  const EGS = 'iterative__example-get-started';

  it('reads its ROC and precision-recall overlays, a confusion matrix per file, the sklearn files and the image', () => {
    const live = path.join(FIXTURES, EGS, 'eval');
    const media = runMedia([dvcliveRoot(live)]);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(media.plots.map((p) => [p.id, p.data.kind]), [
      ['Confusion-Matrix (eval/plots/sklearn/cm/test.json)', 'confusion'],
      ['Confusion-Matrix (eval/plots/sklearn/cm/train.json)', 'confusion'],
      ['Precision-Recall', 'precision_recall'],
      ['ROC', 'roc'],
      ['sklearn/cm/test', 'confusion'],
      ['sklearn/cm/train', 'confusion'],
      ['sklearn/prc/test', 'precision_recall'],
      ['sklearn/prc/train', 'precision_recall'],
      ['sklearn/roc/test', 'roc'],
      ['sklearn/roc/train', 'roc'],
    ]);
    const byId = new Map(media.plots.map((p) => [p.id, p.data]));
    const roc = byId.get('ROC');
    assert.ok(roc?.kind === 'roc');
    assert.deepEqual(roc.series.map((s) => s.name), ['eval/plots/sklearn/roc/train.json: tpr', 'eval/plots/sklearn/roc/test.json: tpr']);
    for (const [i, split] of ['train', 'test'].entries()) {
      const rows = sklearnRows(path.join(live, 'plots', 'sklearn', 'roc', `${split}.json`));
      assert.deepEqual(roc.series[i]!.y, rows.map((r) => r.tpr), `${split} tpr`);
      assert.deepEqual(byId.get(`sklearn/roc/${split}`), { kind: 'roc', xLabel: 'False Positive Rate', yLabel: 'True Positive Rate', series: [{ name: 'tpr', x: rows.map((r) => r.fpr), y: rows.map((r) => r.tpr) }] });
      const cm = byId.get(`Confusion-Matrix (eval/plots/sklearn/cm/${split}.json)`);
      assert.deepEqual(cm, byId.get(`sklearn/cm/${split}`), 'the id plot and the file read alike');
      assert.ok(cm?.kind === 'confusion');
      const expected = pairCounts(path.join(live, 'plots', 'sklearn', 'cm', `${split}.json`));
      assert.equal(cm.counts.flat().reduce((a, b) => a + b, 0), [...expected.values()].reduce((a, b) => a + b, 0));
    }
    assert.deepEqual(media.images, [{ key: 'importance.png', step: null, file: path.join(live, 'plots', 'images', 'importance.png') }]);
  });

  it('shows an image plot dvc.yaml declares outside the DVCLive folder as an image keyed by its path', () => {
    const ws = copyFixture(EGS);
    fs.mkdirSync(path.join(ws, 'reports'));
    fs.renameSync(path.join(ws, 'eval', 'plots', 'images', 'importance.png'), path.join(ws, 'reports', 'importance.png'));
    fs.writeFileSync(path.join(ws, 'dvc.yaml'), fs.readFileSync(path.join(ws, 'dvc.yaml'), 'utf8').replace('- eval/plots/images/importance.png', '- reports/importance.png'));
    const media = runMedia([dvcliveRoot(path.join(ws, 'eval'))]);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(media.images, [{ key: 'reports/importance.png', step: null, file: path.join(ws, 'reports', 'importance.png') }]);
  });

  it("leaves the eval folder's plots to the eval run when the project has a training DVCLive folder too", () => {
    const ws = copyFixture(EGS);
    const train = path.join(ws, 'dvclive');
    fs.mkdirSync(path.join(train, 'plots', 'metrics'), { recursive: true });
    fs.copyFileSync(path.join(ws, 'eval', 'metrics.json'), path.join(train, 'metrics.json'));
    const trainMedia = runMedia([dvcliveRoot(train)]);
    assert.deepEqual(trainMedia, { plots: [], images: [], problems: [] });
    assert.equal(runMedia([dvcliveRoot(path.join(ws, 'eval'))]).plots.length, 10);
  });

  it('reads each JSON, CSV and image file of a folder dvc.yaml declares as plots, keyed by its path; the DVCLive metrics folder stays metrics', () => {
    const ws = copyFixture(YOLO);
    const folder = path.join(ws, 'reports', 'plots');
    fs.mkdirSync(path.join(folder, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'importance.json'), JSON.stringify([{ feature: 1, gain: 0.5 }, { feature: 2, gain: 0.25 }]));
    fs.writeFileSync(path.join(folder, 'nested', 'loss.csv'), 'feature,gain\n1,0.75\n');
    fs.copyFileSync(path.join(ws, 'dvclive', 'plots', 'images', 'train', 'train_batch', '0.jpg'), path.join(folder, 'batch.jpg'));
    fs.writeFileSync(path.join(folder, 'README.txt'), 'not a plot');
    const yaml = fs.readFileSync(path.join(ws, 'dvc.yaml'), 'utf8');
    fs.writeFileSync(path.join(ws, 'dvc.yaml'), yaml.replace('plots:\n', 'plots:\n- reports/plots:\n    x: feature\n    y: gain\n'));
    const media = runMedia([dvcliveRoot(path.join(ws, 'dvclive'))]);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(media.plots.find((p) => p.id === 'reports/plots/importance.json')?.data, { kind: 'xy', xLabel: 'feature', yLabel: 'gain', series: [{ name: 'gain', x: [1, 2], y: [0.5, 0.25] }] });
    assert.deepEqual(media.plots.find((p) => p.id === 'reports/plots/nested/loss.csv')?.data, { kind: 'xy', xLabel: 'feature', yLabel: 'gain', series: [{ name: 'gain', x: [1], y: [0.75] }] });
    assert.deepEqual(media.images.filter((i) => i.key.startsWith('reports/')), [{ key: 'reports/plots/batch.jpg', step: null, file: path.join(folder, 'batch.jpg') }]);
    assert.ok(!media.plots.some((p) => p.id.includes('README') || p.id.includes('plots/metrics')), media.plots.map((p) => p.id).join(', '));
  });

  it('says when a media folder holds more files than are read, instead of cutting it silently', () => {
    const dir = path.join(tempDir('media-cap-'), 'dvclive');
    const images = path.join(dir, 'plots', 'images', 'many');
    fs.mkdirSync(images, { recursive: true });
    for (let i = 0; i <= MAX_FILES; i++) fs.writeFileSync(path.join(images, `${i}.png`), '');
    const media = runMedia([dvcliveRoot(dir)]);
    assert.equal(media.images.length, MAX_FILES);
    assert.deepEqual(media.problems, [{ file: path.join(dir, 'plots', 'images'), message: `holds more than ${MAX_FILES} files; only the first ${MAX_FILES} (by name) are read` }]);
  });
});
