import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { adoptedModelName } from '../../registry/adoptedModelName';
import type { RegisterResult } from '../../registry/registry';
import type { RegistryCommandContext } from './commandContext';
import { importedVersionOf } from './importedVersions';
import { registerVersionCommand } from './registerVersionCommand';
import { readTarget } from './targets';

/** The register flow's answers a caller may give (tests, other commands); the rest is asked. */
const REGISTER_ANSWERS = ['bump', 'commit', 'description', 'allowDirty'] as const;

/**
 * "Register in Git Registry…" on a version of an MLflow registry: registers its artifact (the
 * copy found in this workspace) as a version of the git registry, through the usual register flow,
 * with the model name offered in GTO's rule (the MLflow model keeps its own name in this store),
 * MLflow's run as the source run and a description that says where it came from. The git
 * registry can then promote it. Arguments: a version row, or `{ folder, model, version }` naming
 * the MLflow version, with `gitModel`, `gitVersion` and the register flow's `bump`, `commit`,
 * `description` and `allowDirty` to answer its questions.
 */
export async function adoptVersionCommand(ctx: RegistryCommandContext, arg: unknown): Promise<RegisterResult | undefined> {
  const target = readTarget(arg);
  const found = importedVersionOf(ctx, target);
  if (!found) throw new UserError(vscode.l10n.t('Choose a version of an MLflow model in the Models view to register it in the git registry.'));
  const { folder, store, version } = found;
  const name = `${version.model} ${version.version}`;
  if (version.artifact === null) {
    throw new UserError(
      vscode.l10n.t('{0}: its artifact is not in this workspace (MLflow recorded it at {1}); copy it into the store and import again to register it.', name, version.artifactSource ?? '—'),
    );
  }
  const artifactFile = path.resolve(folder.uri.fsPath, version.artifact.path);
  if (!fs.existsSync(artifactFile)) throw new UserError(vscode.l10n.t('{0}: {1} is no longer in the workspace.', name, version.artifact.path));

  const ownedElsewhere = (model: string) => {
    const owner = store.models.origin(model);
    return owner !== undefined && owner.source !== 'git';
  };
  const answers = Object.fromEntries(REGISTER_ANSWERS.filter((key) => key in target.options).map((key) => [key, target.options[key]]));
  const { gitModel, gitVersion } = target.options;
  return registerVersionCommand(ctx, {
    folder: folder.uri.fsPath,
    artifactPath: artifactFile,
    runId: version.runId !== null && store.runs.get(version.runId) ? version.runId : undefined,
    suggestedModel: adoptedModelName(version.model, (model) => !ownedElsewhere(model)),
    suggestedDescription: vscode.l10n.t('Version {0} of {1} in MLflow\'s registry', version.version, version.model),
    ...(typeof gitModel === 'string' ? { model: gitModel } : {}),
    ...(typeof gitVersion === 'string' ? { version: gitVersion } : {}),
    ...answers,
  });
}
