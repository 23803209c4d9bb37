import * as vscode from 'vscode';
import type { RegisteredModel } from '../../../core/types';
import type { Store } from '../../../store/store';
import type { TreeNode } from '../treeNode';
import { VersionNode } from './versionNode';

export class ModelNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly model: RegisteredModel,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const versions = this.store.models.versions(this.model.name);
    const item = new vscode.TreeItem(this.model.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `model:${this.folder.uri.toString()}:${this.model.name}`;
    item.iconPath = new vscode.ThemeIcon('package');
    const staged = versions.flatMap((v) => v.stages.map((s) => `${s}: ${v.version}`));
    const count = versions.length === 1 ? vscode.l10n.t('1 version') : vscode.l10n.t('{0} versions', versions.length);
    item.description = [count, ...staged].join(' · ');
    item.contextValue = this.model.deprecated ? 'model.deprecated' : 'model';
    if (this.model.description) item.tooltip = this.model.description;
    return item;
  }

  getChildren(): TreeNode[] {
    return this.store.models.versions(this.model.name).map((v) => new VersionNode(this.folder, v));
  }
}
