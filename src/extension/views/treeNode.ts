import type * as vscode from 'vscode';

/** A node of one of Model Ledger's trees; each kind of node is a class of its own. */
export interface TreeNode {
  getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[];
  /** The row above, where a tree reveals its nodes (a run's experiment); none for a top-level row. */
  readonly parent?: TreeNode;
  /** Fills the costly parts of an item (its tooltip) only when the user hovers it. */
  resolve?(item: vscode.TreeItem): vscode.TreeItem;
}
