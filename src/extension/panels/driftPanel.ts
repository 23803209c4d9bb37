import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DriftReport } from '../../core/drift/types';
import { parseFromDriftWebview, type ToDriftWebview } from '../../protocol/drift';
import { exportDriftReport } from '../drift/exportDriftReport';
import type { Feedback } from '../feedback';
import { PanelCollection, WebviewPanelHost } from './webviewPanelHost';
import { webviewRoots } from './webviewHtml';

export const DRIFT_PANEL_VIEW_TYPE = 'modelLedger.drift';

export interface DriftPanelOptions {
  extensionUri: vscode.Uri;
  feedback: Feedback;
}

/**
 * One drift report in an editor tab. The report is all it shows: it is sent whole after the
 * webview's `ready` (again after every reload of a hidden tab), and again when a newer check of
 * the same data replaces it. The webview keeps it in its saved state, from which VS Code's
 * serializer restores the tab after a window reload.
 */
export class DriftPanel extends WebviewPanelHost<ToDriftWebview> {
  private ready = false;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly options: DriftPanelOptions,
    private shown: DriftReport,
  ) {
    super(panel, { extensionUri: options.extensionUri, bundle: 'drift', styles: ['drift.css'], feedback: options.feedback });
    panel.title = titleOf(shown);
    this.render();
  }

  get report(): DriftReport {
    return this.shown;
  }

  /** Shows a newer check of the same data; a hidden tab gets it when it shows again (its page reloads and asks). */
  show(report: DriftReport): void {
    this.shown = report;
    this.panel.title = titleOf(report);
    if (this.ready && this.panel.visible) void this.post().catch((error: unknown) => this.options.feedback.error(error));
  }

  async receive(raw: unknown): Promise<void> {
    const message = parseFromDriftWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        await this.post();
        return;
      case 'export':
        await exportDriftReport(this.shown, message.format);
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private post(): Promise<void> {
    return this.send({ type: 'report', report: this.shown });
  }
}

/**
 * Opens, reveals and restores drift report panels: one per pair of sides (reference and current,
 * by label and hash), so checking the same data again refreshes its tab rather than opening another.
 */
export class DriftPanels extends PanelCollection<DriftPanel> {
  constructor(private readonly options: DriftPanelOptions) {
    super();
  }

  /** Opens a tab for the report, or reveals the one showing these sides with this newer report. */
  show(report: DriftReport): DriftPanel {
    const existing = this.get(key(report));
    if (existing) {
      existing.show(report);
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(DRIFT_PANEL_VIEW_TYPE, titleOf(report), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: webviewRoots(this.options.extensionUri),
    });
    return this.restore(panel, report);
  }

  /** Takes over a panel, new or restored by VS Code after a reload (with the report its webview saved). */
  restore(panel: vscode.WebviewPanel, report: DriftReport): DriftPanel {
    return this.add(key(report), new DriftPanel(panel, this.options, report));
  }
}

function key(report: DriftReport): string {
  const side = (s: DriftReport['reference']) => `${s.label}\u0000${s.sha256 ?? ''}`;
  return `${side(report.reference)}\u0000${side(report.current)}`;
}

/** The current data against its reference; a file by its name (a version such as `team/churn@v3` stays whole). */
function titleOf(report: DriftReport): string {
  const short = (label: string) => (path.isAbsolute(label) ? path.basename(label) : label);
  return vscode.l10n.t('Drift: {0} vs {1}', short(report.current.label), short(report.reference.label));
}
