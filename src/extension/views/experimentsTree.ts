import * as vscode from 'vscode';
import type { RunQuery } from '../../core/runQuery';
import type { Store } from '../../store/store';
import type { WorkspaceStores } from '../workspaceStores';
import { ExperimentNode, RUN_PAGE_SIZE } from './nodes/experimentNode';
import type { RunQueryState } from './runQueryState';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';

export const EXPERIMENTS_VIEW_ID = 'modelLedger.experiments';

/**
 * Experiments, then their runs sorted and filtered by the view's query, a page at a time, then
 * each run's details. When a store changes, only the experiments whose runs changed are redrawn
 * (by their change stamps); the whole tree only when experiments come or go.
 */
export class ExperimentsTreeProvider extends StoreTreeProvider {
  /** One node per experiment, by key, so change events name the instances VS Code holds. */
  private readonly nodes = new Map<string, ExperimentNode>();
  /** Runs shown per experiment key, kept across refreshes; reset when the query changes. */
  private readonly shown = new Map<string, number>();
  /** Each folder's experiments (by folder URI) as last drawn: their names and flags, and their runs' stamps. */
  private readonly drawn = new Map<string, { experiments: string; stamps: Map<string, string> }>();

  constructor(
    stores: WorkspaceStores,
    readonly query: RunQueryState,
  ) {
    super(stores);
    this.register(
      query.onDidChange(() => {
        this.shown.clear();
        this.refresh();
      }),
    );
  }

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    const folderKey = folder.uri.toString();
    this.drawn.set(folderKey, { experiments: experimentsOf(store), stamps: store.runList.experimentStamps() });
    const listing = {
      query: (): RunQuery => this.query.current,
      shown: (node: ExperimentNode) => this.shown.get(node.key) ?? RUN_PAGE_SIZE,
      grow: (node: ExperimentNode) => {
        this.shown.set(node.key, (this.shown.get(node.key) ?? RUN_PAGE_SIZE) + RUN_PAGE_SIZE);
        this.refreshNodes([node]);
      },
    };
    const experiments = store.experiments.list({ includeDeleted: this.query.current.filter.showDeleted });
    const current = new Set(experiments.map((experiment) => `${folderKey}:${experiment.id}`));
    for (const [key, node] of this.nodes) if (node.folder.uri.toString() === folderKey && !current.has(key)) this.nodes.delete(key);
    return experiments.map((experiment) => {
      const key = `${folderKey}:${experiment.id}`;
      const node = this.nodes.get(key);
      const parent = this.folderNode(folder);
      if (node) {
        node.update(store, experiment, parent);
        return node;
      }
      const created = new ExperimentNode(folder, store, experiment, listing, parent);
      this.nodes.set(key, created);
      return created;
    });
  }

  /** A large experiment's first page shows progress in the view while it loads. */
  override getChildren(node?: TreeNode): TreeNode[] | Thenable<TreeNode[]> {
    if (!(node instanceof ExperimentNode) || !node.isLarge()) return super.getChildren(node);
    return vscode.window.withProgress({ location: { viewId: EXPERIMENTS_VIEW_ID } }, async () => {
      await new Promise((resolve) => setImmediate(resolve)); // let the progress bar reach the window first
      return node.getChildren();
    });
  }

  protected override storesChanged(): void {
    this.refreshChanged();
  }

  /**
   * Compares each folder's experiments and their stamps with those last drawn: redraws the
   * experiments whose runs changed, or the whole tree when experiments were added, removed,
   * renamed or deleted (or a store came or went).
   */
  refreshChanged(): void {
    const changed: TreeNode[] = [];
    for (const folder of this.stores.folders()) {
      const folderKey = folder.uri.toString();
      const before = this.drawn.get(folderKey);
      const state = this.stores.read(folder);
      if (state.kind !== 'ready' || !before) {
        if (before || state.kind === 'ready') return this.refresh();
        continue;
      }
      const after = { experiments: experimentsOf(state.store), stamps: state.store.runList.experimentStamps() };
      if (after.experiments !== before.experiments) return this.refresh();
      for (const [id, stamp] of after.stamps) {
        const node = this.nodes.get(`${folderKey}:${id}`);
        if (stamp !== before.stamps.get(id) && node) {
          node.invalidate();
          changed.push(node);
        }
      }
      this.drawn.set(folderKey, after);
    }
    this.refreshNodes(changed);
  }

  override refresh(): void {
    this.drawn.clear();
    super.refresh();
  }
}

/** Every experiment's id, name and deleted flag: what the tree's top level shows. */
function experimentsOf(store: Store): string {
  return store.experiments
    .list({ includeDeleted: true })
    .map((e) => `${e.id}\u0000${e.name}\u0000${e.deleted}`)
    .join('\u0001');
}
