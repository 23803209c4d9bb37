import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { hashArtifact } from '../../artifacts/hashArtifact';
import { UserError } from '../../core/errors';
import type { ArtifactStatus } from '../../registry/registry';
import type { RegistryCommandContext } from './commandContext';
import type { StoreVersion } from './importedVersions';
import { tellArtifactStatus } from './tellArtifactStatus';

/**
 * "Verify Artifact" on an MLflow version: hashes its artifact in the workspace again (streamed, so
 * the extension host stays responsive) and compares it with the sha256 computed when the store was
 * imported: unchanged, modified since, or gone.
 */
export async function verifyImportedArtifact(ctx: RegistryCommandContext, { folder, version }: StoreVersion): Promise<ArtifactStatus> {
  const name = `${version.model} ${version.version}`;
  const artifact = version.artifact;
  if (artifact === null) {
    throw new UserError(vscode.l10n.t('{0}: its artifact is not in this workspace (MLflow recorded it at {1}), so there is nothing to verify.', name, version.artifactSource ?? '—'));
  }
  if (artifact.sha256 === null) {
    throw new UserError(vscode.l10n.t('{0}: {1} could not be hashed when the store was imported (the Problems panel says why), so there is nothing to verify it against.', name, artifact.path));
  }
  const file = path.resolve(folder.uri.fsPath, artifact.path);
  let status: ArtifactStatus = 'missing';
  if (fs.existsSync(file)) {
    const hash = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Hashing {0}…', artifact.path) }, () => hashArtifact(file));
    status = hash.sha256 === artifact.sha256 ? 'ok' : 'modified';
  }
  return tellArtifactStatus(ctx, status, {
    ok: vscode.l10n.t('{0}: {1} is unchanged since the store was imported (sha256 {2}…).', name, artifact.path, artifact.sha256.slice(0, 12)),
    modified: vscode.l10n.t('{0}: {1} changed since the store was imported (its sha256 no longer matches); import the store again to record the new files.', name, artifact.path),
    missing: vscode.l10n.t('{0}: {1} is no longer in the workspace since the store was imported.', name, artifact.path),
  });
}
