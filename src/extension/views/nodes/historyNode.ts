import * as vscode from 'vscode';
import type { ModelFacts } from '../../registry/modelFacts';
import type { TreeNode } from '../treeNode';
import { DetailNode } from './detailNode';
import { timelineRow } from './timelineRow';

/** A model's timeline under it in the Models view: registrations, stage changes, deprecation; newest first. */
export class HistoryNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly model: string,
    private readonly facts: ModelFacts,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const count = this.facts.timeline().length;
    const item = new vscode.TreeItem(vscode.l10n.t('History'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `history:${this.folder.uri.toString()}:${this.model}`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.description = count === 1 ? vscode.l10n.t('1 event') : vscode.l10n.t('{0} events', count);
    item.tooltip = vscode.l10n.t('Who registered, promoted and deprecated {0}, and when', this.model);
    item.contextValue = 'registryHistory';
    return item;
  }

  getChildren(): TreeNode[] {
    const prefix = `history:${this.folder.uri.toString()}:${this.model}`;
    return this.facts.timeline().map((entry, i) => new DetailNode(timelineRow(prefix, entry, i, { withVersion: true })));
  }
}
