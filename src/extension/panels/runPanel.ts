import * as vscode from 'vscode';
import { runLabelText } from '../../common/runLabelText';
import { parseFromRunWebview, type RunPanelState, type RunPanelTarget, type ToRunWebview } from '../../protocol/run';
import { setContextKey } from '../contextKeys';
import type { Feedback } from '../feedback';
import { staleRunMs } from '../staleRuns';
import type { WorkspaceStores } from '../workspaceStores';
import { runArtifactRoots } from '../../artifacts/runArtifactRoots';
import { errorMessage } from '../../core/errors';
import type { ArtifactRef } from '../../protocol/runArtifacts';
import { collectRunDetails } from './runDetails';
import { RunArtifacts } from './runArtifacts';
import { runMediaState } from './runMediaState';
import type { MediaView } from '../../protocol/media';
import { PanelCollection, WebviewPanelHost } from './webviewPanelHost';
import { webviewRoots } from './webviewHtml';

export const RUN_PANEL_VIEW_TYPE = 'modelLedger.run';

export interface RunPanelOptions {
  extensionUri: vscode.Uri;
  stores: WorkspaceStores;
  feedback: Feedback;
}

/** How a run is shown: in the preview tab or a tab of its own, and whether the focus stays where it is (the tree). */
export interface ShowRunOptions {
  preview: boolean;
  preserveFocus: boolean;
}

/**
 * One run's details in an editor tab; it re-sends its snapshot whenever the store changes. The
 * preview tab shows another run when asked (a full snapshot, no reload of the page).
 */
export class RunPanel extends WebviewPanelHost<ToRunWebview> {
  private readonly keepRequested = this.register(new vscode.EventEmitter<void>());
  private readonly artifacts: RunArtifacts;
  /** The user asked, from the page, to keep this preview open. */
  readonly onDidRequestKeep = this.keepRequested.event;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly options: RunPanelOptions,
    private shown: RunPanelState,
  ) {
    super(panel, { extensionUri: options.extensionUri, bundle: 'run', styles: ['run.css'], codicons: true, feedback: options.feedback });
    this.artifacts = new RunArtifacts(panel.webview, options.extensionUri);
    // The run's artifact folders are allowed before the page loads: changing them later reloads it.
    const store = this.store();
    if (store) this.artifacts.allowResources(runArtifactRoots(this.shown.folder, store, this.shown.runId));
    // A live update that fails is logged; the panel keeps its last snapshot.
    this.register(options.stores.onDidChange(() => this.update()));
    this.render();
  }

  get target(): RunPanelTarget {
    return { folder: this.shown.folder, runId: this.shown.runId };
  }

  /** The tab is the preview: the next run shown replaces it. */
  get preview(): boolean {
    return this.shown.preview;
  }

  /** Shows another run in this tab (the preview's) or changes whether it is the preview; posts the new snapshot. */
  show(state: RunPanelState): void {
    if (state.runId !== this.shown.runId || state.folder !== this.shown.folder) this.artifacts.reset();
    this.shown = state;
    this.update();
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
      case 'keepOpen':
        this.keepRequested.fire();
        return;
      case 'expandArtifact':
        this.artifacts.setExpanded(message, message.expanded);
        await this.post(false, true);
        return;
      case 'refreshArtifacts':
        await this.post(true);
        return;
      case 'previewArtifact':
        await this.sendPreview(message.id, message);
        return;
      case 'openArtifact':
        await this.artifacts.open(message);
        return;
      case 'revealArtifact':
        await this.artifacts.reveal(message);
        return;
      case 'copyArtifactPath':
        await vscode.env.clipboard.writeText(this.artifacts.file(message));
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private update(): void {
    void this.post().catch((error: unknown) => this.options.feedback.log(error));
  }

  /** The store of the shown run's workspace folder, when it is open and ready. */
  private store() {
    const { stores } = this.options;
    const folder = stores.folders().find((f) => f.uri.fsPath === this.shown.folder);
    const state = folder && stores.read(folder);
    return state?.kind === 'ready' ? state.store : undefined;
  }

  /** The media last posted, with the run it is of: opening a folder changes nothing of it. */
  private lastMedia: { runId: string; folder: string; media: MediaView } | null = null;

  private async post(refreshArtifacts = false, sameMedia = false): Promise<void> {
    const { folder, runId, preview } = this.shown;
    const store = this.store();
    const run = store && collectRunDetails(store, runId, staleRunMs());
    if (!store || !run) {
      await this.send({ type: 'missing', folder, runId, preview });
      return;
    }
    this.panel.title = runLabelText(run);
    const artifacts = await this.artifacts.snapshot(folder, store, runId, refreshArtifacts);
    // Its images lie in the run's artifact roots, which the artifact browser has allowed the page to load from.
    const last = this.lastMedia;
    const media = sameMedia && last?.runId === runId && last.folder === folder ? last.media : runMediaState(this.panel.webview, folder, runId, this.artifacts.roots).view;
    this.lastMedia = { runId, folder, media };
    await this.send({ type: 'state', folder, run, preview, artifacts, media });
  }

  /** One preview, asked for by the page; a file that cannot be previewed gets its reason in place of the preview. */
  private async sendPreview(id: number, ref: ArtifactRef): Promise<void> {
    const { runId } = this.shown;
    const preview = await this.artifacts.preview(ref).catch((error: unknown) => ({ kind: 'error' as const, message: errorMessage(error) }));
    await this.send({ type: 'artifactPreview', id, runId, root: ref.root, path: ref.path, preview });
  }
}

/**
 * Opens, reveals and restores run panels, as VS Code opens editors: a run shown as a preview takes
 * the one preview tab (reusing it, page and all), until the user keeps it open (Keep Open, a
 * double-click, VS Code's Pin, or an edit of the run); a run already open in a tab is revealed
 * there. With `workbench.editor.enablePreview` off, every run gets a tab of its own.
 */
export class RunPanels extends PanelCollection<RunPanel> {
  /** The preview tab; kept tabs are in the collection, one per run. */
  private previewPanel: RunPanel | undefined;

  constructor(private readonly options: RunPanelOptions) {
    super();
    this.register({ dispose: () => this.previewPanel?.panel.dispose() });
    this.register(vscode.window.tabGroups.onDidChangeTabs(({ changed }) => this.keepPinnedTab(changed)));
  }

  get preview(): RunPanel | undefined {
    return this.previewPanel;
  }

  show(target: RunPanelTarget, options: ShowRunOptions): RunPanel {
    const preview = options.preview && vscode.workspace.getConfiguration('workbench.editor').get<boolean>('enablePreview', true);
    const existing = this.find(target);
    if (existing) {
      if (!preview && existing.preview) this.keep(existing);
      existing.panel.reveal(undefined, options.preserveFocus);
      return existing;
    }
    if (preview && this.previewPanel) {
      this.previewPanel.show({ ...target, preview: true });
      this.previewPanel.panel.reveal(undefined, options.preserveFocus);
      return this.previewPanel;
    }
    const panel = vscode.window.createWebviewPanel(
      RUN_PANEL_VIEW_TYPE,
      vscode.l10n.t('Run {0}', target.runId),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
      { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: webviewRoots(this.options.extensionUri) },
    );
    return this.restore(panel, { ...target, preview });
  }

  /** Takes over a panel, new or restored by VS Code after a reload, as the preview or a kept tab. */
  restore(panel: vscode.WebviewPanel, state: RunPanelState): RunPanel {
    // Two previews come back after a reload only if VS Code restores tabs it had not closed: the second is kept.
    const preview = state.preview && !this.previewPanel;
    const runPanel = new RunPanel(panel, this.options, { ...state, preview });
    runPanel.onDidRequestKeep(() => this.keep(runPanel));
    if (!preview) return this.add(key(state), runPanel);
    this.previewPanel = runPanel;
    const viewState = panel.onDidChangeViewState(() => this.updatePreviewContext());
    runPanel.onDidDispose(() => {
      viewState.dispose();
      if (this.previewPanel !== runPanel) return;
      this.previewPanel = undefined;
      this.updatePreviewContext();
    });
    this.updatePreviewContext();
    return runPanel;
  }

  find(target: RunPanelTarget): RunPanel | undefined {
    const preview = this.previewPanel;
    return this.get(key(target)) ?? (preview && key(preview.target) === key(target) ? preview : undefined);
  }

  /** Keeps the preview tab open: it stays on its run, and the next run shown as a preview gets a tab of its own. */
  keep(panel: RunPanel): void {
    if (panel !== this.previewPanel) return;
    this.previewPanel = undefined;
    this.add(key(panel.target), panel);
    panel.show({ ...panel.target, preview: false });
    this.updatePreviewContext();
  }

  /** An edit of a run (rename, note) keeps its preview open, as an edit keeps a VS Code preview editor. */
  keepIfShowing(folder: string, runIds: readonly string[]): void {
    const preview = this.previewPanel;
    if (preview && preview.target.folder === folder && runIds.includes(preview.target.runId)) this.keep(preview);
  }

  /** Whether a run's details are in view (the preview or a kept tab): the tree's arrow keys then make the details follow. */
  showing(): boolean {
    return [this.previewPanel, ...this.values()].some((p) => p?.panel.visible);
  }

  /** VS Code's Pin on the preview's tab keeps it, as it does a preview editor. */
  private keepPinnedTab(changed: readonly vscode.Tab[]): void {
    const preview = this.previewPanel;
    if (!preview) return;
    const pinned = changed.some(
      (tab) => tab.isPinned && tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith(RUN_PANEL_VIEW_TYPE) && tab.label === preview.panel.title && tab.group.viewColumn === preview.panel.viewColumn,
    );
    if (pinned) this.keep(preview);
  }

  /** `modelLedger.runDetailsPreview`: the active tab is the preview, so Keep Open shows in its title bar. */
  private updatePreviewContext(): void {
    void setContextKey('modelLedger.runDetailsPreview', this.previewPanel?.panel.active === true);
  }
}

function key(target: RunPanelTarget): string {
  return `${target.folder}\u0000${target.runId}`;
}
