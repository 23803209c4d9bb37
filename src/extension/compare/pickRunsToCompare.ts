import * as vscode from 'vscode';
import type { Run } from '../../core/types';
import { LIMITS } from '../../protocol/compare';
import { labelRuns } from '../../store/runListingLabels';
import type { Store } from '../../store/store';
import { runStatusLabel } from '../views/runQueryWords';
import type { WorkspaceStores } from '../workspaceStores';

type RunItem = vscode.QuickPickItem & { runId: string };

/**
 * The runs to compare, picked from a folder's store (the folder picked first in a multi-root
 * workspace): the most recent first, with their experiment and status; `preselected` are ticked.
 */
export async function pickRunsToCompare(stores: WorkspaceStores, preselected: readonly string[]): Promise<{ folder: vscode.WorkspaceFolder; runIds: string[] } | undefined> {
  const title = vscode.l10n.t('Compare Runs');
  const withStores = stores.folders().filter((f) => stores.read(f).kind === 'ready');
  if (withStores.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No runs in this workspace yet: there is nothing to compare.'));
    return undefined;
  }
  const folder =
    withStores.length === 1
      ? withStores[0]
      : await vscode.window.showQuickPick(withStores.map((f) => ({ label: f.name, description: f.uri.fsPath, folder: f })), { title, placeHolder: vscode.l10n.t('Compare runs of which folder?') }).then((c) => c?.folder);
  const state = folder && stores.read(folder);
  if (!folder || state?.kind !== 'ready') return undefined;
  const runs = recentRuns(state.store, LIMITS.runs);
  if (runs.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no runs to compare yet.', folder.name));
    return undefined;
  }
  const experiments = new Map(state.store.experiments.list().map((e) => [e.id, e.name]));
  const ticked = new Set(preselected);
  // Runs that share a name (a notebook's runs often do) are told apart by what differs: the qualifier
  // leads the description. Params are read for the same-named runs only, in one query.
  const labels = labelRuns(state.store.runList, runs);
  const items: RunItem[] = runs.map((run) => ({
    label: run.name,
    description: [labels.get(run.id)!.qualifier, experiments.get(run.experimentId) ?? run.experimentId, runStatusLabel(run.status)].filter((part) => part !== null).join(' · '),
    picked: ticked.has(run.id),
    runId: run.id,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    canPickMany: true,
    matchOnDescription: true,
    placeHolder: vscode.l10n.t('Choose the runs to compare'),
  });
  return chosen && chosen.length > 0 ? { folder, runIds: chosen.map((c) => c.runId) } : undefined;
}

/** The store's most recent runs (by start time) across its experiments; deleted runs are left out. */
function recentRuns(store: Store, limit: number): Run[] {
  const runs = store.experiments.list().flatMap((e) => store.runs.listByExperiment(e.id, { limit }));
  return runs.sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0)).slice(0, limit);
}
