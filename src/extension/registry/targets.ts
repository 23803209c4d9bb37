import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { ModelState, VersionState } from '../../core/registryState';
import type { Registry } from '../../registry/registry';
import { ArtifactNode } from '../views/nodes/artifactNode';
import { HistoryNode } from '../views/nodes/historyNode';
import { ModelNode } from '../views/nodes/modelNode';
import { ReviewRequestNode } from '../views/nodes/reviewRequestNode';
import { VersionNode } from '../views/nodes/versionNode';
import type { FolderRegistries } from './folderRegistries';
import { pickFolder, pickModel, pickVersion } from './pickers';

/**
 * What a registry command was run on. From a tree row: its folder, model and version. From the
 * palette: nothing (everything is asked). From tests and other commands: a plain object,
 * `{ folder?: path, model?, version?, stage?, … }`, whose fields skip the matching questions.
 */
export interface Target {
  folder?: vscode.WorkspaceFolder;
  model?: string;
  version?: string;
  /** Every field of a plain-object argument, for the command's own options. */
  options: Record<string, unknown>;
}

export function readTarget(arg: unknown): Target {
  if (arg instanceof VersionNode) return { folder: arg.folder, model: arg.version.model, version: arg.version.version, options: {} };
  if (arg instanceof ModelNode) return { folder: arg.folder, model: arg.model.name, options: {} };
  if (arg instanceof HistoryNode) return { folder: arg.folder, model: arg.model, options: {} };
  if (arg instanceof ReviewRequestNode) return { folder: arg.folder, model: arg.review.model, version: arg.review.version, options: { stage: arg.review.stage } };
  if (arg instanceof ArtifactNode) return { folder: arg.folder, model: arg.model, version: arg.version, options: {} };
  if (typeof arg !== 'object' || arg === null || arg instanceof vscode.Uri) return { options: {} };
  const options = arg as Record<string, unknown>;
  return {
    folder: workspaceFolderOf(options.folder),
    model: typeof options.model === 'string' ? options.model : undefined,
    version: typeof options.version === 'string' ? options.version : undefined,
    options,
  };
}

/** The workspace folder a path (or URI) names; a UserError when it is not one of the workspace's. */
export function workspaceFolderOf(value: unknown): vscode.WorkspaceFolder | undefined {
  if (value === undefined) return undefined;
  const uri = value instanceof vscode.Uri ? value : typeof value === 'string' ? vscode.Uri.file(value) : undefined;
  const folder = uri && (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.fsPath === uri.fsPath);
  if (!folder) throw new UserError(vscode.l10n.t('{0} is not a folder of this workspace.', String(uri?.fsPath ?? value)));
  return folder;
}

/** The folder to work in: the target's, the only git folder, or the one the user picks. */
export async function chooseFolder(registries: FolderRegistries, target: Target, title: string): Promise<vscode.WorkspaceFolder | undefined> {
  if (target.folder) return target.folder;
  const folders = await registries.gitFolders();
  if (folders.length === 0) {
    throw new UserError(vscode.l10n.t('No folder of this workspace is in a git repository: the model registry lives in git tags. Initialize a repository first.'));
  }
  return folders.length === 1 ? folders[0] : pickFolder(folders, title);
}

/** The model named by the target, else the one the user picks. */
export async function chooseModel(registry: Registry, target: Target, title: string): Promise<ModelState | undefined> {
  if (target.model !== undefined) {
    const state = registry.model(target.model);
    if (!state) throw new UserError(vscode.l10n.t('No model named "{0}" in the git registry.', target.model));
    return state;
  }
  const models = registry.models();
  if (models.length === 0) throw new UserError(vscode.l10n.t('The git registry has no models yet; register a version first.'));
  return pickModel(models, title);
}

/** The version named by the target, else one of `choices` the user picks. */
export async function chooseVersion(
  model: ModelState,
  target: Target,
  title: string,
  choices: (v: VersionState) => boolean = (v) => v.active,
): Promise<VersionState | undefined> {
  if (target.version !== undefined) {
    const found = model.versions.find((v) => v.version === target.version);
    if (!found) throw new UserError(vscode.l10n.t('{0} has no version {1}.', model.name, target.version));
    return found;
  }
  const versions = model.versions.filter(choices);
  if (versions.length === 0) throw new UserError(vscode.l10n.t('{0} has no version to choose here.', model.name));
  return pickVersion(versions, title);
}

/** A string option of a plain-object argument. */
export function stringOption(target: Target, key: string): string | undefined {
  const value = target.options[key];
  return typeof value === 'string' ? value : undefined;
}

export function booleanOption(target: Target, key: string): boolean | undefined {
  const value = target.options[key];
  return typeof value === 'boolean' ? value : undefined;
}
