import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { LIMITS } from '../../protocol/compare';
import { readRunTargets, type RunTarget } from '../commands/runTargets';
import type { ComparePanel, ComparePanels } from '../panels/comparePanel';
import type { Feedback } from '../feedback';
import { workspaceFolderOf } from '../registry/targets';
import { RunNode } from '../views/nodes/runNode';
import type { TreeNode } from '../views/treeNode';
import type { WorkspaceStores } from '../workspaceStores';
import { newComparison } from './panelChoices';
import { pickRunsToCompare } from './pickRunsToCompare';
import { isRecord } from '../../common/records';

export interface CompareRunsContext {
  stores: WorkspaceStores;
  comparePanels: ComparePanels;
  /** The Experiments view's selection, for the view's title button and the palette. */
  selection: () => readonly TreeNode[];
  feedback: Feedback;
}

/**
 * "Compare Selected Runs": opens (or reveals) the compare panel on runs of one folder. Takes the
 * tree's row and selection (`node, nodes`), `{ folder?, runIds }` or a list of run ids; with
 * nothing, the view's selection when it holds two runs or more, else a pick of the folder's runs.
 * Returns the panel, or undefined when the user backed out or it failed (which is shown).
 */
export function registerCompareRunsCommand(ctx: CompareRunsContext): vscode.Disposable {
  return vscode.commands.registerCommand('modelLedger.compareRuns', async (arg: unknown, selected: unknown): Promise<ComparePanel | undefined> => {
    try {
      const target = await runsToCompare(ctx, arg, selected);
      if (!target) return undefined;
      if (target.runIds.length > LIMITS.runs) throw new UserError(vscode.l10n.t('Compare at most {0} runs at a time.', LIMITS.runs));
      return ctx.comparePanels.show(newComparison(target.folder.uri.fsPath, target.runIds));
    } catch (error) {
      ctx.feedback.error(error);
      return undefined;
    }
  });
}

async function runsToCompare(ctx: CompareRunsContext, arg: unknown, selected: unknown): Promise<Pick<RunTarget, 'folder' | 'runIds'> | undefined> {
  if (arg instanceof RunNode) return oneFolder(readRunTargets(ctx.stores, arg, selected, []));
  const ids = Array.isArray(arg) ? arg : isRecord(arg) ? arg.runIds : undefined;
  if (ids !== undefined) {
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string' && id !== '')) {
      throw new UserError(vscode.l10n.t('Name the runs to compare by their ids.'));
    }
    if (ids.length === 0) {
      void ctx.feedback.info(vscode.l10n.t('Choose one or more runs to compare.'));
      return undefined;
    }
    const folder = (isRecord(arg) ? workspaceFolderOf(arg.folder) : undefined) ?? folderHolding(ctx.stores, ids);
    return { folder, runIds: [...new Set(ids)] };
  }
  if (arg !== undefined) throw new UserError(vscode.l10n.t('Select two or more runs in the Experiments view to compare them.'));
  const selection = ctx.selection().filter((n): n is RunNode => n instanceof RunNode);
  if (selection.length >= 2) return oneFolder(readRunTargets(ctx.stores, undefined, undefined, selection));
  return pickRunsToCompare(ctx.stores, selection.map((n) => n.run.id));
}

/** Runs of one comparison come from one store: the selection must not span folders. */
function oneFolder(targets: RunTarget[]): RunTarget {
  if (targets.length > 1) {
    throw new UserError(vscode.l10n.t('Compare runs of one workspace folder at a time: the selection holds runs of {0} and {1}.', targets[0]!.folder.name, targets[1]!.folder.name));
  }
  return targets[0]!;
}

/** The folder whose store holds the runs named without a folder (the only folder in a single-root workspace). */
function folderHolding(stores: WorkspaceStores, runIds: readonly string[]): vscode.WorkspaceFolder {
  const folders = stores.folders();
  if (folders.length === 1) return folders[0]!;
  const holding = folders.filter((folder) => {
    const state = stores.read(folder);
    return state.kind === 'ready' && runIds.some((id) => state.store.runs.get(id) !== undefined);
  });
  if (holding.length > 1) {
    throw new UserError(vscode.l10n.t('Compare runs of one workspace folder at a time: these runs are in {0} and {1}.', holding[0]!.name, holding[1]!.name));
  }
  if (holding.length === 0) throw new UserError(vscode.l10n.t('No workspace folder has these runs.'));
  return holding[0]!;
}
