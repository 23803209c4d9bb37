import * as vscode from 'vscode';
import { describeRunQuery } from '../../core/runQuery';
import { Disposable } from '../disposable';
import { EXPERIMENTS_VIEW_ID, type ExperimentsTreeProvider } from './experimentsTree';
import { runQueryWords } from './runQueryWords';
import type { TreeNode } from './treeNode';

/** The Experiments view: its tree (several runs can be selected), with the active sort and filter in its title. */
export class ExperimentsView extends Disposable {
  readonly treeView: vscode.TreeView<TreeNode>;

  constructor(readonly provider: ExperimentsTreeProvider) {
    super();
    this.treeView = this.register(vscode.window.createTreeView(EXPERIMENTS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true }));
    this.describe();
    this.register(provider.query.onDidChange(() => this.describe()));
  }

  private describe(): void {
    this.treeView.description = describeRunQuery(this.provider.query.current, runQueryWords()) || undefined;
  }
}
