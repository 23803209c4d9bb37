import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Artifact } from '../../core/types';
import type { IngestContext } from '../types';
import { readMeta } from './meta';
import { listFolder } from './sourceFiles';

/**
 * MLflow 3 logs a model as an entity of its own, `<experiment>/models/m-<id>/`, no longer as files
 * in the run's artifacts. Each becomes an artifact of the run that produced it, at
 * `models/<model name>/<model id>`, so a run lists its models as it did before MLflow 3.
 */
export function loggedModelsByRun(ctx: IngestContext, experimentDir: string): Map<string, Artifact[]> {
  const byRun = new Map<string, Artifact[]>();
  const modelsDir = path.join(experimentDir, 'models');
  if (!fs.existsSync(modelsDir)) return byRun;
  for (const dir of listFolder(ctx, modelsDir).dirs) {
    const meta = readMeta(ctx, path.join(dir, 'meta.yaml'));
    const runId = meta?.text('source_run_id');
    if (!meta || !runId) continue;
    const id = meta.text('model_id') ?? path.basename(dir);
    const artifact: Artifact = { path: `models/${meta.text('name') ?? id}/${id}`, sha256: null, size: null };
    byRun.set(runId, [...(byRun.get(runId) ?? []), artifact]);
  }
  return byRun;
}
