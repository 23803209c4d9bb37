import * as vscode from 'vscode';
import { isRecord } from '../../common/records';
import { parseRunPanelTarget, type RunPanelTarget } from '../../protocol/run';
import type { RunPanel, RunPanels, ShowRunOptions } from '../panels/runPanel';
import { RunNode } from '../views/nodes/runNode';
import type { StoreTreeProvider } from '../views/storeTreeProvider';
import type { WorkspaceStores } from '../workspaceStores';

/** A row's command run twice this close together is a double-click: VS Code runs it once per click, and again on the double-click. */
const DOUBLE_CLICK_MS = 500;

export interface CommandDeps {
  stores: WorkspaceStores;
  trees: StoreTreeProvider[];
  runPanels: RunPanels;
}

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const rowClicks = new RowClicks();
  return [
    vscode.commands.registerCommand('modelLedger.refresh', () => deps.trees.forEach((t) => t.refresh())),
    vscode.commands.registerCommand('modelLedger.showRun', (arg: unknown) => showRun(deps, rowClicks, arg)),
    vscode.commands.registerCommand('modelLedger.keepRunDetailsOpen', () => {
      const preview = deps.runPanels.preview;
      if (preview) deps.runPanels.keep(preview);
      return preview;
    }),
    vscode.commands.registerCommand('modelLedger.showStoreStatus', () => showStoreStatus(deps.stores)),
  ];
}

/**
 * "Show Run Details". From a row's menu or inline button (a run row): a tab kept open, focused. From
 * a row's click (`{ folder, runId, fromRow: true }`, views/showRunCommand.ts): the preview tab, the
 * focus left in the tree; a double-click keeps it and focuses it. From other commands and tests:
 * `{ folder, runId, preview?, preserveFocus? }`, the preview by default, focused.
 */
function showRun(deps: CommandDeps, rowClicks: RowClicks, arg: unknown): RunPanel | undefined {
  const target = arg instanceof RunNode ? { folder: arg.folder.uri.fsPath, runId: arg.run.id } : parseRunPanelTarget(arg);
  if (!target) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Choose a run in the Experiments view to show its details.'));
    return undefined;
  }
  return deps.runPanels.show(target, showOptions(arg, target, rowClicks));
}

function showOptions(arg: unknown, target: RunPanelTarget, rowClicks: RowClicks): ShowRunOptions {
  if (arg instanceof RunNode || !isRecord(arg)) return { preview: false, preserveFocus: false };
  if (arg.fromRow === true) return rowClicks.isDoubleClick(target) ? { preview: false, preserveFocus: false } : { preview: true, preserveFocus: true };
  return { preview: arg.preview !== false, preserveFocus: arg.preserveFocus === true };
}

/** The last row click, to tell a double-click from two clicks. */
class RowClicks {
  private last: { key: string; at: number } | undefined;

  isDoubleClick(target: RunPanelTarget): boolean {
    const key = `${target.folder}\u0000${target.runId}`;
    const now = Date.now();
    const double = this.last?.key === key && now - this.last.at <= DOUBLE_CLICK_MS;
    // A third click starts over, as a triple-click is not two double-clicks.
    this.last = double ? undefined : { key, at: now };
    return double;
  }
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
