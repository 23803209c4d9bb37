import * as path from 'node:path';
import type { ArtifactRoot, PlotData } from '../../core/artifacts/types';
import { checkedPath, isImageFile, listedPath, listFiles, readSmallJson } from './mediaFiles';
import type { MediaSink } from './mediaSink';
import { storedPlot } from './storedPlot';
import { tableFrom } from './tableData';

const STEP_FILE = /^(-?\d{1,15})\.[^./]+$/;

/**
 * A run log's media folder (runLogMediaDir), as the Python client writes it:
 * `images/<key>/<step>.<ext>` (an image per step), `figures/<key>.<ext>` (an image without a
 * step), `plots/<name>.json` and `tables/<name>.json`.
 */
export function readRunLogMedia(root: ArtifactRoot, sink: MediaSink): void {
  for (const listed of listFiles(root.dir, 'images', sink)) {
    const { rel } = listed;
    if (isBeingWritten(rel)) continue;
    const inImages = rel.slice('images/'.length);
    const step = STEP_FILE.exec(path.posix.basename(inImages));
    if (!isImageFile(rel) || step === null || !inImages.includes('/')) {
      sink.problem(path.join(root.dir, rel), 'is not an image named `<step>.<png|jpg|gif|svg|webp>` in a key folder; not shown');
      continue;
    }
    const file = listedPath(root.dir, listed, sink);
    if (file !== null) sink.addImage({ key: path.posix.dirname(inImages), step: Number(step[1]), file });
  }
  for (const listed of listFiles(root.dir, 'figures', sink)) {
    const { rel } = listed;
    if (!isImageFile(rel) || isBeingWritten(rel)) continue;
    const file = listedPath(root.dir, listed, sink);
    if (file !== null) sink.addImage({ key: withoutExtension(rel.slice('figures/'.length)), step: null, file });
  }
  readJsonFolder(root.dir, 'plots', sink, storedPlot);
  readJsonFolder(root.dir, 'tables', sink, (json) => ({ title: undefined, data: tableFrom(json) }));
}

/** The images a run log or a dvc.yaml names as artifacts: figures keyed by their path. */
export function readDeclaredImages(root: ArtifactRoot, sink: MediaSink): void {
  for (const rel of root.files ?? []) {
    if (!isImageFile(rel)) continue;
    const file = checkedPath(root.dir, rel, sink);
    if (file !== null) sink.addImage({ key: rel, step: null, file });
  }
}

function readJsonFolder(dir: string, folder: string, sink: MediaSink, parse: (json: unknown) => { title: string | undefined; data: PlotData }): void {
  for (const { rel } of listFiles(dir, folder, sink)) {
    if (path.posix.extname(rel) !== '.json' || isBeingWritten(rel)) continue;
    const file = path.join(dir, rel);
    const json = readSmallJson(dir, rel, sink);
    if (json === undefined) continue;
    const name = withoutExtension(rel.slice(folder.length + 1));
    sink.orProblem(file, () => {
      const { title, data } = parse(json);
      sink.addPlot({ id: name, title: title ?? name, file, data });
    });
  }
}

/** The client writes a hidden temporary file and renames it when whole. */
function isBeingWritten(rel: string): boolean {
  return path.posix.basename(rel).startsWith('.');
}

function withoutExtension(rel: string): string {
  return rel.slice(0, rel.length - path.posix.extname(rel).length);
}
