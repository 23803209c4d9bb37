import * as vscode from 'vscode';
import type { RunQuery } from '../../core/runQuery';
import type { Experiment } from '../../core/types';
import type { Store } from '../../store/store';
import { STALE_RUN_HOURS, staleRunMs } from '../staleRuns';
import type { WorkspaceStores } from '../workspaceStores';
import type { ImportProgress } from './importProgress';
import { ExperimentNode, RUN_PAGE_SIZE } from './nodes/experimentNode';
import { HiddenExperimentsNode } from './nodes/hiddenExperimentsNode';
import type { RunQueryState } from './runQueryState';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';
import { EXPERIMENTS_VIEW_ID } from '../viewIds';

/** MLflow makes this experiment in every store; left empty, it is noise. */
const DEFAULT_EXPERIMENT = 'Default';
/** setTimeout's limit: a later time is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

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
  /** Each folder's experiments (by folder URI) as last drawn: which show, and their runs' stamps. */
  private readonly drawn = new Map<string, { experiments: string; stamps: Map<string, string> }>();
  /** Per experiment key, the timer that redraws it when a listed running run turns stale. */
  private readonly staleTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    stores: WorkspaceStores,
    imports: ImportProgress,
    readonly query: RunQueryState,
  ) {
    super(stores, imports);
    this.register(
      query.onDidChange(() => {
        this.shown.clear();
        this.refresh();
      }),
    );
    this.register(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(STALE_RUN_HOURS) && this.refresh()));
    this.register({ dispose: () => this.staleTimers.forEach((timer) => clearTimeout(timer)) });
  }

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    const folderKey = folder.uri.toString();
    this.drawn.set(folderKey, { experiments: experimentsOf(store), stamps: store.runList.experimentStamps() });
    const listing = {
      query: (): RunQuery => this.query.current,
      shown: (node: ExperimentNode) => this.shown.get(node.key) ?? RUN_PAGE_SIZE,
      staleAfter: staleRunMs,
      staleAt: (node: ExperimentNode, at: number | null) => this.redrawAt(node, at),
      importing: () => this.importing(folder),
    };
    const showDeleted = this.query.current.filter.showDeleted;
    const experiments = shownExperiments(store, showDeleted);
    const current = new Set(experiments.map((experiment) => `${folderKey}:${experiment.id}`));
    for (const [key, node] of this.nodes) if (node.folder.uri.toString() === folderKey && !current.has(key)) this.nodes.delete(key);
    const qualifiers = experimentQualifiers(experiments);
    const parent = this.folderNode(folder);
    const nodes: TreeNode[] = experiments.map((experiment) => {
      const key = `${folderKey}:${experiment.id}`;
      const qualifier = qualifiers.get(experiment.id) ?? null;
      const node = this.nodes.get(key);
      if (node) {
        node.update(store, experiment, parent, qualifier);
        return node;
      }
      const created = new ExperimentNode(folder, store, experiment, listing, parent, qualifier);
      this.nodes.set(key, created);
      return created;
    });
    const hidden = showDeleted ? 0 : store.experiments.list({ includeDeleted: true }).filter((e) => e.deleted).length;
    if (hidden > 0) nodes.push(new HiddenExperimentsNode(folderKey, hidden, parent));
    return nodes;
  }

  /** The experiment of this key, as the tree shows it. */
  experimentNode(key: string): ExperimentNode | undefined {
    return this.nodes.get(key);
  }

  /** Every experiment the tree shows. */
  experimentNodes(): ExperimentNode[] {
    return [...this.nodes.values()];
  }

  /** "Load more…": one more page of the experiment's runs. */
  grow(node: ExperimentNode): void {
    this.shown.set(node.key, (this.shown.get(node.key) ?? RUN_PAGE_SIZE) + RUN_PAGE_SIZE);
    this.refreshNodes([node]);
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
   * renamed, deleted, or came or went from view (or a store came or went).
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

  /** Redraws the experiment when its first listed running run turns stale, nothing new having come in. */
  private redrawAt(node: ExperimentNode, at: number | null): void {
    clearTimeout(this.staleTimers.get(node.key));
    this.staleTimers.delete(node.key);
    if (at === null) return;
    const wait = at - Date.now() + 1000;
    const timer = setTimeout(() => {
      this.staleTimers.delete(node.key);
      if (wait > MAX_TIMER_MS) return this.redrawAt(node, at);
      node.invalidate();
      this.refreshNodes([node]);
    }, Math.min(wait, MAX_TIMER_MS));
    this.staleTimers.set(node.key, timer);
  }
}

/** The experiments the view lists: deleted ones only when shown, and MLflow's "Default" only when it holds runs. */
function shownExperiments(store: Store, showDeleted: boolean): Experiment[] {
  return store.experiments.list({ includeDeleted: showDeleted }).filter((e) => !isEmptyDefault(store, e));
}

function isEmptyDefault(store: Store, experiment: Experiment): boolean {
  return experiment.name === DEFAULT_EXPERIMENT && store.runs.countByExperiment(experiment.id, true) === 0;
}

/**
 * What tells same-named experiments apart (several MLflow stores each have a "Default"): the path
 * of the source they came from, and their id in it when that path is shared too.
 */
function experimentQualifiers(experiments: readonly Experiment[]): Map<string, string> {
  const counts = new Map<string, number>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const e of experiments) {
    count(e.name);
    count(`${e.name}\u0000${e.origin.path}`);
  }
  const qualifiers = new Map<string, string>();
  for (const e of experiments) {
    if (counts.get(e.name)! < 2) continue;
    const pathShared = counts.get(`${e.name}\u0000${e.origin.path}`)! > 1 || e.origin.path === null;
    qualifiers.set(e.id, pathShared ? [e.origin.path, `#${e.origin.id ?? e.id}`].filter(Boolean).join(' ') : e.origin.path!);
  }
  return qualifiers;
}

/** Every experiment's id, name and deleted flag, and whether an empty "Default" hides: what the tree's top level shows. */
function experimentsOf(store: Store): string {
  return store.experiments
    .list({ includeDeleted: true })
    .map((e) => `${e.id}\u0000${e.name}\u0000${e.deleted}\u0000${isEmptyDefault(store, e)}`)
    .join('\u0001');
}
