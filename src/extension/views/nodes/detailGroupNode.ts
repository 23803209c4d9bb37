import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

export interface DetailGroup {
  /** Unique in the tree: VS Code keeps expansion and selection by it. */
  id: string;
  label: string;
  icon: string;
  description?: string;
  contextValue: string;
  /** Built when the group is expanded, not when its run's row is drawn. */
  children: () => TreeNode[];
}

/** A titled, collapsed list of facts under a run: its params, metrics, tags, artifacts… */
export class DetailGroupNode implements TreeNode {
  constructor(private readonly group: DetailGroup) {}

  getTreeItem(): vscode.TreeItem {
    const { group } = this;
    const item = new vscode.TreeItem(group.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = group.id;
    item.iconPath = new vscode.ThemeIcon(group.icon);
    item.description = group.description;
    item.contextValue = group.contextValue;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.group.children();
  }
}
