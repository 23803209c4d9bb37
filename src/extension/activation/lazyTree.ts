import * as vscode from 'vscode';

/**
 * The tree of a view created before the features are loaded (extension.ts): it asks `load` for
 * the real provider the first time VS Code asks for rows, which is when the view is first shown,
 * and passes everything on to it from then on, its change events included.
 */
export class LazyTree implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<unknown>();
  readonly onDidChangeTreeData = this.changed.event;
  private target: vscode.TreeDataProvider<unknown> | undefined;
  private listening: vscode.Disposable | undefined;

  /** `load` loads the features (once) and returns this view's provider. */
  constructor(private readonly load: () => vscode.TreeDataProvider<unknown>) {}

  /** The features are loaded (from any first need): the view redraws from the real provider. */
  attach(target: vscode.TreeDataProvider<unknown>): void {
    if (this.target) return;
    this.target = target;
    this.listening = target.onDidChangeTreeData?.((changed) => this.changed.fire(changed));
  }

  private real(): vscode.TreeDataProvider<unknown> {
    if (!this.target) this.attach(this.load());
    return this.target!;
  }

  getChildren(element?: unknown): vscode.ProviderResult<unknown[]> {
    return this.real().getChildren(element);
  }

  getTreeItem(element: unknown): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(element);
  }

  getParent(element: unknown): vscode.ProviderResult<unknown> {
    return this.real().getParent?.(element);
  }

  resolveTreeItem(item: vscode.TreeItem, element: unknown, token: vscode.CancellationToken): vscode.ProviderResult<vscode.TreeItem> {
    const real = this.real();
    return real.resolveTreeItem ? real.resolveTreeItem(item, element, token) : item;
  }

  dispose(): void {
    this.listening?.dispose();
    this.changed.dispose();
  }
}
