import * as fs from 'node:fs';
import * as path from 'node:path';

export const TEN_THOUSAND_FILES = 10_000;

/**
 * Fills a run's artifact folder with `files` small files as a vision run leaves them: images per
 * epoch in 100 folders (`images/epoch_000/sample_00.png`…), and a model folder and a few reports
 * at the top. Only the listing is under test, so each file holds a few bytes.
 */
export function writeManyArtifacts(dir: string, files = TEN_THOUSAND_FILES): void {
  const top = ['model/MLmodel', 'model/conda.yaml', 'model/model.pkl', 'metrics.json', 'confusion_matrix.png'];
  for (const file of top) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), file);
  }
  const perFolder = 100;
  for (let i = 0; i < files - top.length; i++) {
    const folder = path.join(dir, 'images', `epoch_${String(Math.floor(i / perFolder)).padStart(3, '0')}`);
    if (i % perFolder === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `sample_${String(i % perFolder).padStart(2, '0')}.png`), String(i));
  }
}
