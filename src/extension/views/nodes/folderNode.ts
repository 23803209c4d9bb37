import * as vscode from 'vscode';
import type { TreeNode } from '../treeNode';

/** Groups a tree by workspace folder when the workspace has more than one. */
export class FolderNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly children: () => TreeNode[],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.folder.name, vscode.TreeItemCollapsibleState.Expanded);
    item.id = `folder:${this.folder.uri.toString()}`;
    item.iconPath = vscode.ThemeIcon.Folder;
    item.resourceUri = this.folder.uri;
    item.contextValue = 'folder';
    return item;
  }

  getChildren(): TreeNode[] {
    return this.children();
  }
}
