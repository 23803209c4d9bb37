import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

/** A leaf that tells the user something: a store that could not be opened, an empty folder. */
export class MessageNode implements TreeNode {
  constructor(
    private readonly label: string,
    private readonly icon: vscode.ThemeIcon,
    private readonly tooltip?: string,
  ) {}

  static error(message: string): MessageNode {
    return new MessageNode(message, new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')), message);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.iconPath = this.icon;
    item.tooltip = this.tooltip;
    item.contextValue = 'message';
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
