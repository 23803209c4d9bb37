import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runMedia } from '../../../../src/artifacts/media/runMedia';
import type { ArtifactRoot } from '../../../../src/core/artifacts/types';
import { copyFixture, FIXTURES } from '../../helpers/fixtures';
import { tempDir } from '../../helpers/temp';

const AANSAI_RUN = path.join('mlruns', '1', 'df3cf85b43754fe69f71427460243a8e', 'artifacts');

function mlflowRoot(dir: string): ArtifactRoot {
  return { label: 'artifacts', dir, layout: 'mlflow' };
}

describe('runMedia: MLflow artifact folders', () => {
  it('lists figures (log_figure, autolog plots) as images without a step, and leaves HTML to the browser', () => {
    const dir = path.join(FIXTURES, 'aansai__End-to-End-Pipeline-for-ML-Project', AANSAI_RUN);
    const media = runMedia([mlflowRoot(dir)]);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(media.plots, []);
    assert.deepEqual(
      media.images.map((i) => [i.key, i.step, path.basename(i.file)]),
      ['confusion_matrix.png', 'training_confusion_matrix.png', 'training_precision_recall_curve.png', 'training_roc_curve.png'].map((f) => [f, null, f]),
    );
  });

  it('reads a log_table JSON (mlflow.evaluate eval_results_table.json) as a table', () => {
    const dir = path.join(FIXTURES, 'Wongyenchik__finetune-mlx-math-model');
    const media = runMedia([{ ...mlflowRoot(dir), files: ['eval_results_table.json'] }]);
    assert.deepEqual(media.problems, []);
    const [table] = media.plots;
    assert.equal(table?.id, 'eval_results_table.json');
    assert.equal(table?.title, 'eval_results_table');
    const raw = JSON.parse(fs.readFileSync(path.join(dir, 'eval_results_table.json'), 'utf8')) as { columns: string[]; data: unknown[][] };
    assert.deepEqual(table?.data, { kind: 'table', columns: raw.columns, rows: raw.data, totalRows: raw.data.length });
  });

  it('reads log_image(key=, step=) files, both delimiters, with their compressed copies as thumbnails', () => {
    // Named as MLflow 2.x names them (mlflow/tracking/client.py; MLflow's UI reads `%` and `+`); the bytes are a fixture's real PNG.
    const dir = tempDir('mlflow-images-');
    const png = fs.readFileSync(path.join(FIXTURES, 'aansai__End-to-End-Pipeline-for-ML-Project', AANSAI_RUN, 'confusion_matrix.png'));
    fs.mkdirSync(path.join(dir, 'images'));
    const names = [
      'val#samples%step%0%timestamp%1733400000000%g1b2c3d4-0000-4000-8000-000000000001',
      'val#samples%step%10%timestamp%1733400001000%h1b2c3d4-0000-4000-8000-000000000002',
      'masks+step+5+timestamp+1733400002000+k1b2c3d4-0000-4000-8000-000000000003',
    ];
    for (const name of names) {
      fs.writeFileSync(path.join(dir, 'images', `${name}.png`), png);
      fs.writeFileSync(path.join(dir, 'images', `${name.includes('+') ? `${name}+compressed` : `${name}%compressed`}.webp`), png);
    }
    fs.writeFileSync(path.join(dir, 'images', `${names[0]}.json`), '{}');
    const media = runMedia([mlflowRoot(dir)]);
    assert.deepEqual(media.problems, []);
    assert.deepEqual(
      media.images.map((i) => [i.key, i.step, path.basename(i.file), path.basename(i.thumbnail ?? '')]),
      [
        ['masks', 5, `${names[2]}.png`, `${names[2]}+compressed.webp`],
        ['val/samples', 0, `${names[0]}.png`, `${names[0]}%compressed.webp`],
        ['val/samples', 10, `${names[1]}.png`, `${names[1]}%compressed.webp`],
      ],
    );
  });

  it('skips a logged model\'s files (its input_example.json is table-shaped) and names a malformed table', () => {
    const ws = copyFixture('2025-1-productos-de-datos__PRE-12-mlflow-evaluacion-alvelezp');
    const dir = path.join(ws, 'mlruns', '0', 'cafc15f1d7ba4737a08d936ef647b9c1', 'artifacts');
    assert.ok(fs.existsSync(path.join(dir, 'model', 'input_example.json')));
    fs.writeFileSync(path.join(dir, 'predictions.json'), '{"columns": ["a", "b"], "data": [[1, 2], [3]]}');
    const media = runMedia([mlflowRoot(dir)]);
    assert.deepEqual(media.plots, []);
    assert.deepEqual(media.problems, [{ file: path.join(dir, 'predictions.json'), message: 'row 2 of "data" has 1 cells for 2 columns' }]);
  });

  it('keeps the first 1,000 rows of a long table and says how many there were; names one too big to read', () => {
    const dir = tempDir('mlflow-table-');
    const raw = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'Wongyenchik__finetune-mlx-math-model', 'eval_results_table.json'), 'utf8')) as { columns: string[]; data: unknown[][] };
    const columns = ['latency', 'token_count'].map((c) => raw.columns.indexOf(c));
    const data = Array.from({ length: 1500 }, (_, i) => columns.map((c) => raw.data[i % raw.data.length]![c]));
    fs.writeFileSync(path.join(dir, 'long.json'), JSON.stringify({ columns: ['latency', 'token_count'], data }));
    // Over the 8 MB read limit: named with its size, never parsed.
    const rows = Array.from({ length: 1300 }, (_, i) => raw.data[i % raw.data.length]);
    fs.writeFileSync(path.join(dir, 'huge.json'), JSON.stringify({ columns: raw.columns, data: rows }));
    const media = runMedia([mlflowRoot(dir)]);
    const [table] = media.plots;
    assert.ok(table?.data.kind === 'table');
    assert.equal(table.data.rows.length, 1000);
    assert.deepEqual(table.data.rows[999], data[999]);
    assert.equal(table.data.totalRows, 1500);
    assert.equal(media.problems.length, 1);
    assert.equal(media.problems[0]!.file, path.join(dir, 'huge.json'));
    assert.match(media.problems[0]!.message, /^is \d+\.\d MB, more than the 8\.0 MB a plot or table is read up to; not read$/);
  });
});
