import type { ArtifactRoot, RunMedia } from '../../core/artifacts/types';
import { readDvcliveMedia } from './dvcliveMedia';
import { MediaSink } from './mediaSink';
import { readMlflowMedia } from './mlflowMedia';
import { readDeclaredImages, readRunLogMedia } from './runLogMedia';

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
        readMlflowMedia(root, sink);
        break;
      case 'runlog':
        // The workspace with the files a run log named, or the run's own media folder.
        if (root.files === undefined) readRunLogMedia(root, sink);
        else readDeclaredImages(root, sink);
        break;
      case 'workspace':
        readDeclaredImages(root, sink);
        break;
    }
  }
  return sink.result();
}
