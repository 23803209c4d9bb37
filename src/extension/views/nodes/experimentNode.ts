import * as vscode from 'vscode';
import { isFiltered, type RunQuery } from '../../../core/runQuery';
import type { Experiment } from '../../../core/types';
import type { Store } from '../../../store/store';
import type { TreeNode } from '../treeNode';
import { LoadMoreNode } from './loadMoreNode';
import { RunNode } from './runNode';

export const RUN_PAGE_SIZE = 200;

/** What an experiment row asks of its tree: the query, and how many of its runs to show. */
export interface ExperimentListing {
  query(): RunQuery;
  shown(node: ExperimentNode): number;
  /** "Load more…": one more page. */
  grow(node: ExperimentNode): void;
}

/**
 * An experiment; its children are its runs, sorted and filtered by the view's query, a page at a
 * time. The tree keeps one instance per experiment (updated in place on refresh), so a change
 * event for it reaches the row VS Code shows.
 */
export class ExperimentNode implements TreeNode {
  /**
   * The run rows listed so far: "Load more…" reads and draws only the next page. Dropped when the
   * experiment or the query changes.
   */
  private loaded: { query: RunQuery; keyMetric: string | null; runs: RunNode[]; total: number } | undefined;
  /** Runs in the experiment, deleted ones included, as last drawn. */
  private count = 0;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private store: Store,
    public experiment: Experiment,
    private readonly listing: ExperimentListing,
    public parent: TreeNode | undefined,
  ) {}

  /** Unique across folders: the key of this node in its tree. */
  get key(): string {
    return `${this.folder.uri.toString()}:${this.experiment.id}`;
  }

  update(store: Store, experiment: Experiment, parent: TreeNode | undefined): void {
    this.store = store;
    this.experiment = experiment;
    this.parent = parent;
    this.loaded = undefined;
  }

  /** Its runs changed: the next expansion reads them again. */
  invalidate(): void {
    this.loaded = undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const query = this.listing.query();
    this.count = this.store.runs.countByExperiment(this.experiment.id, true);
    const all = query.filter.showDeleted ? this.count : this.store.runs.countByExperiment(this.experiment.id, false);
    const item = new vscode.TreeItem(this.experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `experiment:${this.key}`;
    item.iconPath = new vscode.ThemeIcon(this.experiment.deleted ? 'trash' : 'beaker');
    if (isFiltered(query)) {
      const matching = this.store.runList.listRuns(this.experiment.id, query, { offset: 0, limit: 0, keyMetric: null }).total;
      item.description = vscode.l10n.t('{0} of {1} runs', matching, all);
    } else {
      item.description = all === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', all);
    }
    item.contextValue = this.experiment.deleted ? 'experiment.deleted' : 'experiment';
    return item;
  }

  /** Whether loading the runs may take long enough to show progress: more than a page of them (as counted when its row was drawn). */
  isLarge(): boolean {
    return this.count > RUN_PAGE_SIZE;
  }

  getChildren(): TreeNode[] {
    const { runs, total } = this.list();
    const nodes: TreeNode[] = [...runs];
    if (total > runs.length) nodes.push(new LoadMoreNode(this.key, total - runs.length, () => this.listing.grow(this)));
    if (nodes.length === 0 && isFiltered(this.listing.query())) nodes.push(new NoMatchNode(this.key));
    return nodes;
  }

  /** The runs to show: those listed before plus the next pages when the view asks for more, else all of them read again. */
  private list(): { runs: RunNode[]; total: number } {
    const query = this.listing.query();
    const limit = this.listing.shown(this);
    const loaded = this.loaded?.query === query ? this.loaded : undefined;
    if (loaded && loaded.runs.length >= Math.min(limit, loaded.total)) return { runs: loaded.runs.slice(0, limit), total: loaded.total };
    const keyMetric = loaded?.keyMetric ?? (query.sort.field.kind === 'metric' ? query.sort.field.key : this.store.runList.defaultKeyMetric(this.experiment.id));
    const offset = loaded?.runs.length ?? 0;
    const page = this.store.runList.listRuns(this.experiment.id, query, { offset, limit: limit - offset, keyMetric });
    const rows = page.runs.map((listed) => new RunNode(this.folder, this.store, listed, this));
    this.loaded = { query, keyMetric, runs: [...(loaded?.runs ?? []), ...rows], total: page.total };
    return this.loaded;
  }
}

/** Said under an experiment whose runs the filter hides, with the way back one click away. */
class NoMatchNode implements TreeNode {
  constructor(private readonly key: string) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(vscode.l10n.t('No run matches the filter'), vscode.TreeItemCollapsibleState.None);
    item.id = `nomatch:${this.key}`;
    item.iconPath = new vscode.ThemeIcon('filter');
    item.description = vscode.l10n.t('select to clear it');
    item.contextValue = 'message';
    item.command = { command: 'modelLedger.clearRunQuery', title: vscode.l10n.t('Clear Sort and Filter') };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
