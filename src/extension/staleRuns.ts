import * as vscode from 'vscode';
import { staleAfterMs } from '../core/runStaleness';
import type { WorkspaceStores } from './workspaceStores';

/** The setting that says after how many hours without new data a running run shows as stale (0: never). */
export const STALE_RUN_HOURS = 'modelLedger.staleRunHours';

/** The setting in milliseconds; 0 when staleness is off. */
export function staleRunMs(): number {
  return staleAfterMs(vscode.workspace.getConfiguration().get<number>(STALE_RUN_HOURS));
}

/**
 * The MLflow run ids of a folder's store that the live poll follows: the running ones, less the
 * stale (no new data for longer than the setting: their process most likely died).
 */
export function liveMlflowRunIds(stores: WorkspaceStores, folder: vscode.WorkspaceFolder): Set<string> {
  const state = stores.read(folder);
  if (state.kind !== 'ready') return new Set();
  const staleAfter = staleRunMs();
  return state.store.runs.runningOriginIds('mlflow', staleAfter > 0 ? Date.now() - staleAfter : 0);
}
