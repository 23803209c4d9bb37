import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { WrittenArtifact } from '../../registry/resolve/writeVersionArtifact';
import type { RegistryCommandContext } from './commandContext';
import { resolveVersionArtifact } from './resolveVersionArtifact';
import { chooseFolder, chooseModel, chooseVersion, readTarget, stringOption } from './targets';

/**
 * "Download Version Artifact…": writes a version's artifact (file or folder) into a folder the
 * user picks, from git, the DVC cache or the MLflow store, verified against the registration's
 * sha256 before it lands; then offers to reveal it. Arguments: a version or artifact row, or
 * `{ folder, model, version, to }` (`to` skips the folder picker).
 */
export async function downloadArtifactCommand(ctx: RegistryCommandContext, arg: unknown): Promise<WrittenArtifact | undefined> {
  const title = vscode.l10n.t('Download Version Artifact');
  const target = readTarget(arg);
  const folder = await chooseFolder(ctx.registries, target, title);
  if (!folder) return undefined;
  let model = target.model;
  let version = target.version;
  if (model === undefined || version === undefined) {
    const registry = await ctx.registries.forReading(folder);
    if (!registry) throw new UserError(vscode.l10n.t('The git registry of {0} has no models yet.', folder.name));
    const chosenModel = await chooseModel(registry, target, title);
    const chosenVersion = chosenModel && (await chooseVersion(chosenModel, target, title));
    if (!chosenModel || !chosenVersion) return undefined;
    [model, version] = [chosenModel.name, chosenVersion.version];
  }
  const to = stringOption(target, 'to') ?? (await pickDestination(title));
  if (to === undefined) return undefined;
  const name = `${model} ${version}`;
  const { written } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Downloading {0}…', name) },
    () => resolveVersionArtifact(ctx, folder, model, version, () => to),
  );
  const message =
    written.outcome === 'present'
      ? vscode.l10n.t('{0}: {1} is there already, identical (sha256 verified).', name, written.file)
      : vscode.l10n.t('{0}: {1} written from {2}, its sha256 verified against the registration.', name, written.file, written.from);
  const reveal = vscode.l10n.t('Reveal');
  // Not awaited: the notification stays until dismissed, and the command's result is ready now.
  void ctx.feedback.info(message, reveal).then((answer) => {
    if (answer === reveal) void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(written.file));
  });
  return written;
}

async function pickDestination(title: string): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({ title, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: vscode.l10n.t('Download Here') });
  return picked?.[0]?.fsPath;
}
