import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { ArtifactNode } from '../views/nodes/artifactNode';
import type { RegistryCommandContext } from './commandContext';
import { stringOption, readTarget } from './targets';

/** What "Open Artifact" did: the file opened, and the folder revealed in the Explorer (if a folder). */
export interface OpenedArtifact {
  opened?: string;
  revealed?: string;
}

/**
 * "Open Artifact" (a version's artifact row, selected or from its menu): a file opens in an
 * editor; a folder (an MLflow model, a SavedModel) is revealed in the Explorer, and its MLmodel,
 * which says what the model is, opened. Arguments: the row, or `{ folder, path }` with the path
 * relative to the folder.
 */
export async function openArtifactCommand(_ctx: RegistryCommandContext, arg: unknown): Promise<OpenedArtifact | undefined> {
  const target = readTarget(arg);
  const relative = arg instanceof ArtifactNode ? arg.artifact?.path : stringOption(target, 'path');
  if (!target.folder || relative === undefined) throw new UserError(vscode.l10n.t('Choose a version\'s artifact in the Models view to open it.'));
  const file = path.resolve(target.folder.uri.fsPath, relative);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UserError(vscode.l10n.t('{0} is not in {1} any more.', relative, target.folder.name));
  if (!stat.isDirectory()) {
    // vscode.open picks the editor: text, an image, or VS Code's note that a binary file is not shown.
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file), { preview: true });
    return { opened: file };
  }
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(file));
  const mlmodel = path.join(file, 'MLmodel');
  if (!fs.existsSync(mlmodel)) return { revealed: file };
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(mlmodel), { preview: true });
  return { revealed: file, opened: mlmodel };
}
