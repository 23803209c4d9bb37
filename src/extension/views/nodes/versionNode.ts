import * as vscode from 'vscode';
import { formatNumber, formatTime, shortCommit } from '../../../core/format';
import type { ModelVersion } from '../../../core/types';
import type { TreeNode } from '../treeNode';

export class VersionNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly version: ModelVersion & { stages: string[] },
  ) {}

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const item = new vscode.TreeItem(v.version, vscode.TreeItemCollapsibleState.None);
    item.id = `version:${this.folder.uri.toString()}:${v.model}@${v.version}`;
    item.iconPath = new vscode.ThemeIcon(v.stages.length > 0 ? 'rocket' : 'tag');
    const stages = v.stages.map((s) => `[${s}]`).join(' ');
    item.description = [stages, shortCommit(v.commit), v.createdBy?.replace(/\s*<.*>$/, ''), formatTime(v.createdAt)].filter(Boolean).join(' · ');
    item.contextValue = ['modelVersion', ...v.stages].join('.');
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }

  resolve(item: vscode.TreeItem): vscode.TreeItem {
    const v = this.version;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('$(package) **').appendText(`${v.model} ${v.version}`).appendMarkdown('**\n\n');
    if (v.stages.length) md.appendMarkdown(`$(rocket) `).appendText(v.stages.join(', ')).appendMarkdown('\n\n');
    if (v.commit) md.appendMarkdown(`$(git-commit) \`${shortCommit(v.commit)}\`\n\n`);
    if (v.artifact) md.appendMarkdown('$(file) ').appendText(v.artifact.path).appendMarkdown('\n\n');
    for (const [key, value] of Object.entries(v.metrics)) md.appendMarkdown('- ').appendText(`${key}: ${formatNumber(value)}`).appendMarkdown('\n');
    item.tooltip = md;
    return item;
  }
}
