import type * as vscode from 'vscode';
import type { Store } from '../../store/store';
import { ExperimentNode, RUN_PAGE_SIZE } from './nodes/experimentNode';
import { StoreTreeProvider } from './storeTreeProvider';
import type { TreeNode } from './treeNode';

/** Experiments, then their runs, newest first, a page at a time. */
export class ExperimentsTreeProvider extends StoreTreeProvider {
  /** Runs shown per experiment (by folder and experiment id), kept across refreshes. */
  private readonly shown = new Map<string, number>();

  protected rootsOf(folder: vscode.WorkspaceFolder, store: Store): TreeNode[] {
    return store.experiments.list().map((experiment) => {
      const key = `${folder.uri.toString()}\u0000${experiment.id}`;
      return new ExperimentNode(folder, store, experiment, {
        get: () => this.shown.get(key) ?? RUN_PAGE_SIZE,
        grow: () => {
          this.shown.set(key, (this.shown.get(key) ?? RUN_PAGE_SIZE) + RUN_PAGE_SIZE);
          this.refresh();
        },
      });
    });
  }
}
