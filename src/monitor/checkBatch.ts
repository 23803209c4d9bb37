import type { DriftReport } from '../core/drift/types';
import type { DriftRules } from '../core/monitor/monitorConfig';
import type { Store } from '../store/store';

/** Where a batch is checked: the workspace folder and its store (whose registry index names versions' data). */
export interface BatchContext {
  workspace: string;
  store: Store;
}

/**
 * Checks one batch of data for drift. `reference` is `model@version` (that version's training
 * data) or the absolute path of a reference data file; `batchPath` is absolute. Throws (with a
 * message naming the file, row or column) when either side cannot be read.
 */
export type CheckBatch = (reference: string, batchPath: string, rules: DriftRules, context: BatchContext) => Promise<DriftReport>;
