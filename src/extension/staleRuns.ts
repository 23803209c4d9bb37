import * as vscode from 'vscode';
import { staleAfterMs } from '../core/runStaleness';

/** The setting that says after how many hours without new data a running run shows as stale (0: never). */
export const STALE_RUN_HOURS = 'modelLedger.staleRunHours';

/** The setting in milliseconds; 0 when staleness is off. */
export function staleRunMs(): number {
  return staleAfterMs(vscode.workspace.getConfiguration().get<number>(STALE_RUN_HOURS));
}
