import * as path from 'node:path';
import { hashArtifact } from '../artifacts/hashArtifact';
import { errorMessage } from '../core/errors';
import { fileErrorCode } from '../core/fileErrors';
import type { WatchedStage } from '../core/monitor/monitorConfig';
import type { DriftCheckQueries, DriftCheckSummary } from '../store/driftChecks';
import type { Store } from '../store/store';
import { isStoreFailure } from '../store/storeFailure';
import { batchStamp } from './batchStamp';
import type { CheckBatch } from './checkBatch';
import { findBatches } from './findBatches';
import { stageReference } from './stageReference';

/** What became of one batch file of a watched stage. */
export type BatchOutcome =
  | { kind: 'checked'; stage: WatchedStage; path: string; check: DriftCheckSummary }
  /** Its content was checked before for this stage (`check.batchPath` names the file it was then). */
  | { kind: 'already-checked'; stage: WatchedStage; path: string; check: DriftCheckSummary }
  /** It changed while it was read: it is still being written, and is checked once it settles. */
  | { kind: 'changing'; stage: WatchedStage; path: string }
  /** `again`: it failed before as it is now (same size and time), and was not read again. */
  | { kind: 'failed'; stage: WatchedStage; path: string; error: string; again: boolean };

export interface StageOutcome {
  stage: WatchedStage;
  /** Why none of the stage's batches could be checked (no version holds it, its reference file is missing). */
  problem: string | null;
  batches: BatchOutcome[];
}

export interface BatchMonitorOptions {
  workspace: string;
  store: Store;
  check: CheckBatch;
  /**
   * A file modified less than this long ago is left for later (`changing`): a poll that finds a
   * file still being copied must not check half of it. 0 (the CLI): every file as it is.
   */
  quietForMs?: number;
  /**
   * Batches that failed, by stage and path, with their stamp then: kept by a caller that looks
   * again and again (the editor's poll), so a bad file is read again only once it changes.
   */
  failures?: Map<string, { stamp: string; error: string }>;
}

/**
 * Checks the batches of watched stages, each content once per stage: a file unchanged since it
 * was seen (same size and modification time) is not read again; a file with content already
 * checked (a copy, a touched file) is not checked again. Each check is kept in the store.
 */
export class BatchMonitor {
  private readonly checks: DriftCheckQueries;

  constructor(private readonly options: BatchMonitorOptions) {
    this.checks = options.store.driftChecks;
  }

  /** Every batch the stage's glob names now, oldest first. */
  async checkStage(stage: WatchedStage): Promise<StageOutcome> {
    const reference = stageReference(this.options.workspace, this.options.store, stage);
    if (!reference.ok) return { stage, problem: reference.problem, batches: [] };
    const batches: BatchOutcome[] = [];
    for (const rel of await findBatches(this.options.workspace, stage.batches)) {
      const outcome = await this.checkOne(stage, rel, reference.reference, reference.version);
      if (outcome) batches.push(outcome);
    }
    return { stage, problem: null, batches };
  }

  /** One file the watcher saw appear or change; null when it is gone. */
  async checkFile(stage: WatchedStage, rel: string): Promise<StageOutcome> {
    const reference = stageReference(this.options.workspace, this.options.store, stage);
    if (!reference.ok) return { stage, problem: reference.problem, batches: [] };
    const outcome = await this.checkOne(stage, rel, reference.reference, reference.version);
    return { stage, problem: null, batches: outcome ? [outcome] : [] };
  }

  private async checkOne(stage: WatchedStage, rel: string, reference: string, version: string | null): Promise<BatchOutcome | null> {
    const { model } = stage;
    const file = path.join(this.options.workspace, ...rel.split('/'));
    try {
      const { stamp, mtimeMs } = await batchStamp(file);
      // A time in the future (another machine's clock) says nothing of a copy in progress.
      const age = Date.now() - mtimeMs;
      if (age >= 0 && age < (this.options.quietForMs ?? 0)) return { kind: 'changing', stage, path: rel };
      const failure = this.options.failures?.get(failureKey(stage, rel));
      if (failure?.stamp === stamp) return { kind: 'failed', stage, path: rel, error: failure.error, again: true };
      const seen = this.checks.seenAtStamp(model, stage.stage, rel, stamp);
      const seenCheck = seen === undefined ? undefined : this.checks.checkOf(model, stage.stage, seen);
      if (seenCheck) return { kind: 'already-checked', stage, path: rel, check: seenCheck };
      const { sha256 } = await hashArtifact(file);
      const earlier = this.checks.checkOf(model, stage.stage, sha256);
      if (earlier) {
        this.checks.markSeen(model, stage.stage, rel, stamp, sha256);
        return { kind: 'already-checked', stage, path: rel, check: earlier };
      }
      const report = await this.options.check(reference, file, stage.rules, { workspace: this.options.workspace, store: this.options.store }).catch((error: unknown) => {
        this.options.failures?.set(failureKey(stage, rel), { stamp, error: errorMessage(error) });
        throw error;
      });
      // Written to while it was hashed or checked: what was checked may not be what is there now.
      if ((await batchStamp(file)).stamp !== stamp) return { kind: 'changing', stage, path: rel };
      this.checks.record({ model, stage: stage.stage, version, batchPath: rel, batchSha256: sha256, batchStamp: stamp, report });
      // Another process may have kept its check of the same content first: either way that one stands.
      return { kind: 'checked', stage, path: rel, check: this.checks.checkOf(model, stage.stage, sha256)! };
    } catch (error) {
      // The store is the user's to fix, and no batch's fault: said once, by the caller.
      if (isStoreFailure(error)) throw error;
      // Removed between the listing and the read: it is no batch any more.
      if (fileErrorCode(error) === 'ENOENT' && !(await exists(file))) return null;
      return { kind: 'failed', stage, path: rel, error: errorMessage(error), again: false };
    }
  }
}

function failureKey(stage: WatchedStage, rel: string): string {
  return `${stage.model}#${stage.stage}\u0000${rel}`;
}

async function exists(file: string): Promise<boolean> {
  return batchStamp(file).then(
    () => true,
    () => false,
  );
}
