import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { DriftReport } from '../../core/drift/types';
import { formatConfigError, watchedStages } from '../../core/monitor/monitorConfig';
import { monitorConfigPath } from '../../monitor/readMonitorConfig';
import { stageReference } from '../../monitor/stageReference';
import { parseFromMonitorWebview, type MonitorEvaluationPoint, type MonitorPanelState, type MonitorState, type ToMonitorWebview } from '../../protocol/monitor';
import type { Store } from '../../store/store';
import type { Feedback } from '../feedback';
import type { BatchWatcher } from '../monitor/batchWatcher';
import { monitorStages } from '../../protocol/monitorStages';
import type { WorkspaceStores } from '../workspaceStores';
import { PanelCollection, WebviewPanelHost } from './webviewPanelHost';
import { webviewRoots } from './webviewHtml';

export const MONITOR_PANEL_VIEW_TYPE = 'modelLedger.monitor';

/** The checks drawn per model: the latest this many (a year of daily batches and more). */
const CHECKS_SHOWN = 1000;

export interface MonitorPanelOptions {
  extensionUri: vscode.Uri;
  stores: WorkspaceStores;
  watcher: BatchWatcher;
  feedback: Feedback;
  /** A model's evaluation metrics over time (wired from the evaluations); none until then. */
  evaluations: (folder: string, model: string) => MonitorEvaluationPoint[];
  /** Opens a kept check's report in the drift report panel (wired to it); else the report opens as JSON. */
  openReport?: (report: DriftReport) => Promise<void>;
  state: MonitorPanelState;
}

/**
 * The Monitoring panel of one model: its stages' drift share per batch, the drifted columns'
 * scores, and evaluation metrics, as time series. Full snapshots after the webview's `ready` and
 * whenever the store or monitor.yaml changes; none while hidden (one when it shows again).
 */
export class MonitorPanel extends WebviewPanelHost<ToMonitorWebview> {
  private ready = false;
  private missedWhileHidden = false;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly options: MonitorPanelOptions,
  ) {
    super(panel, { extensionUri: options.extensionUri, bundle: 'monitor', styles: ['monitor.css'], feedback: options.feedback });
    panel.title = vscode.l10n.t('Monitoring: {0}', options.state.model);
    this.register(options.stores.onDidChange(() => this.post()));
    this.register(options.watcher.onDidChangeConfig(() => this.post()));
    this.register(options.watcher.onDidCheck(() => this.post()));
    this.register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.missedWhileHidden) this.post();
      }),
    );
    this.render();
  }

  get panelState(): MonitorPanelState {
    return this.options.state;
  }

  async receive(raw: unknown): Promise<void> {
    const message = parseFromMonitorWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.post();
        return;
      case 'openReport': {
        const report = this.store() && this.store()!.driftChecks.report(message.checkId);
        if (!report) throw new UserError(vscode.l10n.t('That check is no longer in the store.'));
        if (this.options.openReport) await this.options.openReport(report);
        else await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(report, null, 2) }));
        return;
      }
      case 'openBatch': {
        // Only a batch this model's checks name, inside the folder: the webview names it, the host decides.
        const known = this.snapshot().stages.some((s) => s.batches.some((b) => b.batchPath === message.path));
        if (!known) return;
        await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path.join(this.options.state.folder, ...message.path.split('/'))));
        return;
      }
      case 'openConfig':
        await vscode.window.showTextDocument(vscode.Uri.file(monitorConfigPath(this.options.state.folder)));
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  /** A snapshot now, or when the tab shows again. */
  private post(): void {
    if (!this.ready || this.closed) return;
    if (!this.panel.visible) {
      this.missedWhileHidden = true;
      return;
    }
    this.missedWhileHidden = false;
    void this.send({ type: 'state', state: this.snapshot() }).catch((error: unknown) => this.options.feedback.log(error));
  }

  snapshot(): MonitorState {
    const { folder, model } = this.options.state;
    const workspaceFolder = vscode.workspace.workspaceFolders?.find((f) => f.uri.fsPath === folder);
    const parsed = workspaceFolder ? this.options.watcher.config(workspaceFolder) : null;
    const stages = parsed ? watchedStages(parsed.config).filter((s) => s.model === model) : [];
    const store = this.store();
    const checks = store ? store.driftChecks.series(model, { limit: CHECKS_SHOWN }) : [];
    const problems = [
      ...(parsed?.errors ?? []).map(formatConfigError),
      ...(store ? stages.flatMap((s) => {
        const reference = stageReference(folder, store, s);
        return reference.ok ? [] : [reference.problem];
      }) : []),
    ];
    return {
      model,
      stages: monitorStages(checks, stages),
      evaluations: this.options.evaluations(folder, model),
      problems,
      watched: stages.length > 0,
      saved: this.options.state,
    };
  }

  private store(): Store | undefined {
    const folder = this.options.stores.folders().find((f) => f.uri.fsPath === this.options.state.folder);
    const state = folder && this.options.stores.read(folder);
    return state?.kind === 'ready' ? state.store : undefined;
  }
}

/** Opens, reveals and restores Monitoring panels: one per model of a folder. */
export class MonitorPanels extends PanelCollection<MonitorPanel> {
  constructor(private readonly options: Omit<MonitorPanelOptions, 'state'>) {
    super();
  }

  show(state: MonitorPanelState): MonitorPanel {
    const existing = this.get(key(state));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(MONITOR_PANEL_VIEW_TYPE, vscode.l10n.t('Monitoring: {0}', state.model), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: webviewRoots(this.options.extensionUri),
    });
    return this.restore(panel, state);
  }

  restore(panel: vscode.WebviewPanel, state: MonitorPanelState): MonitorPanel {
    return this.add(key(state), new MonitorPanel(panel, { ...this.options, state }));
  }
}

function key(state: MonitorPanelState): string {
  return `${state.folder}\u0000${state.model}`;
}
