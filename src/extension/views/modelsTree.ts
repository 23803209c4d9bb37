import type * as vscode from 'vscode';
import type { Store } from '../../store/store';
import type { WorkspaceStores } from '../workspaceStores';
import type { ImportProgress } from './importProgress';
import { ModelNode } from './nodes/modelNode';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';

export const MODELS_VIEW_ID = 'modelLedger.models';

/** Registered models, then their versions with stages; a folder's notice (registry off) first. */
export class ModelsTreeProvider extends StoreTreeProvider {
  constructor(
    stores: WorkspaceStores,
    imports: ImportProgress,
    private readonly noticeOf: (folder: vscode.WorkspaceFolder) => TreeNode | undefined = () => undefined,
  ) {
    super(stores, imports);
  }

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    const models = store.models.list().map((model) => new ModelNode(folder, store, model));
    const notice = models.length > 0 ? this.noticeOf(folder) : undefined;
    return notice ? [notice, ...models] : models;
  }
}
