import * as vscode from 'vscode';
import { describeRunQuery } from '../../core/runQuery';
import { setContextKey } from '../contextKeys';
import { Disposable } from '../disposable';
import type { RunPanels } from '../panels/runPanel';
import { ExperimentNode } from './nodes/experimentNode';
import { LoadMoreNode } from './nodes/loadMoreNode';
import { RunNode } from './nodes/runNode';
import type { ExperimentsTreeProvider } from './experimentsTree';
import { runQueryWords } from './runQueryWords';
import type { TreeNode } from './treeNode';

/**
 * The Experiments view: its tree (several runs can be selected), with the active sort and filter in
 * its title; the experiments the user has expanded; paging; and the run details following the
 * keyboard.
 */
export class ExperimentsView extends Disposable {
  readonly treeView: vscode.TreeView<TreeNode>;
  /**
   * The rows selected as VS Code last reported them. VS Code maps the selected rows to nodes it holds:
   * while an experiment is being redrawn (a background import, a live run) the rows not fetched again
   * are left out, of the event and of `treeView.selection` alike, but at different moments.
   */
  private reported: readonly TreeNode[] = [];
  /** The experiments expanded in the view, by key: "Sort Runs…" from the title offers the keys of the one expanded. */
  private readonly expanded = new Set<string>();

  /** `treeView` shows `provider`'s tree (extension.ts creates it, several runs selectable, before the features load). */
  constructor(
    readonly provider: ExperimentsTreeProvider,
    private readonly runPanels: RunPanels,
    treeView: vscode.TreeView<TreeNode>,
  ) {
    super();
    this.treeView = treeView;
    this.describe();
    this.register(provider.query.onDidChange(() => this.describe()));
    this.register(
      this.treeView.onDidChangeSelection(({ selection }) => {
        this.reported = selection;
        void setContextKey('modelLedger.runsSelected', this.runsSelected);
      }),
    );
    this.register(this.treeView.onDidExpandElement(({ element }) => element instanceof ExperimentNode && this.expanded.add(element.key)));
    this.register(this.treeView.onDidCollapseElement(({ element }) => element instanceof ExperimentNode && this.expanded.delete(element.key)));
  }

  /** The rows selected: what the last report and the view now know of, together, each row once. */
  get selection(): readonly TreeNode[] {
    const rows = new Map<unknown, TreeNode>();
    for (const node of [...this.reported, ...this.treeView.selection]) rows.set(rowKey(node), node);
    return [...rows.values()];
  }

  /** The selection is one or more runs (and nothing else): what `modelLedger.runsSelected` says. */
  get runsSelected(): boolean {
    const selection = this.selection;
    return selection.length > 0 && selection.every((node) => node instanceof RunNode);
  }

  /** The experiments expanded in the view, as the tree holds them. */
  expandedExperiments(): ExperimentNode[] {
    return [...this.expanded].flatMap((key) => this.provider.experimentNode(key) ?? []);
  }

  /**
   * "Load more…" (its row) or "Load More Runs" (an experiment's row): the next page. From the row,
   * the keyboard focus moves to the first run it added, which takes the row's place on screen, and
   * the row, replaced, is no longer selected.
   */
  async loadMore(arg: unknown): Promise<void> {
    const experiment = arg instanceof LoadMoreNode ? arg.parent : arg;
    if (!(experiment instanceof ExperimentNode)) return;
    const first = arg instanceof LoadMoreNode ? arg.shown : undefined;
    this.provider.grow(experiment);
    // Only a row the user sees has a focus to move (from the palette or a test, the view may be hidden).
    if (first === undefined || !this.treeView.visible) return;
    const next = (await this.provider.getChildren(experiment))[first];
    if (next) await this.treeView.reveal(next, { select: false, focus: true });
  }

  /**
   * The arrow keys in the view (package.json binds them to `list.focusDown`/`list.focusUp`, then this
   * with the focused row): the selection follows the focus, as in the Explorer, and a run's details
   * follow in the preview tab while details are in view, the focus staying in the tree.
   */
  async followFocus(node: unknown): Promise<void> {
    if (!(node instanceof RunNode || node instanceof ExperimentNode)) return; // rows under a run cannot be revealed
    await this.treeView.reveal(node, { select: true, focus: true });
    if (node instanceof RunNode && this.runPanels.showing()) this.runPanels.show({ folder: node.folder.uri.fsPath, runId: node.run.id }, { preview: true, preserveFocus: true });
  }

  private describe(): void {
    this.treeView.description = describeRunQuery(this.provider.query.current, runQueryWords()) || undefined;
  }
}

/** A run is the same row whichever node object VS Code handed over; other rows are their node. */
function rowKey(node: TreeNode): unknown {
  return node instanceof RunNode ? `${node.folder.uri.toString()}\n${node.run.id}` : node;
}

/** The commands that act on the view itself: paging and following the keyboard. */
export function registerExperimentsViewCommands(view: ExperimentsView): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('modelLedger.loadMore', (arg: unknown) => view.loadMore(arg)),
    vscode.commands.registerCommand('modelLedger.loadMoreRuns', (arg: unknown) => view.loadMore(arg)),
    vscode.commands.registerCommand('modelLedger.followFocus', (node: unknown) => view.followFocus(node)),
  ];
}
