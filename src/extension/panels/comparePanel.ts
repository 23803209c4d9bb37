import * as vscode from 'vscode';
import type { Run } from '../../core/types';
import type { RunCodeComparer } from '../../git/runCode';
import {
  parseFromCompareWebview,
  type ComparePanelState,
  type CompareState,
  type ToCompareWebview,
} from '../../protocol/compare';
import { collectChart, collectCompareState, type CompareRequest, type StoreComparison } from '../../store/compareQueries';
import type { Store } from '../../store/store';
import { codePair, CodeSectionSource } from '../compare/codeSection';
import { exportComparison } from '../compare/exportComparison';
import { openCodeDiff } from '../compare/openCodeDiff';
import { applyChoice } from '../compare/panelChoices';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import { webviewHtml, webviewRoots } from './webviewHtml';

export const COMPARE_PANEL_VIEW_TYPE = 'modelLedger.compare';

/** The chart width until the webview says its own. */
const DEFAULT_WIDTH = 800;
/** Runs named in the tab's title; the rest are counted. */
const TITLE_NAMES = 3;

export interface ComparePanelOptions {
  extensionUri: vscode.Uri;
  stores: WorkspaceStores;
  comparer: RunCodeComparer;
  state: ComparePanelState;
}

/**
 * One comparison of runs in an editor tab. It keeps what the user chose (the state a reload
 * restores) and sends full snapshots: after the webview's `ready`, after every choice, and when the
 * store changes (running runs' lines grow). Snapshots are coalesced: one in flight at a time, and
 * none while the tab is hidden (one is sent when it shows again).
 */
export class ComparePanel extends Disposable {
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;
  private readonly postEmitter = this.register(new vscode.EventEmitter<ToCompareWebview>());
  /** Fires with each message as it is sent (tests wait on it). */
  readonly onDidPost = this.postEmitter.event;
  lastMessage: ToCompareWebview | undefined;
  lastState: CompareState | undefined;
  private state: ComparePanelState;
  private width = DEFAULT_WIDTH;
  private ready = false;
  private posting = false;
  private postAgain = false;
  private missedWhileHidden = false;
  private readonly code: CodeSectionSource;
  private closed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly options: ComparePanelOptions,
  ) {
    super();
    this.state = options.state;
    this.code = new CodeSectionSource(options.comparer, options.state.folder, () => this.schedulePost());
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewRoots(options.extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'model-ledger.svg');
    this.register(panel.webview.onDidReceiveMessage((message) => void this.receive(message)));
    this.register(options.stores.onDidChange(() => this.schedulePost()));
    this.register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.missedWhileHidden) this.schedulePost();
      }),
    );
    this.register(
      panel.onDidDispose(() => {
        this.closed = true;
        this.disposedEmitter.fire();
        this.dispose();
      }),
    );
    const store = this.store();
    if (store) panel.title = titleOf(this.state.runIds.map((id) => store.runs.get(id)?.name ?? id));
    panel.webview.html = webviewHtml(panel.webview, options.extensionUri, 'compare', panel.title, ['compare.css']);
  }

  /** What the webview saves, and what the serializer restores. */
  get panelState(): ComparePanelState {
    return this.state;
  }

  /** Handles one message from the webview, as it arrives; settles when the work it asked for is done. */
  async receive(raw: unknown): Promise<void> {
    const message = parseFromCompareWebview(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.width = message.width;
        this.schedulePost();
        return;
      case 'resize':
        this.width = message.width;
        this.schedulePost();
        return;
      case 'zoom': {
        // Linked zoom: the range is remembered, so every chart of the next snapshot is cut to it.
        this.state = { ...this.state, zoom: { xFrom: message.xFrom, xTo: message.xTo } };
        const store = this.store();
        if (!store) return;
        const { directions, xAxis, zoom } = this.state;
        const chart = collectChart(store, { runs: this.runsInColumnOrder(store), metric: message.metric, directions, xAxis, zoom, width: message.width });
        await this.send({ type: 'series', id: message.id, chart });
        // The next snapshot carries the zoom: the state a reload restores, and the Reset zoom button.
        this.schedulePost();
        return;
      }
      case 'exportTable': {
        const store = this.store();
        if (store) await exportComparison(store, this.request(), vscode.Uri.file(this.state.folder), message.format, message.target);
        return;
      }
      case 'openDiff':
        await openCodeDiff(this.code.current, message.path);
        return;
      case 'chooseMetrics':
      case 'setXAxis':
      case 'resetZoom':
      case 'setBaseline':
      case 'setOnlyDifferences':
      case 'setDirection':
      case 'sortRuns':
      case 'setCodeRun':
        this.state = applyChoice(this.state, message);
        this.schedulePost();
        return;
      default: {
        const unhandled: never = message;
        return unhandled;
      }
    }
  }

  private schedulePost(): void {
    // The webview asks first; a hidden webview has no page to post to (it reloads and asks again).
    if (!this.ready || this.closed) return;
    if (!this.panel.visible) {
      this.missedWhileHidden = true;
      return;
    }
    if (this.posting) {
      this.postAgain = true;
      return;
    }
    this.posting = true;
    this.missedWhileHidden = false;
    void this.send({ type: 'state', state: this.snapshot() }).finally(() => {
      this.posting = false;
      if (this.postAgain) {
        this.postAgain = false;
        this.schedulePost();
      }
    });
  }

  private async send(message: ToCompareWebview): Promise<void> {
    if (this.closed) return;
    this.lastMessage = message;
    if (message.type === 'state') this.lastState = message.state;
    this.postEmitter.fire(message);
    // A tab closed while git or the store was still answering: nobody is left to tell.
    await this.panel.webview.postMessage(message).then(undefined, (error: unknown) => {
      if (!this.closed) throw error;
    });
  }

  private snapshot(): CompareState {
    const store = this.store();
    const comparison = store ? collectCompareState(store, this.request()) : this.emptyComparison();
    const names = new Map(comparison.runs.map((r) => [r.id, r.name]));
    // In the order the runs were opened: the title does not move when the baseline or the sort does.
    this.panel.title = titleOf(this.state.runIds.flatMap((id) => names.get(id) ?? []));
    const pair = codePair(comparison.runs, this.state.codeRunId);
    const code = store && pair ? this.code.section(store.runs.get(pair[0])!, store.runs.get(pair[1])!, names) : null;
    return { ...comparison, code, saved: this.state };
  }

  private request(): CompareRequest {
    const { runIds, baselineRunId, chosenMetrics, directions, onlyDifferences, sort, xAxis, zoom } = this.state;
    return { runIds, baselineRunId, chosenMetrics, directions, onlyDifferences, sort, xAxis, zoom, width: this.width };
  }

  /** The runs in the table's order, as the last snapshot had them (the baseline first). */
  private runsInColumnOrder(store: Store): Run[] {
    const ids = this.lastState?.runs.map((r) => r.id) ?? this.state.runIds;
    return ids.map((id) => store.runs.get(id)).filter((r): r is Run => r !== undefined);
  }

  private store(): Store | undefined {
    const folder = this.options.stores.folders().find((f) => f.uri.fsPath === this.state.folder);
    const state = folder && this.options.stores.read(folder);
    return state?.kind === 'ready' ? state.store : undefined;
  }

  /** The folder or its store is gone: every run is missing, and the webview says so. */
  private emptyComparison(): StoreComparison {
    const { runIds, onlyDifferences, sort, directions, xAxis, zoom } = this.state;
    return {
      runs: [], missingRunIds: [...runIds], table: { runIds: [], rows: [], hiddenRows: 0 }, onlyDifferences, sort,
      metrics: [], chosenMetrics: [], directions: { ...directions }, xAxis, zoom, width: this.width, charts: [],
    };
  }
}

/** Opens, reveals and restores compare panels: one per set of runs of a folder. */
export class ComparePanels extends Disposable {
  private readonly panels = new Map<string, ComparePanel>();

  constructor(private readonly options: Omit<ComparePanelOptions, 'state'>) {
    super();
    this.register({ dispose: () => [...this.panels.values()].forEach((p) => p.panel.dispose()) });
  }

  show(state: ComparePanelState): ComparePanel {
    const existing = this.find(state.folder, state.runIds);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(COMPARE_PANEL_VIEW_TYPE, vscode.l10n.t('Compare Runs'), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: webviewRoots(this.options.extensionUri),
    });
    return this.adopt(panel, state);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: ComparePanelState): ComparePanel {
    return this.adopt(panel, state);
  }

  find(folder: string, runIds: readonly string[]): ComparePanel | undefined {
    return this.panels.get(key(folder, runIds));
  }

  private adopt(panel: vscode.WebviewPanel, state: ComparePanelState): ComparePanel {
    const comparePanel = new ComparePanel(panel, { ...this.options, state });
    const k = key(state.folder, state.runIds);
    this.panels.set(k, comparePanel);
    comparePanel.onDidDispose(() => {
      if (this.panels.get(k) === comparePanel) this.panels.delete(k);
    });
    return comparePanel;
  }
}

/** The same runs in another order are the same comparison. */
function key(folder: string, runIds: readonly string[]): string {
  return [folder, ...[...runIds].sort()].join('\u0000');
}

function titleOf(names: readonly string[]): string {
  const shown = names.slice(0, TITLE_NAMES).join(', ');
  const more = names.length - TITLE_NAMES;
  return more > 0 ? vscode.l10n.t('Compare: {0} +{1}', shown, more) : vscode.l10n.t('Compare: {0}', shown);
}
