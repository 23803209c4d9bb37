import * as vscode from 'vscode';
import { formatNumber, formatTime } from '../../../common/format';
import type { MetricAgainstRegistered } from '../../../core/lineage/evaluation';
import type { Evaluation } from '../../../core/lineage/types';
import { showRunCommand } from '../showRunCommand';
import type { TreeNode } from '../treeNode';
import { DatasetNode } from './datasetNode';
import { DetailNode } from './detailNode';

/** A run that evaluates a version: its date and shared metrics; it expands to its data and each metric against the registered value. */
export class EvaluationNode implements TreeNode {
  constructor(
    private readonly folder: vscode.WorkspaceFolder,
    private readonly idPrefix: string,
    private readonly evaluation: Evaluation,
  ) {}

  private get id(): string {
    return `${this.idPrefix}:evaluation:${this.evaluation.run.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const { run, metrics } = this.evaluation;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('beaker');
    item.description = [formatTime(run.startTime), ...metrics.slice(0, 2).map((m) => `${m.key} ${formatNumber(m.value)} (${signed(m.delta)})`)].join(' · ');
    item.tooltip = vscode.l10n.t('Run {0} ({1}) evaluates this version: select to show its details', run.name, run.id);
    item.contextValue = 'lineage.evaluation';
    item.command = showRunCommand(this.folder, run.id);
    return item;
  }

  getChildren(): TreeNode[] {
    const { run, inputs, metrics } = this.evaluation;
    return [
      ...inputs.map((input) => new DatasetNode(this.folder, `${this.id}:data:${input.path}`, input, { tag: null, runName: run.name })),
      ...metrics.map((m) => metricRow(this.id, m)),
      ...(metrics.length === 0 ? [new DetailNode({ id: `${this.id}:nometric`, label: vscode.l10n.t('No metric in common with the registered ones'), icon: 'info', contextValue: 'lineage.evaluationMetric' })] : []),
    ];
  }
}

function metricRow(id: string, m: MetricAgainstRegistered): DetailNode {
  return new DetailNode({
    id: `${id}:metric:${m.key}`,
    label: m.key,
    description: vscode.l10n.t('{0}, registered {1} ({2})', formatNumber(m.value), formatNumber(m.registered), signed(m.delta)),
    icon: 'symbol-number',
    tooltip: vscode.l10n.t('{0}: {1} in this evaluation, {2} when the version was registered, a change of {3}', m.key, formatNumber(m.value), formatNumber(m.registered), signed(m.delta)),
    contextValue: 'lineage.evaluationMetric',
  });
}

function signed(delta: number): string {
  return delta > 0 ? `+${formatNumber(delta)}` : formatNumber(delta);
}
