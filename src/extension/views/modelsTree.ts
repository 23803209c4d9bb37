import type * as vscode from 'vscode';
import type { Store } from '../../store/store';
import { ModelNode } from './nodes/modelNode';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';

/** Registered models, then their versions with stages. */
export class ModelsTreeProvider extends StoreTreeProvider {
  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    return store.models.list().map((model) => new ModelNode(folder, store, model));
  }
}
