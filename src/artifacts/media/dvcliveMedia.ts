import * as path from 'node:path';
import type { ArtifactRoot } from '../../core/artifacts/types';
import { errorMessage } from '../../core/errors';
import { dvcFilePlot } from './dvcPlot';
import { checkedPath, isImageFile, listFiles, readSmallJson } from './mediaFiles';
import type { MediaSink } from './mediaSink';
import { PlotFormatError } from './plotFormatError';
import { dvcliveImageKey } from './stepImages';

/** DVCLive's plot folders whose JSON files are plots (`plots/metrics` are metric histories, read by the importer). */
const PLOT_FOLDERS = ['plots/sklearn', 'plots/custom'];

/** A DVCLive folder's plots (`plots/sklearn`, `plots/custom`) and images (`plots/images`). */
export function readDvcliveMedia(root: ArtifactRoot, sink: MediaSink): void {
  for (const folder of PLOT_FOLDERS) {
    for (const rel of listFiles(root.dir, folder, sink)) {
      if (path.extname(rel).toLowerCase() === '.json') readPlotFile(root.dir, rel, sink);
    }
  }
  for (const rel of listFiles(root.dir, 'plots/images', sink)) {
    if (!isImageFile(rel)) continue;
    const file = checkedPath(root.dir, rel, sink);
    if (file !== null) sink.addImage({ ...dvcliveImageKey(rel.slice('plots/images/'.length)), file });
  }
}

function readPlotFile(dir: string, rel: string, sink: MediaSink): void {
  const id = rel.slice('plots/'.length, -path.extname(rel).length);
  const file = path.join(dir, rel);
  const json = readSmallJson(dir, rel, sink);
  if (json === undefined) return;
  try {
    const { title, data } = dvcFilePlot(json, {}, path.basename(id));
    sink.addPlot({ id, title, file, data });
  } catch (error) {
    if (!(error instanceof PlotFormatError)) throw error;
    sink.problem(file, errorMessage(error));
  }
}
