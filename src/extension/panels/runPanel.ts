import * as vscode from 'vscode';
import { parseFromRunWebview, type RunPanelState, type ToRunWebview } from '../../protocol/run';
import { collectRunDetails } from '../../store/runDetails';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import { webviewHtml, webviewRoots } from './webviewHtml';

export const RUN_PANEL_VIEW_TYPE = 'modelLedger.run';

/** One run's details in an editor tab; it re-sends its snapshot whenever the store changes. */
export class RunPanel extends Disposable {
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;
  /** The last message sent, for tests and for a webview that reloads. */
  lastMessage: ToRunWebview | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly stores: WorkspaceStores,
    readonly target: RunPanelState,
  ) {
    super();
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'model-ledger.svg');
    this.register(panel.webview.onDidReceiveMessage((message) => this.receive(message)));
    this.register(stores.onDidChange(() => this.post()));
    this.register(
      panel.onDidDispose(() => {
        this.disposedEmitter.fire();
        this.dispose();
      }),
    );
    panel.webview.html = webviewHtml(panel.webview, extensionUri, 'run', panel.title);
  }

  private receive(raw: unknown): void {
    const message = parseFromRunWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.post();
        return;
      case 'copy':
        void vscode.env.clipboard.writeText(message.text);
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private post(): void {
    const folder = this.stores.folders().find((f) => f.uri.fsPath === this.target.folder);
    const state = folder && this.stores.read(folder);
    const run = state?.kind === 'ready' ? collectRunDetails(state.store, this.target.runId) : undefined;
    const message: ToRunWebview = run ? { type: 'state', folder: this.target.folder, run } : { type: 'missing', runId: this.target.runId };
    if (run) this.panel.title = run.name;
    this.lastMessage = message;
    void this.panel.webview.postMessage(message);
  }
}

/** Opens, reveals and restores run panels: one per run. */
export class RunPanels extends Disposable {
  private readonly panels = new Map<string, RunPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly stores: WorkspaceStores,
  ) {
    super();
    this.register({ dispose: () => [...this.panels.values()].forEach((p) => p.panel.dispose()) });
  }

  show(target: RunPanelState, title: string): RunPanel {
    const existing = this.panels.get(key(target));
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: webviewRoots(this.extensionUri),
    });
    return this.adopt(panel, target);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, target: RunPanelState): void {
    this.adopt(panel, target);
  }

  find(target: RunPanelState): RunPanel | undefined {
    return this.panels.get(key(target));
  }

  private adopt(panel: vscode.WebviewPanel, target: RunPanelState): RunPanel {
    const runPanel = new RunPanel(panel, this.extensionUri, this.stores, target);
    this.panels.set(key(target), runPanel);
    runPanel.onDidDispose(() => this.panels.delete(key(target)));
    return runPanel;
  }
}

function key(target: RunPanelState): string {
  return `${target.folder}\u0000${target.runId}`;
}
