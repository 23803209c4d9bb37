import type { ArtifactRoot, RunMedia } from '../../core/artifacts/types';
import { readDvcliveMedia } from './dvcliveMedia';
import { MediaSink } from './mediaSink';

/**
 * The plots and images of a run, found in its artifact roots (runArtifactRoots). Reads only small
 * plot and table files, never image bytes: images are listed. A file that looks like media but
 * cannot be read becomes a `problems` entry and the rest is still read.
 */
export function runMedia(roots: readonly ArtifactRoot[]): RunMedia {
  const sink = new MediaSink();
  for (const root of roots) {
    switch (root.layout) {
      case 'dvclive':
        readDvcliveMedia(root, sink);
        break;
      case 'mlflow':
      case 'runlog':
      case 'workspace':
        break;
    }
  }
  return sink.result();
}
