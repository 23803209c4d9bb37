import * as vscode from 'vscode';
import { labelInExperiment } from '../../../store/runListingLabels';
import type { Store } from '../../../store/store';
import { runStatusLabel } from '../runQueryWords';
import { showRunCommand } from '../showRunCommand';
import type { TreeNode } from '../treeNode';

/** The run a version was registered from; selecting it opens the run's details. */
export class SourceRunNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    private readonly idPrefix: string,
    readonly runId: string,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const run = this.store.runs.get(this.runId);
    const item = new vscode.TreeItem(run ? run.name : this.runId, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:run`;
    item.iconPath = new vscode.ThemeIcon('beaker');
    if (run) {
      const experiment = this.store.experiments.get(run.experimentId)?.name;
      // Named alone: what tells it apart from its experiment's runs of the same name.
      const { qualifier } = labelInExperiment(this.store.runList, run);
      item.description = [qualifier, vscode.l10n.t('source run'), experiment, runStatusLabel(run.status), run.deleted ? vscode.l10n.t('deleted') : undefined].filter(Boolean).join(' · ');
      item.tooltip = vscode.l10n.t('Run {0} ({1}): select to show its details', run.name, run.id);
    } else {
      item.description = vscode.l10n.t('source run, not in this store');
      item.tooltip = vscode.l10n.t('Run {0} is not in this workspace\'s store; import its source to see it.', this.runId);
    }
    item.contextValue = 'lineage.run';
    item.command = showRunCommand(this.folder, this.runId);
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
