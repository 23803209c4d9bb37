import type * as vscode from 'vscode';
import type { Store } from '../../store/store';
import type { HealthSource } from '../health/healthSource';
import type { PendingReviewSource } from '../registry/pendingReviews';
import type { WorkspaceStores } from '../workspaceStores';
import type { ImportProgress } from './importProgress';
import { ModelNode } from './nodes/modelNode';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';

/** Registered models, then their versions with stages; a folder's notice (registry off) first. */
export class ModelsTreeProvider extends StoreTreeProvider {
  private health: HealthSource | undefined;
  private reviews: PendingReviewSource | undefined;

  constructor(
    stores: WorkspaceStores,
    imports: ImportProgress,
    private readonly noticeOf: (folder: vscode.WorkspaceFolder) => TreeNode | undefined = () => undefined,
  ) {
    super(stores, imports);
  }

  /** Versions show their health from now on (see health/healthFeature.ts). */
  useHealth(source: HealthSource): void {
    this.health = source;
    this.refresh();
  }

  /** Versions show their pending review requests from now on (see registry/pendingReviews.ts). */
  usePendingReviews(source: PendingReviewSource): void {
    this.reviews = source;
    this.refresh();
  }

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    const models = store.models.list().map((model) => new ModelNode(folder, store, model, this.health, this.reviews));
    const notice = models.length > 0 ? this.noticeOf(folder) : undefined;
    return notice ? [notice, ...models] : models;
  }
}
