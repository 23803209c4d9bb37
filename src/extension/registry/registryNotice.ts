import * as vscode from 'vscode';
import { MessageNode } from '../views/nodes/messageNode';
import type { TreeNode } from '../views/treeNode';
import type { GitRepositories } from './gitRepositories';

/**
 * The row at the top of a folder's models when its registry commands are off: the folder is not
 * in a git repository (models imported from MLflow still show). Undefined when they are on.
 */
export function registryNotice(repos: GitRepositories, folder: vscode.WorkspaceFolder): TreeNode | undefined {
  if (repos.detectedRepository(folder) !== false) return undefined;
  return new MessageNode(
    vscode.l10n.t('Registry commands are off: {0} is not a git repository', folder.name),
    new vscode.ThemeIcon('info'),
    vscode.l10n.t('Model Ledger writes model versions and stages as git tags. Initialize a git repository in {0} to register versions and assign stages.', folder.name),
  );
}
