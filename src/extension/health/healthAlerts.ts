import * as vscode from 'vscode';
import type { VersionHealth } from '../../core/health/types';
import { isUnhealthy } from '../../core/health/versionHealth';
import { Disposable } from '../disposable';
import type { Feedback } from '../feedback';
import type { WorkspaceStores } from '../workspaceStores';
import type { HealthInputs } from './healthInputs';
import { healthLabel, reasonText } from './healthPresentation';
import type { HealthSource } from './healthSource';

/** A watched stage whose version is unhealthy. */
export interface UnhealthyStage {
  folder: vscode.WorkspaceFolder;
  model: string;
  stage: string;
  version: string;
  health: VersionHealth;
}

/** The commands the drift report and the Monitoring panel register; an alert's actions run them. */
export const SHOW_DRIFT_REPORT = 'modelLedger.showDriftReport';
export const SHOW_MONITORING = 'modelLedger.showMonitoring';

/** Workspace state: the alerts already shown, so that a reload does not show them again. */
const ALERTED_KEY = 'modelLedger.health.alerted';
/** Enough for every watched stage's recent batches; the oldest are forgotten first. */
const ALERTED_LIMIT = 500;

export interface HealthAlertsOptions {
  stores: WorkspaceStores;
  source: HealthSource;
  inputs: () => HealthInputs;
  state: vscode.Memento;
  feedback: Feedback;
}

/**
 * The alert when a watched stage turns unhealthy: a status bar item while any is, and one
 * notification per stage and batch (or evaluation run), remembered in the workspace state.
 */
export class HealthAlerts extends Disposable {
  readonly item = this.register(vscode.window.createStatusBarItem('modelLedger.health', vscode.StatusBarAlignment.Left, 99));
  /** The notifications shown since activation, newest last (the extension-host tests read them). */
  readonly shown: string[] = [];

  constructor(private readonly options: HealthAlertsOptions) {
    super();
    this.item.name = vscode.l10n.t('Model Ledger Health');
  }

  /** Reads every watched stage's health again; alerts about what is newly unhealthy. */
  update(): UnhealthyStage[] {
    const unhealthy = this.unhealthyStages();
    this.showStatus(unhealthy);
    const alerted = this.options.state.get<string[]>(ALERTED_KEY, []);
    const fresh = unhealthy.filter((u) => !alerted.includes(alertId(u)));
    if (fresh.length > 0) {
      // Remembered before the user answers: a reload while the notification is up does not repeat it.
      void this.options.state.update(ALERTED_KEY, [...alerted, ...fresh.map(alertId)].slice(-ALERTED_LIMIT));
      for (const u of fresh) this.notify(u);
    }
    return unhealthy;
  }

  private unhealthyStages(): UnhealthyStage[] {
    const out: UnhealthyStage[] = [];
    for (const folder of this.options.stores.folders()) {
      const watched = this.options.inputs().watchedStages(folder.uri.fsPath);
      // Nothing watched, nothing to read: activation (health.connect) opens no store for it.
      if (watched.length === 0) continue;
      const state = this.options.stores.read(folder);
      if (state.kind !== 'ready') continue;
      for (const { model, stage } of watched) {
        const version = state.store.models.versions(model).find((v) => !v.deregistered && v.stages.includes(stage));
        // The stage alone: a version in two watched stages has an alert for each.
        const health = version && this.options.source.healthOf(folder.uri.fsPath, { ...version, stages: [stage] });
        if (version && health && isUnhealthy(health.state)) out.push({ folder, model, stage, version: version.version, health });
      }
    }
    return out;
  }

  private showStatus(unhealthy: readonly UnhealthyStage[]): void {
    const first = unhealthy[0];
    if (!first) {
      this.item.hide();
      return;
    }
    this.item.text =
      unhealthy.length === 1
        ? `$(warning) ${vscode.l10n.t('{0}#{1}: {2}', first.model, first.stage, healthLabel(first.health.state))}`
        : `$(warning) ${vscode.l10n.t('{0} stages unhealthy', unhealthy.length)}`;
    const md = new vscode.MarkdownString(undefined, true);
    for (const u of unhealthy) {
      md.appendMarkdown('**').appendText(`${u.model}#${u.stage} (${u.version}): ${healthLabel(u.health.state)}`).appendMarkdown('**\n\n');
      const reason = u.health.reasons[0];
      if (reason) md.appendText(reasonText(reason)).appendMarkdown('\n\n');
    }
    this.item.tooltip = md;
    this.item.backgroundColor = new vscode.ThemeColor(unhealthy.some((u) => u.health.state === 'degraded') ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    this.item.command = { title: vscode.l10n.t('Show Monitoring'), command: SHOW_MONITORING, arguments: [monitoringArgument(first)] };
    this.item.show();
  }

  private notify(u: UnhealthyStage): void {
    const reason = u.health.reasons[0];
    const text = vscode.l10n.t('{0}#{1} ({2}) is unhealthy: {3}. {4}', u.model, u.stage, u.version, healthLabel(u.health.state), reason ? reasonText(reason) : '');
    this.shown.push(text);
    const report = vscode.l10n.t('Show Drift Report');
    const monitoring = vscode.l10n.t('Show Monitoring');
    const batch = driftBatch(u.health);
    const actions = batch === undefined ? [monitoring] : [report, monitoring];
    void this.options.feedback.warning(text, ...actions).then((choice) => {
      const run =
        choice === report
          ? vscode.commands.executeCommand(SHOW_DRIFT_REPORT, { ...monitoringArgument(u), stage: u.stage, batch })
          : choice === monitoring
            ? vscode.commands.executeCommand(SHOW_MONITORING, monitoringArgument(u))
            : undefined;
      run?.then(undefined, (error: unknown) => this.options.feedback.error(error));
    });
  }
}

/** One alert: the folder, the stage, and what it is about (the batch, the evaluation run). */
function alertId(u: UnhealthyStage): string {
  return `${u.folder.uri.fsPath}|${u.model}#${u.stage}|${u.health.alertKey ?? ''}`;
}

function monitoringArgument(u: UnhealthyStage): { folder: string; model: string } {
  return { folder: u.folder.uri.fsPath, model: u.model };
}

/** The batch whose check found the drift, when drift is a reason. */
export function driftBatch(health: VersionHealth): string | undefined {
  for (const r of health.reasons) if (r.kind === 'dataset-drift' || r.kind === 'important-column-drift') return r.batch;
  return undefined;
}
