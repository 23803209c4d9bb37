import type * as vscode from 'vscode';
import type { Store } from '../../store/store';
import type { WorkspaceStores } from '../workspaceStores';
import { ModelNode } from './nodes/modelNode';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';

/** Registered models, then their versions with stages; a folder's notice (registry off) first. */
export class ModelsTreeProvider extends StoreTreeProvider {
  constructor(
    stores: WorkspaceStores,
    private readonly noticeOf: (folder: vscode.WorkspaceFolder) => TreeNode | undefined = () => undefined,
  ) {
    super(stores);
  }

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    const models = store.models.list().map((model) => new ModelNode(folder, store, model));
    const notice = models.length > 0 ? this.noticeOf(folder) : undefined;
    return notice ? [notice, ...models] : models;
  }
}
