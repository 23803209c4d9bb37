import type { Artifact, DatasetInput, Run } from '../core/types';
import { parseLinkedVersion, type LinkedVersion } from '../core/lineage/linkedVersion';
import type { InProgressMark } from '../store/chunkedWrite';
import type { Store } from '../store/store';
import { evaluatesLink } from './evaluationLink';

/** Everything an importer knows about one run except its metric points. */
export interface RunRecord {
  run: Run;
  params: Record<string, string>;
  tags: Record<string, string>;
  artifacts: Artifact[];
  inputs: DatasetInput[];
}

/**
 * Writes a run's row and replaces its params, tags, artifacts and inputs, and the version it
 * evaluates (importers report a value that names none with evaluatesLink). Call inside a store write.
 */
export function saveRunRecord(store: Store, record: RunRecord): void {
  store.runs.upsert(record.run);
  store.runs.replaceParams(record.run.id, record.params);
  store.runs.replaceTags(record.run.id, record.tags);
  store.runs.replaceArtifacts(record.run.id, record.artifacts);
  store.runs.replaceInputs(record.run.id, record.inputs);
  store.lineage.setEvaluates(record.run.id, evaluatesLink(record.tags, record.params).ref);
  store.retrains.set(record.run.id, retrainsOf(record.tags));
}

/** The tag that links an MLflow run to the version it retrains (Retrain from Version… sets it). */
export const RETRAINS_TAG = 'model_ledger.retrains';

/** The version a run's tags say it retrains; a tag that is not `model@version` links nothing. */
function retrainsOf(tags: Record<string, string>): LinkedVersion | null {
  return Object.hasOwn(tags, RETRAINS_TAG) ? parseLinkedVersion(tags[RETRAINS_TAG]!) : null;
}

/** A stable experiment id for an imported source: kind, source path and the id there. */
export function importedExperimentId(kind: string, sourcePath: string, idInSource: string): string {
  return `${kind}:${sourcePath}#${idInSource}`;
}

/** A run's import, marked in progress while it spans commits (see store/chunkedWrite.ts). */
export function runImportMark(store: Store, runId: string): InProgressMark {
  return { mark: () => store.runs.markImporting(runId), clear: () => store.runs.clearImporting(runId) };
}
