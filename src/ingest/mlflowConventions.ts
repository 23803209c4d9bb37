import type { GitState } from '../core/types';

/**
 * What MLflow's conventions mean in Model Ledger, shared by the file-store and the SQLite importers
 * so both read MLflow the same way.
 */

/** MLflow's fixed stages that are deployment stages here; Archived, None and the rest hold none. */
const STAGES: ReadonlyMap<string, string> = new Map([
  ['production', 'production'],
  ['staging', 'staging'],
]);

export function stageOf(currentStage: string | null | undefined): string | null {
  return STAGES.get((currentStage ?? '').toLowerCase()) ?? null;
}

/**
 * The commit from the `mlflow.source.git.commit` tag, else `fallbackCommit` (old databases keep it
 * in runs.source_version). MLflow records no dirty flag: unknown is recorded as clean.
 */
export function gitStateOf(tags: Record<string, string>, fallbackCommit?: string | null): GitState | null {
  const commit = tags['mlflow.source.git.commit'] || fallbackCommit;
  return commit ? { commit, branch: tags['mlflow.source.git.branch'] || null, dirty: false } : null;
}
