import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { Store } from '../../store/store';
import { workspaceFolderOf } from '../registry/targets';
import { RunFactNode } from '../views/nodes/runFactNode';
import { RunNode } from '../views/nodes/runNode';
import type { TreeNode } from '../views/treeNode';
import type { WorkspaceStores } from '../workspaceStores';

/** Runs of one folder that a command acts on. */
export interface RunTarget {
  folder: vscode.WorkspaceFolder;
  store: Store;
  runIds: string[];
}

/**
 * What a run command was run on, grouped by folder. From a tree menu VS Code passes the row and
 * the selection (`node, nodes`): every selected run when the row is one of them, else the row
 * alone. From the palette: the view's selection. From tests and other commands: a plain object
 * `{ folder, runId }` or `{ folder, runIds }`, whose other fields are the command's options.
 */
export function readRunTargets(stores: WorkspaceStores, arg: unknown, selected: unknown, viewSelection: readonly TreeNode[]): RunTarget[] {
  const nodes = runNodesOf(arg, selected, viewSelection);
  if (nodes.length > 0) return groupByFolder(stores, nodes.map((n) => ({ folder: n.folder, runId: n instanceof RunNode ? n.run.id : n.runId })));
  if (typeof arg === 'object' && arg !== null && !(arg instanceof vscode.Uri)) {
    const options = arg as Record<string, unknown>;
    const folder = workspaceFolderOf(options.folder) ?? soleFolder(stores);
    const ids = Array.isArray(options.runIds) ? options.runIds : [options.runId];
    if (ids.length > 0 && ids.every((id): id is string => typeof id === 'string')) return groupByFolder(stores, ids.map((runId) => ({ folder, runId })));
  }
  throw new UserError(vscode.l10n.t('Select one or more runs in the Experiments view first.'));
}

/** The plain-object argument's fields, for a command's own options (a name, a note…); an artifact row names its artifact. */
export function optionsOf(arg: unknown): Record<string, unknown> {
  if (arg instanceof RunFactNode) return arg.artifact ? { path: arg.artifact.path } : {};
  return typeof arg === 'object' && arg !== null && !(arg instanceof RunNode) ? (arg as Record<string, unknown>) : {};
}

function runNodesOf(arg: unknown, selected: unknown, viewSelection: readonly TreeNode[]): (RunNode | RunFactNode)[] {
  const isRun = (n: unknown): n is RunNode => n instanceof RunNode;
  if (arg instanceof RunNode) {
    const many = Array.isArray(selected) ? selected.filter(isRun) : [];
    return many.includes(arg) ? many : [arg];
  }
  if (arg instanceof RunFactNode) return [arg];
  if (arg === undefined) return viewSelection.filter(isRun);
  return [];
}

function soleFolder(stores: WorkspaceStores): vscode.WorkspaceFolder {
  const folders = stores.folders();
  if (folders.length !== 1) throw new UserError(vscode.l10n.t('Name the workspace folder of the runs.'));
  return folders[0]!;
}

function groupByFolder(stores: WorkspaceStores, runs: { folder: vscode.WorkspaceFolder; runId: string }[]): RunTarget[] {
  const byFolder = new Map<string, RunTarget>();
  for (const { folder, runId } of runs) {
    let target = byFolder.get(folder.uri.toString());
    if (!target) {
      const state = stores.read(folder);
      if (state.kind !== 'ready') throw new UserError(state.kind === 'error' ? state.message : vscode.l10n.t('{0} has no Model Ledger store yet.', folder.name));
      target = { folder, store: state.store, runIds: [] };
      byFolder.set(folder.uri.toString(), target);
    }
    if (!target.runIds.includes(runId)) target.runIds.push(runId);
  }
  return [...byFolder.values()];
}
