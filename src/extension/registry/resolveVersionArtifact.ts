import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { resolveIntoFolder, type WrittenArtifact } from '../../registry/resolve/writeVersionArtifact';
import type { VersionArtifact } from '../../registry/resolve/versionArtifact';
import type { RegistryCommandContext } from './commandContext';

/**
 * A version's artifact written into the folder `into` names, verified; for Download and for
 * dragging a version out of the Models view. Resolving runs git and reads DVC's and MLflow's
 * stores, so an untrusted workspace refuses it.
 */
export async function resolveVersionArtifact(
  ctx: RegistryCommandContext,
  folder: vscode.WorkspaceFolder,
  model: string,
  version: string,
  into: (artifact: VersionArtifact) => string,
): Promise<{ artifact: VersionArtifact; written: WrittenArtifact }> {
  if (!vscode.workspace.isTrusted) {
    throw new UserError(vscode.l10n.t("Getting a version's artifact runs git and reads the DVC and MLflow stores, which an untrusted workspace does not allow. Trust the workspace first."));
  }
  const registry = await ctx.registries.forWriting(folder);
  const store = ctx.registries.storeOf(folder);
  if (!store) throw new UserError(vscode.l10n.t('{0} has no Model Ledger store yet.', folder.name));
  return resolveIntoFolder(registry, store, folder.uri.fsPath, `${model}@${version}`, into);
}
