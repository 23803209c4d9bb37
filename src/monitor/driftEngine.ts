import * as path from 'node:path';
import type { DriftOptions } from '../core/drift/options';
import type { DriftReport } from '../core/drift/types';
import { UserError } from '../core/errors';
import { parseLinkedVersion } from '../core/lineage/linkedVersion';
import type { DriftRules } from '../core/monitor/monitorConfig';
import { fileReference, type DataReference } from '../data/dataReference';
import { trainingDataReference } from '../data/trainingData';
import type { Store } from '../store/store';
import type { BatchContext, CheckBatch } from './checkBatch';

/** Runs one check: in this process (the CLI) or in the extension's data worker. */
export type DriftRunner = (workspace: string, reference: DataReference, current: DataReference, options: DriftOptions) => Promise<DriftReport>;

/**
 * The drift check every monitored batch goes through, in the CLI (`model-ledger monitor`) and in
 * the extension's batch watcher: `model@version` is that version's training data (its stored
 * profile, else the registered file), anything else a reference data file.
 */
export function driftEngine(run: DriftRunner): CheckBatch {
  return (reference: string, batchPath: string, rules: DriftRules, { workspace, store }: BatchContext) =>
    run(workspace, referenceData(workspace, store, reference), fileReference(batchPath, workspace), driftOptions(rules));
}

/** monitor.yaml's rules as the check's options. */
export function driftOptions(rules: DriftRules): DriftOptions {
  const columns: NonNullable<DriftOptions['columns']> = {};
  for (const [name, rule] of Object.entries(rules.columns)) {
    columns[name] = { ...(rule.test === null ? {} : { test: rule.test }), ...(rule.threshold === null ? {} : { threshold: rule.threshold }) };
  }
  return { shareThreshold: rules.share, columns };
}

function referenceData(workspace: string, store: Store, reference: string): DataReference {
  if (path.isAbsolute(reference)) return fileReference(reference, workspace);
  const version = parseLinkedVersion(reference);
  if (version === null) throw new UserError(`"${reference}" is neither a data file nor model@version.`);
  const registered = store.models.versions(version.model).find((v) => v.version === version.version);
  if (!registered) throw new UserError(`${reference} is not in this store's registry index; read the registry again.`);
  const training = store.lineage.datasets(registered).filter((d) => d.role === 'training');
  // The store's registry index holds the repository's tags; paths are relative to the workspace folder, its root here.
  return trainingDataReference(workspace, workspace, reference, training);
}
