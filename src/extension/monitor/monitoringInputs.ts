import * as vscode from 'vscode';
import type { DriftCheckSummary, Evaluation, MetricMargins } from '../../core/health/types';
import type { Store } from '../../store/store';
import { checkVerdict } from '../../store/driftChecks';
import { Disposable } from '../disposable';
import { DEFAULT_MARGINS, type HealthInputs, type TrainCommand, type WatchedStage } from '../health/healthInputs';
import type { MonitorEvaluationPoint } from '../../protocol/monitor';
import type { WorkspaceStores } from '../workspaceStores';
import type { BatchWatcher } from './batchWatcher';

/**
 * What health and the Monitoring panel read, from where it is kept: monitor.yaml (as the batch
 * watcher parsed it), the drift checks and the evaluation runs in each folder's store.
 */
export class MonitoringInputs extends Disposable implements HealthInputs {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly watcher: BatchWatcher,
  ) {
    super();
    const fire = () => this.changed.fire();
    this.register(watcher.onDidCheck(fire));
    // New evaluation runs arrive with imports, whose store changes redraw the Models view anyway.
    this.register(watcher.onDidChangeConfig(fire));
  }

  /** A check was kept outside the batch watcher (Check Drift… on a version). */
  checked(): void {
    this.changed.fire();
  }

  watchedStages(folder: string): readonly WatchedStage[] {
    return this.models(folder).flatMap((m) => m.stages.map((s) => ({ model: m.name, stage: s.stage })));
  }

  latestCheck(folder: string, model: string, stage: string): DriftCheckSummary | undefined {
    const store = this.store(folder);
    const check = store && store.driftChecks.latest(model, stage);
    return check ? checkVerdict(check) : undefined;
  }

  importantColumns(folder: string, model: string, stage: string): readonly string[] {
    return this.stage(folder, model, stage)?.important ?? [];
  }

  margins(folder: string, model: string): MetricMargins {
    const absolute = Object.fromEntries(this.models(folder).filter((m) => m.name === model).flatMap((m) => m.stages.flatMap((s) => Object.entries(s.metricMargins))));
    return Object.keys(absolute).length === 0 ? DEFAULT_MARGINS : { ...DEFAULT_MARGINS, absolute };
  }

  evaluations(folder: string, model: string, version: string): readonly Evaluation[] {
    const store = this.store(folder);
    const registered = store?.models.versions(model).find((v) => v.version === version);
    if (!store || !registered) return [];
    return store.lineage.evaluations(registered).map((e) => ({
      runId: e.run.id,
      at: e.run.startTime ?? 0,
      metrics: Object.fromEntries(e.metrics.map((m) => [m.key, m.value])),
    }));
  }

  trainCommand(folder: string, model: string): TrainCommand | undefined {
    const train = this.models(folder).find((m) => m.name === model)?.train;
    return train ? { command: train.command, cwd: train.cwd } : undefined;
  }

  /** Every evaluation metric of the model's versions over time, for the Monitoring panel. */
  evaluationPoints(folder: string, model: string): MonitorEvaluationPoint[] {
    const store = this.store(folder);
    if (!store) return [];
    return store.models.versions(model).flatMap((version) =>
      store.lineage.evaluations(version).flatMap((e) =>
        e.metrics.map((m) => ({
          metric: m.key,
          at: e.run.startTime ?? 0,
          value: m.value,
          version: version.version,
          batchPath: e.inputs[0]?.path ?? null,
        })),
      ),
    );
  }

  private models(folder: string) {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder));
    return (workspaceFolder && this.watcher.config(workspaceFolder)?.config.models) ?? [];
  }

  private stage(folder: string, model: string, stage: string) {
    return this.models(folder).find((m) => m.name === model)?.stages.find((s) => s.stage === stage);
  }

  private store(folder: string): Store | undefined {
    const workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(folder));
    const state = workspaceFolder && this.stores.read(workspaceFolder);
    return state?.kind === 'ready' ? state.store : undefined;
  }
}
