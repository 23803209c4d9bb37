import * as vscode from 'vscode';
import type { Store } from '../../store/store';
import { Disposable } from '../disposable';
import type { WorkspaceStores } from '../workspaceStores';
import type { ImportProgress } from './importProgress';
import { FolderNode } from './nodes/folderNode';
import { ImportingNode } from './nodes/importingNode';
import { MessageNode } from './nodes/messageNode';
import type { TreeNode } from './treeNode';

/**
 * A tree over every workspace folder's store: the folder's own nodes at the top when there is one
 * folder, grouped under folder nodes when there are more. An empty tree shows the view's welcome.
 */
export abstract class StoreTreeProvider extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>());
  /** One row per folder when there are several, kept so that a node's parent is the row VS Code shows. */
  private readonly folderNodes = new Map<string, FolderNode>();
  /** The "Importing runs…" row of each folder being imported, kept so its progress redraws it alone. */
  private readonly importRows = new Map<string, ImportingNode>();
  /** Fires undefined when the whole tree may have changed, or the nodes whose branches did. */
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    protected readonly stores: WorkspaceStores,
    private readonly imports: ImportProgress,
  ) {
    super();
    this.register(stores.onDidChange(() => this.storesChanged()));
    this.register(imports.onDidChange((folder) => this.importChanged(folder)));
  }

  /** An import moved on: only its row is redrawn; one that starts or ends adds or takes away the row. */
  private importChanged(folder: vscode.WorkspaceFolder): void {
    const row = this.importRows.get(folder.uri.toString());
    const running = this.imports.of(folder);
    if (row && running) {
      row.update(running, this.folderNode(folder));
      this.refreshNodes([row]);
    } else {
      this.refresh();
    }
  }

  /** Whether the folder's counts are partial: an import is adding to them. */
  protected importing(folder: vscode.WorkspaceFolder): boolean {
    return this.imports.of(folder) !== undefined;
  }

  /** A store was written (debounced): by default everything is read again. */
  protected storesChanged(): void {
    this.refresh();
  }

  /** Redraws these nodes and, when expanded, their children. */
  protected refreshNodes(nodes: TreeNode[]): void {
    if (nodes.length > 0) this.changed.fire(nodes);
  }

  /** The top-level nodes of one folder's store. */
  protected abstract rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[];

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  getChildren(node?: TreeNode): TreeNode[] | Thenable<TreeNode[]> {
    if (node) return node.getChildren();
    const folders = this.stores.folders();
    if (folders.length === 1) return this.folderChildren(folders[0]!);
    return folders.filter((f) => this.folderChildren(f).length > 0).map((f) => this.folderNode(f)!);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  /** The folder's row, when the tree groups by folder (more than one). */
  protected folderNode(folder: vscode.WorkspaceFolder): FolderNode | undefined {
    if (this.stores.folders().length < 2) return undefined;
    const key = folder.uri.toString();
    let node = this.folderNodes.get(key);
    if (!node) {
      node = new FolderNode(folder, () => this.folderChildren(folder));
      this.folderNodes.set(key, node);
    }
    return node;
  }

  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    return node.resolve ? node.resolve(item) : item;
  }

  /** A folder's rows, led while it is being imported by a row that says so (never the empty view's welcome). */
  protected folderChildren(folder: vscode.WorkspaceFolder): TreeNode[] {
    const key = folder.uri.toString();
    const running = this.imports.of(folder);
    if (!running) {
      this.importRows.delete(key);
      return this.storeRows(folder);
    }
    let row = this.importRows.get(key);
    if (row) row.update(running, this.folderNode(folder));
    else this.importRows.set(key, (row = new ImportingNode(key, running, this.folderNode(folder))));
    return [row, ...this.storeRows(folder)];
  }

  private storeRows(folder: vscode.WorkspaceFolder): TreeNode[] {
    const state = this.stores.read(folder);
    switch (state.kind) {
      case 'missing':
        return [];
      case 'error':
        return [MessageNode.error(state.message)];
      case 'ready':
        return this.rootsOf(folder, state.store);
    }
  }
}
