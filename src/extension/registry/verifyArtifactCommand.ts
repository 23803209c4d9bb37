import * as vscode from 'vscode';
import type { ArtifactStatus } from '../../registry/registry';
import { openForRead, type RegistryCommandContext } from './commandContext';
import { importedVersionOf } from './importedVersions';
import { chooseModel, chooseVersion, readTarget } from './targets';
import { tellArtifactStatus } from './tellArtifactStatus';
import { verifyImportedArtifact } from './verifyImportedArtifact';

/**
 * "Verify Artifact": re-hashes a version's artifact in the working tree and says whether it is
 * the file registered, modified since, or missing. Arguments: `{ folder, model, version }`. A
 * version of an MLflow registry is checked against the sha256 its import computed.
 */
export async function verifyArtifactCommand(ctx: RegistryCommandContext, arg: unknown): Promise<ArtifactStatus | undefined> {
  const title = vscode.l10n.t('Verify Artifact');
  const target = readTarget(arg);
  const imported = importedVersionOf(ctx, target);
  if (imported) return verifyImportedArtifact(ctx, imported);
  const open = await openForRead(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title, () => true));
  if (!model || !version) return undefined;
  const artifact = open.registry.recordedArtifact(model.name, version.version);
  const status = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Hashing {0}…', artifact.path) },
    () => open.registry.verifyArtifact(model.name, version.version),
  );
  const name = `${model.name} ${version.version}`;
  return tellArtifactStatus(ctx, status, {
    ok: vscode.l10n.t('{0}: {1} is the file registered (sha256 {2}…).', name, artifact.path, artifact.sha256.slice(0, 12)),
    modified: vscode.l10n.t('{0}: {1} was modified since it was registered (its sha256 no longer matches).', name, artifact.path),
    missing: vscode.l10n.t('{0}: {1} is missing from the working tree since it was registered.', name, artifact.path),
  });
}
