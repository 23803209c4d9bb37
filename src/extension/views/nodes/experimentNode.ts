import * as vscode from 'vscode';
import type { Experiment } from '../../../core/types';
import type { Store } from '../../../store/store';
import type { TreeNode } from '../treeNode';
import { LoadMoreNode } from './loadMoreNode';
import { RunNode } from './runNode';

export const RUN_PAGE_SIZE = 200;

export class ExperimentNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly experiment: Experiment,
    /** How many runs to show: grows by a page each time "Load more…" is chosen. */
    private readonly shown: { get(): number; grow(): void },
  ) {}

  getTreeItem(): vscode.TreeItem {
    const count = this.store.runs.countByExperiment(this.experiment.id);
    const item = new vscode.TreeItem(this.experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `experiment:${this.folder.uri.toString()}:${this.experiment.id}`;
    item.iconPath = new vscode.ThemeIcon('beaker');
    item.description = count === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', count);
    item.contextValue = 'experiment';
    return item;
  }

  getChildren(): TreeNode[] {
    const limit = this.shown.get();
    const runs = this.store.runs.listByExperiment(this.experiment.id, { limit });
    const nodes: TreeNode[] = runs.map((run) => new RunNode(this.folder, this.store, run));
    const total = runs.length < limit ? runs.length : this.store.runs.countByExperiment(this.experiment.id);
    if (total > runs.length) nodes.push(new LoadMoreNode(this.experiment.id, total - runs.length, () => this.shown.grow()));
    return nodes;
  }
}
