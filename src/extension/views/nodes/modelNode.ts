import * as vscode from 'vscode';
import type { RegisteredModel } from '../../../core/types';
import { readModelAnnotation } from '../../../registry/modelAnnotation';
import type { Store } from '../../../store/store';
import { isMlflowOrigin } from '../../registry/importedVersions';
import { ModelFacts } from '../../registry/modelFacts';
import type { HealthSource } from '../../health/healthSource';
import type { PendingReviewSource } from '../../registry/pendingReviews';
import { healthLabel } from '../../health/healthPresentation';
import type { TreeNode } from '../treeNode';
import { HistoryNode } from './historyNode';
import { VersionNode } from './versionNode';

/**
 * A registered model. One of the git registry is `registryModel` (or `registryModel.deprecated`)
 * and shows its History; one from another registry (MLflow, the demo store) is `model`, and one
 * from MLflow says so in its description.
 */
export class ModelNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly model: RegisteredModel,
    private readonly health?: HealthSource,
    private readonly reviews?: PendingReviewSource,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const versions = this.store.models.versions(this.model.name);
    const item = new vscode.TreeItem(this.model.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `model:${this.folder.uri.toString()}:${this.model.name}`;
    item.iconPath = new vscode.ThemeIcon(this.model.deprecated ? 'archive' : 'package');
    const staged = versions.flatMap((v) => {
      const health = this.health?.healthOf(this.folder.uri.fsPath, v);
      return v.stages.map((s) => (health ? `${s}: ${v.version} (${healthLabel(health.state)})` : `${s}: ${v.version}`));
    });
    const active = versions.filter((v) => !v.deregistered).length;
    const count = active === 1 ? vscode.l10n.t('1 version') : vscode.l10n.t('{0} versions', active);
    const origin = this.store.models.origin(this.model.name);
    const fromMlflow = origin !== undefined && isMlflowOrigin(origin);
    item.description = [fromMlflow ? 'MLflow' : undefined, this.model.deprecated ? vscode.l10n.t('deprecated') : undefined, count, ...staged].filter(Boolean).join(' · ');
    const kind = origin?.source === 'git' ? 'registryModel' : 'model';
    item.contextValue = this.model.deprecated ? `${kind}.deprecated` : kind;
    const note = fromMlflow ? vscode.l10n.t('A model of MLflow\'s registry, imported from the store. Its stages are MLflow\'s; register a version in the git registry to promote it with git tags.') : undefined;
    const tooltip = [this.model.description, note].filter(Boolean).join('\n\n');
    if (tooltip) item.tooltip = tooltip;
    return item;
  }

  /** On hover: the description, the labels dvc.yaml or artifacts.yaml give it, and why it is deprecated. */
  resolve(item: vscode.TreeItem): vscode.TreeItem {
    if (this.store.models.origin(this.model.name)?.source !== 'git') return item;
    const lines: string[] = [];
    if (this.model.description) lines.push(this.model.description);
    const labels = readModelAnnotation(this.folder.uri.fsPath, this.model.name).labels;
    if (labels.length > 0) lines.push(vscode.l10n.t('Labels: {0}', labels.join(', ')));
    const reason = ModelFacts.read(this.store, this.model.name).deprecationReason();
    if (reason !== null) lines.push(reason ? vscode.l10n.t('Deprecated: {0}', reason) : vscode.l10n.t('Deprecated (no reason given)'));
    if (lines.length > 0) item.tooltip = lines.join('\n\n');
    return item;
  }

  getChildren(): TreeNode[] {
    const facts = ModelFacts.read(this.store, this.model.name);
    const versions: TreeNode[] = this.store.models.versions(this.model.name).map((v) => new VersionNode(this.folder, this.store, v, facts, this.health, this.reviews));
    return facts.fromGit ? [...versions, new HistoryNode(this.folder, this.model.name, facts)] : versions;
  }
}
