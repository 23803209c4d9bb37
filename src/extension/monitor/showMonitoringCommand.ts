import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { Feedback } from '../feedback';
import type { MonitorPanel, MonitorPanels } from '../panels/monitorPanel';
import { pick, pickFolder } from '../registry/pickers';
import { readTarget } from '../registry/targets';
import type { WorkspaceStores } from '../workspaceStores';
import type { BatchWatcher } from './batchWatcher';

export interface ShowMonitoringDeps {
  stores: WorkspaceStores;
  watcher: BatchWatcher;
  panels: MonitorPanels;
  feedback: Feedback;
}

/**
 * "Show Monitoring": the Monitoring panel of a model. From a model's row in the Models view, that
 * model; from the palette (or with no model), the user picks among the models monitor.yaml watches
 * and those with kept checks.
 */
export function registerShowMonitoringCommand(deps: ShowMonitoringDeps): vscode.Disposable {
  return vscode.commands.registerCommand('modelLedger.showMonitoring', async (arg?: unknown): Promise<MonitorPanel | undefined> => {
    try {
      const target = readTarget(arg);
      const folder = target.folder ?? (await chooseFolder(deps.stores.folders()));
      if (!folder) return undefined;
      const model = target.model ?? (await chooseModel(deps, folder));
      return model === undefined ? undefined : deps.panels.show({ folder: folder.uri.fsPath, model });
    } catch (error) {
      deps.feedback.error(error);
      return undefined;
    }
  });
}

async function chooseFolder(folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.WorkspaceFolder | undefined> {
  if (folders.length === 0) throw new UserError(vscode.l10n.t('Open a folder first: monitoring is set in its .modelledger/monitor.yaml.'));
  return folders.length === 1 ? folders[0] : pickFolder(folders, vscode.l10n.t('Show Monitoring'));
}

async function chooseModel(deps: ShowMonitoringDeps, folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const watched = deps.watcher.config(folder)?.config.models.map((m) => m.name) ?? [];
  const state = deps.stores.read(folder);
  const checked = state.kind === 'ready' ? state.store.driftChecks.models() : [];
  const models = [...new Set([...watched, ...checked])].sort();
  if (models.length === 0) {
    throw new UserError(vscode.l10n.t('No model of {0} is monitored: name its stages and where new data lands in .modelledger/monitor.yaml.', folder.name));
  }
  return pick(
    models.map((name) => ({
      label: name,
      description: watched.includes(name) ? vscode.l10n.t('watched') : vscode.l10n.t('checks kept, not watched'),
      iconPath: new vscode.ThemeIcon('pulse'),
      value: name,
    })),
    { title: vscode.l10n.t('Show Monitoring'), placeHolder: vscode.l10n.t('Model') },
  );
}
