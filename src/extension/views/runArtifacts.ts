import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Artifact, Run } from '../../core/types';
import type { Store } from '../../store/store';

/**
 * Where a run's artifact is on this machine, inside the workspace folder; undefined when it is not
 * here. Native and DVCLive artifacts are workspace-relative; MLflow's are relative to the run's
 * `artifacts/` folder in its store (`<store>/<experiment>/<run>/artifacts/`).
 */
export function locateArtifact(folderPath: string, store: Store, run: Run, artifact: Artifact): string | undefined {
  const candidates = [path.resolve(folderPath, artifact.path)];
  if (run.origin.source === 'mlflow' && run.origin.path !== null) {
    const experimentDir = store.experiments.get(run.experimentId)?.origin.id;
    if (experimentDir) candidates.push(path.resolve(folderPath, run.origin.path, experimentDir, run.id, 'artifacts', artifact.path));
  }
  const root = path.resolve(folderPath) + path.sep;
  return candidates.find((file) => file.startsWith(root) && fs.existsSync(file));
}
