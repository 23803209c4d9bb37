import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

export interface DetailRow {
  /** Unique in the tree: VS Code keeps expansion and selection by it. */
  id: string;
  label: string;
  description?: string;
  icon: string;
  tooltip?: string | vscode.MarkdownString;
  contextValue: string;
  command?: vscode.Command;
}

/** A leaf that shows one fact: a metric of a version, one event of a stage's history. */
export class DetailNode implements TreeNode {
  constructor(private readonly row: DetailRow) {}

  getTreeItem(): vscode.TreeItem {
    const { row } = this;
    const item = new vscode.TreeItem(row.label, vscode.TreeItemCollapsibleState.None);
    item.id = row.id;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.contextValue = row.contextValue;
    item.command = row.command;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
