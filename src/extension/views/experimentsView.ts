import * as vscode from 'vscode';
import { describeRunQuery } from '../../core/runQuery';
import { setContextKey } from '../contextKeys';
import { Disposable } from '../disposable';
import { RunNode } from './nodes/runNode';
import { EXPERIMENTS_VIEW_ID, type ExperimentsTreeProvider } from './experimentsTree';
import { runQueryWords } from './runQueryWords';
import type { TreeNode } from './treeNode';

/** The Experiments view: its tree (several runs can be selected), with the active sort and filter in its title. */
export class ExperimentsView extends Disposable {
  readonly treeView: vscode.TreeView<TreeNode>;
  /** The selection is one or more runs (and nothing else): what `modelLedger.runsSelected` says. */
  runsSelected = false;

  constructor(readonly provider: ExperimentsTreeProvider) {
    super();
    this.treeView = this.register(vscode.window.createTreeView(EXPERIMENTS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true }));
    this.describe();
    this.register(provider.query.onDidChange(() => this.describe()));
    this.register(
      this.treeView.onDidChangeSelection(({ selection }) => {
        this.runsSelected = selection.length > 0 && selection.every((node) => node instanceof RunNode);
        void setContextKey('modelLedger.runsSelected', this.runsSelected);
      }),
    );
  }

  private describe(): void {
    this.treeView.description = describeRunQuery(this.provider.query.current, runQueryWords()) || undefined;
  }
}
