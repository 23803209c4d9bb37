import * as vscode from 'vscode';
import { formatNumber } from '../../../common/format';
import type { TreeNode } from '../treeNode';
import { DetailNode } from './detailNode';

/** The metrics recorded with a version when it was registered (the run's last values). */
export class MetricsNode implements TreeNode {
  constructor(
    private readonly idPrefix: string,
    private readonly metrics: Record<string, number>,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const count = Object.keys(this.metrics).length;
    const item = new vscode.TreeItem(vscode.l10n.t('Metrics'), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${this.idPrefix}:metrics`;
    item.iconPath = new vscode.ThemeIcon('graph');
    item.description = count === 1 ? vscode.l10n.t('1 metric at registration') : vscode.l10n.t('{0} metrics at registration', count);
    item.contextValue = 'lineage.metrics';
    return item;
  }

  getChildren(): TreeNode[] {
    return Object.entries(this.metrics)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => new DetailNode({ id: `${this.idPrefix}:metric:${key}`, label: key, description: formatNumber(value), icon: 'symbol-number', contextValue: 'lineage.metric' }));
  }
}
