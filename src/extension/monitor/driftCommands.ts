import * as vscode from 'vscode';
import type { DriftOptions } from '../../core/drift/options';
import type { DriftReport } from '../../core/drift/types';
import { UserError } from '../../core/errors';
import { driftOptions } from '../../monitor/driftEngine';
import { batchStamp } from '../../monitor/batchStamp';
import type { Feedback } from '../feedback';
import type { BatchWatcher } from './batchWatcher';
import type { DriftPanels } from '../panels/driftPanel';
import type { FolderRegistries } from '../registry/folderRegistries';
import { workspaceFolderOf } from '../registry/targets';
import type { WorkspaceStores } from '../workspaceStores';
import { checkDriftCommand } from './checkDriftCommand';
import type { DataWorkerClient } from './dataWorkerClient';

export interface DriftCommandsOptions {
  stores: WorkspaceStores;
  registries: FolderRegistries;
  feedback: Feedback;
  dataWorker: DataWorkerClient;
  watcher: BatchWatcher;
  panels: DriftPanels;
  /** Told when a check was kept, so health reads it. */
  kept(): void;
}

/** "Check Drift…" and "Show Drift Report" (a kept check's report, as health alerts open it). */
export function registerDriftCommands(options: DriftCommandsOptions): vscode.Disposable[] {
  const { feedback } = options;
  const guarded =
    <T>(run: (arg: unknown) => Promise<T>) =>
    async (arg: unknown) => {
      try {
        return await run(arg);
      } catch (error) {
        feedback.error(error);
        return undefined;
      }
    };
  return [
    vscode.commands.registerCommand(
      'modelLedger.checkDrift',
      guarded((arg) =>
        checkDriftCommand(
          {
            registries: options.registries,
            feedback,
            dataWorker: options.dataWorker,
            optionsFor: (folder, model) => rulesFor(options.watcher, folder, model),
            showReport: (report) => void options.panels.show(report),
            recordCheck: (folder, check) => void keep(options, folder, check).catch((error: unknown) => feedback.log(error)),
          },
          arg,
        ),
      ),
    ),
    vscode.commands.registerCommand(
      'modelLedger.showDriftReport',
      guarded(async (arg) => {
        const { folder, model, stage } = (arg ?? {}) as { folder?: unknown; model?: unknown; stage?: unknown };
        const workspaceFolder = workspaceFolderOf(folder);
        const state = workspaceFolder && options.stores.read(workspaceFolder);
        if (state?.kind !== 'ready' || typeof model !== 'string' || typeof stage !== 'string') return undefined;
        const queries = state.store.driftChecks;
        const latest = queries.latest(model, stage);
        const report = latest && queries.report(latest.id);
        if (!report) throw new UserError(vscode.l10n.t('No drift check of {0}#{1} is kept yet.', model, stage));
        options.panels.show(report);
        return report;
      }),
    ),
  ];
}

/** monitor.yaml's rules for a model (its first watched stage's), or the defaults. */
function rulesFor(watcher: BatchWatcher, folder: vscode.WorkspaceFolder, model: string | null): DriftOptions {
  const stage = model === null ? undefined : watcher.config(folder)?.config.models.find((m) => m.name === model)?.stages[0];
  return stage ? driftOptions(stage.rules) : {};
}

/**
 * A check of a version's training data against a file is kept for each stage the version holds,
 * as a batch of that stage's data would be: health reads the latest.
 */
async function keep(options: DriftCommandsOptions, folder: vscode.WorkspaceFolder, check: { model: string; version: string; current: { path: string; label: string }; report: DriftReport }): Promise<void> {
  const { report } = check;
  const registry = await options.registries.forReading(folder);
  const held = registry?.model(check.model)?.versions.find((v) => v.version === check.version)?.stages ?? [];
  if (held.length === 0 || report.current.sha256 === null) return;
  const store = options.stores.writable(folder);
  const stamp = await batchStamp(check.current.path);
  const queries = store.driftChecks;
  for (const stage of held) {
    queries.record({ model: check.model, stage, version: check.version, batchPath: check.current.label, batchSha256: report.current.sha256, batchStamp: stamp.stamp, report });
  }
  options.stores.wrote(true);
  options.kept();
}
