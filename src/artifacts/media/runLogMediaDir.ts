import * as path from 'node:path';

/**
 * Where Model Ledger's run log keeps a run's images, plots and tables: `.modelledger/media/<run id>/`
 * in the workspace, beside `.modelledger/runs/<run id>.jsonl` (docs/run-log-format.md). A run id is
 * a safe file name (the run log's rule), so the folder is always one level under `media/`.
 */
export function runLogMediaDir(workspace: string, runId: string): string {
  return path.join(workspace, '.modelledger', 'media', runId);
}
