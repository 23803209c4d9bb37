import * as vscode from 'vscode';
import { parseFromRunWebview, type RunPanelState, type ToRunWebview } from '../../protocol/run';
import type { Feedback } from '../feedback';
import type { WorkspaceStores } from '../workspaceStores';
import { collectRunDetails } from './runDetails';
import { PanelCollection, WebviewPanelHost } from './webviewPanelHost';
import { webviewRoots } from './webviewHtml';

export const RUN_PANEL_VIEW_TYPE = 'modelLedger.run';

export interface RunPanelOptions {
  extensionUri: vscode.Uri;
  stores: WorkspaceStores;
  feedback: Feedback;
}

/** One run's details in an editor tab; it re-sends its snapshot whenever the store changes. */
export class RunPanel extends WebviewPanelHost<ToRunWebview> {
  constructor(
    panel: vscode.WebviewPanel,
    private readonly options: RunPanelOptions,
    readonly target: RunPanelState,
  ) {
    super(panel, { extensionUri: options.extensionUri, bundle: 'run', feedback: options.feedback });
    // A live update that fails is logged; the panel keeps its last snapshot.
    this.register(options.stores.onDidChange(() => void this.post().catch((error: unknown) => options.feedback.log(error))));
    this.render();
  }

  async receive(raw: unknown): Promise<void> {
    const message = parseFromRunWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        await this.post();
        return;
      case 'copy':
        await vscode.env.clipboard.writeText(message.text);
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private async post(): Promise<void> {
    const { stores } = this.options;
    const folder = stores.folders().find((f) => f.uri.fsPath === this.target.folder);
    const state = folder && stores.read(folder);
    const run = state?.kind === 'ready' ? collectRunDetails(state.store, this.target.runId) : undefined;
    if (run) this.panel.title = run.name;
    await this.send(run ? { type: 'state', folder: this.target.folder, run } : { type: 'missing', runId: this.target.runId });
  }
}

/** Opens, reveals and restores run panels: one per run. */
export class RunPanels extends PanelCollection<RunPanel> {
  constructor(private readonly options: RunPanelOptions) {
    super();
  }

  show(target: RunPanelState, title: string): RunPanel {
    const existing = this.find(target);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: webviewRoots(this.options.extensionUri),
    });
    return this.restore(panel, target);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, target: RunPanelState): RunPanel {
    return this.add(key(target), new RunPanel(panel, this.options, target));
  }

  find(target: RunPanelState): RunPanel | undefined {
    return this.get(key(target));
  }
}

function key(target: RunPanelState): string {
  return `${target.folder}\u0000${target.runId}`;
}
