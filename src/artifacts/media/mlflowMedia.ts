import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactRoot } from '../../core/artifacts/types';
import { errorMessage } from '../../core/errors';
import { resolveInside } from '../safePath';
import { isImageFile, listedPath, listFiles, readSmallJson } from './mediaFiles';
import type { MediaSink } from './mediaSink';
import { mlflowStepImage } from './stepImages';
import { tableFrom } from './tableData';

/** What a `log_table` file starts with: pandas' "split" layout puts `columns` first. */
const TABLE_START = /^\s*\{\s*"columns"\s*:/;
const SNIFF_BYTES = 64;

/**
 * An MLflow run's artifact folder: images logged per step (`log_image(key=, step=)`), figures
 * (`log_figure`, `log_image(artifact_file=)`: images without a step, keyed by their path) and
 * tables (`log_table`). Files inside a logged model (a folder with an MLmodel) are the model's,
 * not media: its `input_example.json` has the same layout as a table.
 */
export function readMlflowMedia(root: ArtifactRoot, sink: MediaSink): void {
  // Declared files are checked one by one, as links would be.
  const files = root.files?.map((rel) => ({ rel, link: true })) ?? listFiles(root.dir, '', sink);
  const models = new Set(files.filter((f) => path.posix.basename(f.rel) === 'MLmodel').map((f) => path.posix.dirname(f.rel)));
  const present = new Map(files.map((f) => [f.rel, f]));
  for (const listed of files) {
    const { rel } = listed;
    if (insideModel(rel, models)) continue;
    const stepped = mlflowStepImage(rel);
    if (stepped === 'sibling') continue;
    if (stepped !== null) {
      const file = listedPath(root.dir, listed, sink);
      if (file === null) continue;
      const compressed = present.get(stepped.compressed);
      const thumbnail = compressed === undefined ? null : listedPath(root.dir, compressed, sink);
      sink.addImage({ key: stepped.key, step: stepped.step, file, ...(thumbnail === null ? {} : { thumbnail }) });
    } else if (isImageFile(rel)) {
      const file = listedPath(root.dir, listed, sink);
      if (file !== null) sink.addImage({ key: rel, step: null, file });
    } else if (path.posix.extname(rel).toLowerCase() === '.json' && startsLikeTable(root.dir, rel, sink)) {
      readTable(root.dir, rel, sink);
    }
  }
}

function insideModel(rel: string, models: ReadonlySet<string>): boolean {
  for (let dir = path.posix.dirname(rel); dir !== '.'; dir = path.posix.dirname(dir)) if (models.has(dir)) return true;
  return models.has('.');
}

/** Whether a JSON file begins as a table does; only its first bytes are read, so a big JSON artifact costs nothing. */
function startsLikeTable(dir: string, rel: string, sink: MediaSink): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(resolveInside(dir, rel), 'r');
    const head = Buffer.alloc(SNIFF_BYTES);
    const read = fs.readSync(fd, head, 0, SNIFF_BYTES, 0);
    return TABLE_START.test(head.subarray(0, read).toString('utf8'));
  } catch (error) {
    sink.problem(path.join(dir, rel), errorMessage(error));
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readTable(dir: string, rel: string, sink: MediaSink): void {
  const file = path.join(dir, rel);
  const json = readSmallJson(dir, rel, sink);
  if (json === undefined) return;
  sink.orProblem(file, () => sink.addPlot({ id: rel, title: path.posix.basename(rel, '.json'), file, data: tableFrom(json) }));
}
