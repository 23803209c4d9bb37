import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { ModelVersion, Origin } from '../../core/types';
import type { Store } from '../../store/store';
import type { RegistryCommandContext } from './commandContext';
import type { Target } from './targets';

/** Whether a version or model came from an MLflow registry (a file store or an mlflow.db) rather than git tags. */
export function isMlflowOrigin(origin: Pick<Origin, 'source'>): boolean {
  return origin.source === 'mlflow' || origin.source === 'mlflow-db';
}

/** A version as the folder's store holds it, whichever registry it came from. */
export interface StoreVersion {
  folder: vscode.WorkspaceFolder;
  store: Store;
  version: ModelVersion;
}

/** The version a target names, from the folder's store; undefined when it names none. */
export function storeVersionOf(ctx: RegistryCommandContext, target: Target): StoreVersion | undefined {
  if (!target.folder || target.model === undefined || target.version === undefined) return undefined;
  const store = ctx.registries.storeOf(target.folder);
  const version = store?.models.versions(target.model).find((v) => v.version === target.version);
  return store && version ? { folder: target.folder, store, version } : undefined;
}

/** The version a target names when an MLflow registry holds it; undefined for the git registry's, or when it names none. */
export function importedVersionOf(ctx: RegistryCommandContext, target: Target): StoreVersion | undefined {
  const found = storeVersionOf(ctx, target);
  return found && isMlflowOrigin(found.version.origin) ? found : undefined;
}

/** The version a command was run on, or a UserError that says to choose one. */
export function requireStoreVersion(ctx: RegistryCommandContext, target: Target): StoreVersion {
  const found = storeVersionOf(ctx, target);
  if (found) return found;
  if (target.model !== undefined && target.version !== undefined) throw new UserError(vscode.l10n.t('{0} has no version {1} in this store.', target.model, target.version));
  throw new UserError(vscode.l10n.t('Choose a model version in the Models view.'));
}
