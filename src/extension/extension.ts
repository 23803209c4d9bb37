import * as vscode from 'vscode';
import { parseRunPanelState } from '../protocol/run';
import { registerCommands } from './commands/registerCommands';
import { RUN_PANEL_VIEW_TYPE, RunPanels } from './panels/runPanel';
import { ExperimentsTreeProvider } from './views/experimentsTree';
import { ModelsTreeProvider } from './views/modelsTree';
import { WorkspaceStores } from './workspaceStores';

/** What activate() returns: the extension-host tests drive the extension through it. */
export interface ModelLedgerApi {
  stores: WorkspaceStores;
  experiments: ExperimentsTreeProvider;
  models: ModelsTreeProvider;
  runPanels: RunPanels;
}

/**
 * Activated when a Model Ledger view is shown, a command runs or a panel is restored. Nothing here
 * touches the disk: stores open when a view first asks for its children.
 */
export function activate(context: vscode.ExtensionContext): ModelLedgerApi {
  const stores = new WorkspaceStores();
  const experiments = new ExperimentsTreeProvider(stores);
  const models = new ModelsTreeProvider(stores);
  const runPanels = new RunPanels(context.extensionUri, stores);
  context.subscriptions.push(
    stores,
    experiments,
    models,
    runPanels,
    vscode.window.createTreeView('modelLedger.experiments', { treeDataProvider: experiments, showCollapseAll: true, canSelectMany: true }),
    vscode.window.createTreeView('modelLedger.models', { treeDataProvider: models, showCollapseAll: true }),
    vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        const target = parseRunPanelState(state);
        if (target) runPanels.restore(panel, target);
        else panel.dispose();
      },
    }),
    ...registerCommands({ stores, trees: [experiments, models], runPanels }),
  );
  return { stores, experiments, models, runPanels };
}

export function deactivate(): void {}
