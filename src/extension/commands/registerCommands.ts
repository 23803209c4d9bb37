import * as vscode from 'vscode';
import { parseRunPanelState } from '../../protocol/run';
import type { RunPanels } from '../panels/runPanel';
import type { LoadMoreNode } from '../views/nodes/loadMoreNode';
import { RunNode } from '../views/nodes/runNode';
import type { StoreTreeProvider } from '../views/storeTreeProvider';
import type { WorkspaceStores } from '../workspaceStores';

export interface CommandDeps {
  stores: WorkspaceStores;
  trees: StoreTreeProvider[];
  runPanels: RunPanels;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('modelLedger.refresh', () => deps.trees.forEach((t) => t.refresh())),
    vscode.commands.registerCommand('modelLedger.loadMore', (node: LoadMoreNode) => node.run()),
    vscode.commands.registerCommand('modelLedger.showRun', (arg: unknown) => showRun(deps, arg)),
    vscode.commands.registerCommand('modelLedger.showStoreStatus', () => showStoreStatus(deps.stores)),
  ];
}

/** Accepts a run row (context menu) or `{ folder, runId }` (a row's click, tests, other commands). */
function showRun(deps: CommandDeps, arg: unknown) {
  const target = arg instanceof RunNode ? { folder: arg.folder.uri.fsPath, runId: arg.run.id } : parseRunPanelState(arg);
  if (!target) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose a run in the Experiments view to show its details.'));
    return undefined;
  }
  return deps.runPanels.show(target, arg instanceof RunNode ? arg.run.name : vscode.l10n.t('Run'));
}

async function showStoreStatus(stores: WorkspaceStores): Promise<void> {
  const lines = stores.folders().map((folder) => {
    const state = stores.read(folder);
    switch (state.kind) {
      case 'missing':
        return vscode.l10n.t('{0}: no store yet', folder.name);
      case 'error':
        return `${folder.name}: ${state.message}`;
      case 'ready': {
        const c = state.store.counts();
        return vscode.l10n.t(
          '{0}: schema {1}, {2} experiments, {3} runs, {4} metric points, {5} models, {6} versions',
          folder.name, state.store.schemaVersion, c.experiments, c.runs, c.metricPoints, c.models, c.modelVersions,
        );
      }
    }
  });
  if (lines.length === 0) lines.push(vscode.l10n.t('Open a folder to use Model Ledger.'));
  await vscode.window.showInformationMessage(lines.join('\n'), { modal: false });
}
