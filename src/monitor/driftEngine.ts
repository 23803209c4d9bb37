import type { CheckBatch } from './checkBatch';

/**
 * The wiring point: the drift check every monitored batch goes through, in the CLI
 * (`model-ledger monitor`) and in the extension's batch watcher. Null until the drift engine
 * (src/core/drift `checkDrift`, src/data `sideFromFile` and the stored profiles) is wired here:
 * resolve `reference` (`model@version` → that version's profile; else a data file) and the batch
 * to DriftSides, and pass `rules.share` and `rules.columns` as checkDrift's options.
 */
export function driftEngine(): CheckBatch | null {
  return null;
}
