import * as vscode from 'vscode';
import { isFiltered, type RunQuery } from '../../../core/runQuery';
import { staleAt } from '../../../core/runStaleness';
import type { Experiment } from '../../../core/types';
import { labelRuns } from '../../../store/runListingLabels';
import type { Store } from '../../../store/store';
import { runsAndDeletedText, runsText } from '../runCounts';
import type { TreeNode } from '../treeNode';
import { LoadMoreNode } from './loadMoreNode';
import { RunNode } from './runNode';

export const RUN_PAGE_SIZE = 200;

/** What an experiment row asks of its tree: the query, how many of its runs to show ("Load more…" asks the tree for more), and when its rows go stale. */
export interface ExperimentListing {
  query(): RunQuery;
  shown(node: ExperimentNode): number;
  /** After how long without new data a running run is stale (ms; 0: never). */
  staleAfter(): number;
  /** The earliest time a listed running run turns stale (null: none will), so the tree redraws it then. */
  staleAt(node: ExperimentNode, at: number | null): void;
  /** An import is adding runs to the folder: the counts are partial. */
  importing(): boolean;
}

/** How the experiment's runs add up, as counted when its row was drawn. */
interface RunCounts {
  /** Runs not deleted. */
  shown: number;
  /** Deleted runs, hidden unless Show Deleted is on. */
  deleted: number;
  /** Runs the view lists under the query (deleted ones included when shown). */
  listed: number;
}

/**
 * An experiment; its children are its runs, sorted and filtered by the view's query, a page at a
 * time. The tree keeps one instance per experiment (updated in place on refresh), so a change
 * event for it reaches the row VS Code shows.
 */
export class ExperimentNode implements TreeNode {
  /**
   * The run rows listed so far: "Load more…" reads and draws only the next page. Dropped when the
   * experiment or the query changes. `params` keeps what was read to tell same-named runs apart.
   */
  private loaded: { query: RunQuery; keyMetric: string | null; runs: RunNode[]; total: number; params: Map<string, Readonly<Record<string, string>>> } | undefined;
  private counts: RunCounts = { shown: 0, deleted: 0, listed: 0 };

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private store: Store,
    public experiment: Experiment,
    private readonly listing: ExperimentListing,
    public parent: TreeNode | undefined,
    /** What tells it apart from experiments of the same name (its source's path); null when its name is unique. */
    public qualifier: string | null = null,
  ) {}

  /** Unique across folders: the key of this node in its tree. */
  get key(): string {
    return `${this.folder.uri.toString()}:${this.experiment.id}`;
  }

  update(store: Store, experiment: Experiment, parent: TreeNode | undefined, qualifier: string | null): void {
    this.store = store;
    this.experiment = experiment;
    this.parent = parent;
    this.qualifier = qualifier;
    this.loaded = undefined;
  }

  /** Its runs changed: the next expansion reads them again. */
  invalidate(): void {
    this.loaded = undefined;
  }

  /** The metrics and params of its runs, in order: what "Sort Runs…" offers for it. */
  sortKeys(): { metrics: string[]; params: string[] } {
    return { metrics: this.store.runList.metricKeys(this.experiment.id), params: this.store.runList.paramKeys(this.experiment.id) };
  }

  getTreeItem(): vscode.TreeItem {
    const query = this.listing.query();
    const { all, shown } = this.store.runs.countsOfExperiment(this.experiment.id);
    this.counts = { shown, deleted: all - shown, listed: query.filter.showDeleted ? all : shown };
    const matching = isFiltered(query) ? this.store.runList.listRuns(this.experiment.id, query, { offset: 0, limit: 0, keyMetric: null }).total : this.counts.listed;
    const item = new vscode.TreeItem(this.experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `experiment:${this.key}`;
    item.iconPath = new vscode.ThemeIcon(this.experiment.deleted ? 'trash' : 'beaker');
    const importing = this.listing.importing();
    const counts = countsText(this.counts, isFiltered(query) ? matching : null, query.filter.showDeleted);
    item.description = [this.qualifier, importing ? vscode.l10n.t('{0} so far…', counts) : counts].filter(Boolean).join(' · ');
    item.tooltip = this.tooltip(query.filter.showDeleted, importing);
    const paged = matching > this.listing.shown(this);
    item.contextValue = ['experiment', this.experiment.deleted ? 'deleted' : undefined, paged ? 'paged' : undefined].filter(Boolean).join('.');
    return item;
  }

  /** Whether loading the runs may take long enough to show progress: more than a page of them (as counted when its row was drawn). */
  isLarge(): boolean {
    return this.counts.listed > RUN_PAGE_SIZE;
  }

  getChildren(): TreeNode[] {
    const { runs, total } = this.list();
    const nodes: TreeNode[] = [...runs];
    if (total > runs.length) nodes.push(new LoadMoreNode(this, runs.length, total - runs.length));
    if (nodes.length === 0 && isFiltered(this.listing.query())) nodes.push(new NoMatchNode(this.key, this));
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
    const staleAfter = this.listing.staleAfter();
    const rows = page.runs.map((listed) => new RunNode({ folder: this.folder, store: this.store, listed, parent: this, qualifier: null, staleAfter }));
    const runs = [...(loaded?.runs ?? []), ...rows];
    const params = loaded?.params ?? new Map<string, Readonly<Record<string, string>>>();
    // The runs told apart are those listed together; a new page can change what tells earlier ones apart.
    const labels = labelRuns(this.store.runList, runs.map((node) => ({ id: node.run.id, name: node.run.name })), params);
    for (const node of runs) node.qualifier = labels.get(node.run.id)!.qualifier;
    this.loaded = { query, keyMetric, runs, total: page.total, params };
    this.listing.staleAt(this, earliestStaleAt(runs, staleAfter));
    return this.loaded;
  }

  /** How the counts add up and where the deleted runs are. */
  private tooltip(showDeleted: boolean, importing: boolean): string {
    const { shown, deleted } = this.counts;
    const lines = [this.qualifier ? `${this.experiment.name} (${this.qualifier})` : this.experiment.name, runsText(shown)];
    if (deleted > 0) {
      lines.push(
        showDeleted
          ? vscode.l10n.t('{0} deleted, shown (Hide Deleted in the view\'s menu hides them)', deleted)
          : vscode.l10n.t('{0} deleted, hidden (Show Deleted in the view\'s menu lists them)', deleted),
      );
    }
    if (this.experiment.deleted) lines.push(vscode.l10n.t('The experiment itself is deleted.'));
    if (importing) lines.push(vscode.l10n.t('Runs are being imported: the counts are partial until the import ends.'));
    return lines.join('\n');
  }
}

/**
 * "79 runs · 69 deleted" (deleted ones hidden: the two add up to what the source holds), "79 runs +
 * 69 deleted" (shown), and with a filter "3 of 79 runs · 69 deleted".
 */
function countsText(counts: RunCounts, matching: number | null, showDeleted: boolean): string {
  if (matching === null && !showDeleted) return runsAndDeletedText(counts.shown, counts.deleted);
  const runs = matching === null ? runsText(counts.shown) : vscode.l10n.t('{0} of {1} runs', matching, counts.shown);
  if (counts.deleted === 0) return runs;
  return showDeleted ? vscode.l10n.t('{0} + {1} deleted', runs, counts.deleted) : vscode.l10n.t('{0} · {1} deleted', runs, counts.deleted);
}

function earliestStaleAt(runs: readonly RunNode[], staleAfter: number): number | null {
  let earliest: number | null = null;
  for (const node of runs) {
    const at = staleAt(node.run.status, node.listed.lastUpdate, staleAfter);
    if (at !== null && at > Date.now() && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}

/** Said under an experiment whose runs the filter hides, with the way back one click away. */
class NoMatchNode implements TreeNode {
  constructor(
    private readonly key: string,
    readonly parent: TreeNode,
  ) {}

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
