import * as vscode from 'vscode';
import { shortCommit } from '../../common/format';
import type { RunCodeComparison } from '../../git/runCode';
import { gitFileUri } from '../registry/gitContentProvider';

/**
 * Opens VS Code's diff editor on one changed file of the code section, older commit on the left.
 * An added file has an empty left side and a deleted one an empty right side: the content
 * provider serves a file that is not at a commit as an empty document. Only a path the section
 * lists is opened (the webview names it, and the webview is input). Returns whether it opened.
 */
export async function openCodeDiff(code: RunCodeComparison | undefined, path: string): Promise<boolean> {
  const file = code?.status === 'ready' ? code.files.find((f) => f.path === path) : undefined;
  const { root, from, to } = code ?? {};
  if (!file || !root || !from?.commit || !to?.commit) return false;
  const left = gitFileUri({ repo: root, commit: from.commit, path: file.oldPath ?? file.path });
  const right = gitFileUri({ repo: root, commit: to.commit, path: file.path });
  const title = vscode.l10n.t('{0} ({1} ↔ {2})', file.path, shortCommit(from.commit), shortCommit(to.commit));
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
  return true;
}
