import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runMedia } from '../../../../src/artifacts/media/runMedia';
import type { ArtifactRoot } from '../../../../src/core/artifacts/types';
import { copyFixture, FIXTURES } from '../../helpers/fixtures';

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
      assert.equal(plot.data.kind, 'confusion');
      if (plot.data.kind !== 'confusion') return;
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
