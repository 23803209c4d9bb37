import * as vscode from 'vscode';
import type { Run } from '../../core/types';
import type { RunCodeComparer } from '../../git/runCode';
import {
  parseFromCompareWebview,
  type ComparePanelState,
  type CompareState,
  type ToCompareWebview,
} from '../../protocol/compare';
import type { Comparison } from '../../core/compare/chart';
import { compactChart } from '../../core/compare/wireNumbers';
import { packCompareMessage, type CompareWireMessage } from '../../protocol/compareWire';
import { runLabelText } from '../../common/runLabelText';
import { labelRuns } from '../../store/runListingLabels';
import { collectChart, collectComparison, type CompareRequest } from '../../store/compareQueries';
import type { Store } from '../../store/store';
import { codePair, CodeSectionSource } from '../compare/codeSection';
import { compareMedia } from '../compare/compareMedia';
import { exportComparison } from '../compare/exportComparison';
import { openCodeDiff } from '../compare/openCodeDiff';
import { applyChoice } from '../compare/panelChoices';
import { TeamZoom, type FetchTeamPoints } from '../compare/teamZoom';
import type { Feedback } from '../feedback';
import type { WorkspaceStores } from '../workspaceStores';
import { PanelCollection, WebviewPanelHost } from './webviewPanelHost';
import { limitResourceRoots, webviewRoots } from './webviewHtml';

export const COMPARE_PANEL_VIEW_TYPE = 'modelLedger.compare';

/** The chart width until the webview says its own. */
const DEFAULT_WIDTH = 800;
/** Runs named in the tab's title; the rest are counted. */
const TITLE_NAMES = 3;

export interface ComparePanelOptions {
  extensionUri: vscode.Uri;
  stores: WorkspaceStores;
  comparer: RunCodeComparer;
  feedback: Feedback;
  /** Full resolution of teammates' runs from the team store, for zooming in past their pulled coarse levels. */
  teamPoints: FetchTeamPoints;
  /** Fires when a team store connects, goes offline or comes back. */
  onDidChangeTeam: vscode.Event<void>;
  state: ComparePanelState;
}

/**
 * One comparison of runs in an editor tab. It keeps what the user chose (the state a reload
 * restores) and sends full snapshots: after the webview's `ready`, after every choice, and when the
 * store changes (running runs' lines grow). Snapshots are coalesced: one in flight at a time, and
 * none while the tab is hidden (one is sent when it shows again).
 */
export class ComparePanel extends WebviewPanelHost<ToCompareWebview> {
  lastState: CompareState | undefined;
  private state: ComparePanelState;
  private width = DEFAULT_WIDTH;
  private ready = false;
  private posting = false;
  private postAgain = false;
  private missedWhileHidden = false;
  private readonly code: CodeSectionSource;
  /** The media last read, for the runs of `key` (their sorted ids); null after a store change. */
  private readMedia: { key: string; byRun: Map<string, CompareState['media']['runs'][number]> } | null = null;
  /** The last snapshot failed (and the user was told). */
  private failing = false;
  private readonly teamZoom: TeamZoom;
  /** Point counts of the series, read once per store change rather than once per series per snapshot. */
  private counts = new Map<string, Map<string, number>>();

  constructor(
    panel: vscode.WebviewPanel,
    private readonly options: ComparePanelOptions,
  ) {
    super(panel, { extensionUri: options.extensionUri, bundle: 'compare', styles: ['compare.css'], feedback: options.feedback });
    this.state = options.state;
    this.code = new CodeSectionSource(options.comparer, options.state.folder, () => this.schedulePost());
    this.teamZoom = new TeamZoom(
      options.state.folder,
      options.teamPoints,
      (runId, key) => this.pointCount(runId, key),
      (error) => options.feedback.log(error),
    );
    this.register(this.teamZoom);
    this.register(
      options.stores.onDidChange(() => {
        this.readMedia = null;
        this.counts = new Map();
        this.schedulePost();
      }),
    );
    this.register(
      options.onDidChangeTeam(() => {
        this.teamZoom.forgetUnfetched();
        this.schedulePost();
      }),
    );
    this.register(
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.missedWhileHidden) this.schedulePost();
      }),
    );
    const store = this.store();
    if (store) panel.title = titleOf(this.openingLabels(store));
    // The images' roots before the page loads: changing them later reloads it.
    if (store) this.media(store, options.state.runIds);
    this.render();
  }

  private pointCount(runId: string, key: string): number {
    let byKey = this.counts.get(runId);
    if (!byKey) {
      byKey = new Map([...(this.store()?.metrics.summaries(runId) ?? [])].map(([metric, summary]) => [metric, summary.count]));
      this.counts.set(runId, byKey);
    }
    return byKey.get(key) ?? 0;
  }

  /** What the webview saves, and what the serializer restores. */
  get panelState(): ComparePanelState {
    return this.state;
  }

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
        const coarse = collectChart(store, { runs: this.runsInColumnOrder(store), metric: message.metric, directions, xAxis, zoom, width: message.width });
        // The coarse line at once, the team store's full resolution when it comes: a slow or offline server never freezes the chart.
        let finer = false;
        await this.send({ type: 'series', id: message.id, chart: this.teamZoom.withFetched(coarse, xAxis, message.width, () => (finer = true)) });
        if (finer) await this.send({ type: 'series', id: message.id, chart: await this.teamZoom.refine(coarse, xAxis, message.width) });
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
    void this.postSnapshot().finally(() => {
      this.posting = false;
      if (this.postAgain) {
        this.postAgain = false;
        this.schedulePost();
      }
    });
  }

  /** Charts go with their values to a few significant digits (core/compare/wireNumbers.ts): a 100-run comparison stays a few MB. */
  protected override async send(message: ToCompareWebview): Promise<void> {
    const compact: ToCompareWebview =
      message.type === 'state' ? { ...message, state: { ...message.state, charts: message.state.charts.map(compactChart) } } : { ...message, chart: compactChart(message.chart) };
    if (compact.type === 'state' && !this.closed) this.lastState = compact.state;
    await super.send(compact);
  }

  /** Charts packed without loss (protocol/compareWire.ts): the runs of a sweep share their x columns. */
  protected override toWire(message: ToCompareWebview): CompareWireMessage {
    return packCompareMessage(message);
  }

  /** Sends a snapshot. A failure is shown once (then only logged) until a snapshot goes through again: live updates must not flood the user. */
  private async postSnapshot(): Promise<void> {
    try {
      await this.send({ type: 'state', state: this.snapshot() });
      this.failing = false;
    } catch (error) {
      if (this.failing) this.options.feedback.log(error);
      else this.options.feedback.error(error);
      this.failing = true;
    }
  }

  private snapshot(): CompareState {
    const store = this.store();
    const comparison = store ? this.withTeamPoints(collectComparison(store, this.request())) : this.emptyComparison();
    const names = new Map(comparison.runs.map((r) => [r.id, runLabelText(r)]));
    // In the order the runs were opened: the title does not move when the baseline or the sort does.
    this.panel.title = titleOf(this.state.runIds.flatMap((id) => names.get(id) ?? []));
    const pair = codePair(comparison.runs, this.state.codeRunId);
    const code = store && pair ? this.code.section(store.runs.get(pair[0])!, store.runs.get(pair[1])!, names) : null;
    return { ...comparison, code, saved: this.state, media: this.media(store, comparison.runs.map((r) => r.id)) };
  }

  /** Teammates' series at full resolution where the zoom is finer than their pulled levels; what is not fetched yet is, and then posted. */
  private withTeamPoints(comparison: Comparison): Comparison {
    const { xAxis, width } = comparison;
    const charts = comparison.charts.map((chart) =>
      this.teamZoom.withFetched(chart, xAxis, width, () => void this.teamZoom.refine(chart, xAxis, width).then(() => this.schedulePost())),
    );
    return { ...comparison, charts };
  }

  /**
   * The runs' plots and images, in `runIds` order; the webview may load images only from the roots
   * they lie in. Read again only after a store change or for other runs: zooming, resizing and
   * sorting post snapshots often.
   */
  private media(store: Store | undefined, runIds: readonly string[]): CompareState['media'] {
    if (!store) return { runs: [] };
    const key = [...runIds].sort().join('\0');
    if (this.readMedia?.key !== key) {
      const { media, resourceRoots } = compareMedia(this.panel.webview, this.state.folder, store, runIds);
      limitResourceRoots(this.panel.webview, this.options.extensionUri, resourceRoots);
      this.readMedia = { key, byRun: new Map(media.runs.map((r) => [r.runId, r])) };
    }
    const { byRun } = this.readMedia;
    return { runs: runIds.flatMap((id) => byRun.get(id) ?? []) };
  }

  private request(): CompareRequest {
    const { runIds, baselineRunId, chosenMetrics, directions, onlyDifferences, sort, xAxis, zoom } = this.state;
    return { runIds, baselineRunId, chosenMetrics, directions, onlyDifferences, sort, xAxis, zoom, width: this.width };
  }

  /** The runs' labels as the panel opens, before the webview is ready for a snapshot: the tab is named at once. */
  private openingLabels(store: Store): string[] {
    const runs = this.state.runIds.flatMap((id) => store.runs.get(id) ?? []);
    const labels = labelRuns(store.runList, runs);
    return runs.map((run) => runLabelText(labels.get(run.id)!));
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
  private emptyComparison(): Comparison {
    const { runIds, onlyDifferences, sort, directions, xAxis, zoom } = this.state;
    return {
      runs: [], missingRunIds: [...runIds], table: { runIds: [], rows: [], hiddenRows: 0 }, onlyDifferences, sort,
      metrics: [], chosenMetrics: [], directions: { ...directions }, xAxis, zoom, width: this.width, charts: [],
    };
  }
}

/** Opens, reveals and restores compare panels: one per set of runs of a folder. */
export class ComparePanels extends PanelCollection<ComparePanel> {
  constructor(private readonly options: Omit<ComparePanelOptions, 'state'>) {
    super();
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
    return this.restore(panel, state);
  }

  /** Takes over a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel, state: ComparePanelState): ComparePanel {
    return this.add(key(state.folder, state.runIds), new ComparePanel(panel, { ...this.options, state }));
  }

  find(folder: string, runIds: readonly string[]): ComparePanel | undefined {
    return this.get(key(folder, runIds));
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
