import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Artifact } from '../../../core/types';
import type { TreeNode } from '../treeNode';

/** A version's model file: its path, and the sha256 and size recorded when it was registered. */
export class ArtifactNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly idPrefix: string,
    readonly model: string,
    readonly version: string,
    readonly artifact: Artifact,
    /** A git registry version's artifact, which "Verify Artifact" can check. */
    private readonly fromGit: boolean,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const { artifact } = this;
    const item = new vscode.TreeItem(artifact.path, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:artifact`;
    item.iconPath = new vscode.ThemeIcon('file-binary');
    item.description = [artifact.sha256 ? `sha256 ${artifact.sha256.slice(0, 12)}…` : vscode.l10n.t('no sha256 recorded'), formatBytes(artifact.size)]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      vscode.l10n.t('Artifact {0}', artifact.path),
      artifact.sha256 ? `sha256 ${artifact.sha256}` : vscode.l10n.t('no sha256 recorded'),
      artifact.size === null ? undefined : vscode.l10n.t('{0} bytes', artifact.size),
    ].filter(Boolean).join('\n');
    item.contextValue = this.fromGit ? 'registryArtifact' : 'lineage.artifact';
    const file = path.resolve(this.folder.uri.fsPath, artifact.path);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) {
      item.command = { command: 'vscode.open', title: vscode.l10n.t('Open Artifact'), arguments: [vscode.Uri.file(file)] };
    }
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

function formatBytes(size: number | null): string | undefined {
  if (size === null) return undefined;
  if (size < 1024) return `${size} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = size / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
