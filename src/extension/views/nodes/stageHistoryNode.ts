import * as vscode from 'vscode';
import type { TimelineEntry } from '../../registry/modelFacts';
import type { TreeNode } from '../treeNode';
import { DetailNode } from './detailNode';
import { timelineRow } from './timelineRow';

/** A version's assignments to stages and unassignments from them, newest first. */
export class StageHistoryNode implements TreeNode {
  constructor(
    private readonly idPrefix: string,
    private readonly entries: TimelineEntry[],
  ) {}

  getTreeItem(): vscode.TreeItem {
    const count = this.entries.length;
    const item = new vscode.TreeItem(vscode.l10n.t('Stage history'), count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:stages`;
    item.iconPath = new vscode.ThemeIcon('history');
    item.description = count === 0 ? vscode.l10n.t('never in a stage') : count === 1 ? vscode.l10n.t('1 change') : vscode.l10n.t('{0} changes', count);
    item.contextValue = 'lineage.stages';
    return item;
  }

  getChildren(): TreeNode[] {
    return this.entries.map((entry, i) => new DetailNode(timelineRow(`${this.idPrefix}:stages`, entry, i, { withVersion: false })));
  }
}
