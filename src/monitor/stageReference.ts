import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFileError } from '../core/fileErrors';
import { MONITOR_CONFIG_FILE, type WatchedStage } from '../core/monitor/monitorConfig';
import type { Store } from '../store/store';

/** What a watched stage's batches are checked against right now, or why they cannot be. */
export type StageReference = { ok: true; reference: string; version: string | null } | { ok: false; problem: string };

/**
 * The version holding the stage (from the store's registry index) and the reference to check
 * against: that version's training data (`model@version`) by default, else the file monitor.yaml
 * names (absolute). A stage no version holds, or a reference file that is missing, is a problem
 * of the stage: none of its batches is checked (nor marked seen), so they are once it is fixed.
 */
export function stageReference(workspace: string, store: Store, stage: WatchedStage): StageReference {
  const version = store.models.versions(stage.model).find((v) => v.stages.includes(stage.stage))?.version ?? null;
  const where = `${MONITOR_CONFIG_FILE}:${stage.line}`;
  if (stage.reference.kind === 'version') {
    if (version === null) {
      return {
        ok: false,
        problem: `no version of "${stage.model}" holds stage "${stage.stage}" (${where}): assign one (model-ledger assign ${stage.model} VERSION ${stage.stage}), or set "reference" to a data file`,
      };
    }
    return { ok: true, reference: `${stage.model}@${version}`, version };
  }
  const file = path.join(workspace, ...stage.reference.path.split('/'));
  try {
    if (!fs.statSync(file).isFile()) return { ok: false, problem: `the reference of ${stage.model}#${stage.stage} (${where}), ${file}, is a folder; name a data file` };
  } catch (error) {
    const described = describeFileError(error, file);
    if (described === null) throw error;
    return { ok: false, problem: `the reference of ${stage.model}#${stage.stage} (${where}): ${described}` };
  }
  return { ok: true, reference: file, version };
}
