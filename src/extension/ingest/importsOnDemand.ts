import * as vscode from 'vscode';
import { hasSourceHints } from '../../ingest/sourceHints';
import type { WorkspaceStores } from '../workspaceStores';
import type { SourceImports } from './sourceImports';

/** The workspace's folders as the features must see them when they load after activation (extension.ts). */
export interface BeforeStart {
  /** The folders the workspace was opened with (their URIs): only these are imported as opened ones. */
  openedWith: readonly string[];
  /** Folders whose addition was announced before the features loaded: imported as added ones. (One still to be announced is heard by the features themselves.) */
  addedFolders: readonly vscode.WorkspaceFolder[];
}

/**
 * Starts the imports of a workspace opened with Model Ledger installed, without making every
 * workspace pay for it: at once where a folder shows run sources at a glance (the cheap check of
 * `hasSourceHints`), otherwise when a Model Ledger view is first shown, which runs the full
 * discovery. Settles when those imports are done.
 */
export function importsOnDemand(imports: SourceImports, stores: WorkspaceStores, views: readonly vscode.TreeView<unknown>[], before: BeforeStart): Promise<void> {
  // The features load after activation (extension.ts): folders added since are imported as added
  // ones (SourceImports.foldersAdded, with their own settings), never as opened with the workspace.
  const openedWith = new Set(before.openedWith);
  const opened = () => stores.folders().filter((folder) => openedWith.has(folder.uri.toString()));
  const start = () => imports.onWorkspaceOpened(opened());
  if (opened().some((folder) => hasSourceHints(folder.uri.fsPath)) || views.some((view) => view.visible)) {
    const started = start();
    imports.foldersAdded(before.addedFolders);
    return started;
  }
  // Those with sources at a glance now, the others with the first look (SourceImports keeps them).
  imports.foldersAdded(before.addedFolders);
  return new Promise((resolve, reject) => {
    const listeners = views.map((view) =>
      view.onDidChangeVisibility(({ visible }) => {
        if (!visible) return;
        for (const listener of listeners) listener.dispose();
        start().then(resolve, reject);
      }),
    );
  });
}
