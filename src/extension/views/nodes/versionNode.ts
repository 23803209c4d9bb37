import * as vscode from 'vscode';
import { formatNumber, formatTime, shortCommit } from '../../../common/format';
import type { ModelVersion } from '../../../core/types';
import type { Store } from '../../../store/store';
import type { ModelFacts } from '../../registry/modelFacts';
import type { TreeNode } from '../treeNode';
import { ArtifactNode } from './artifactNode';
import { DetailNode } from './detailNode';
import { MetricsNode } from './metricsNode';
import { SourceRunNode } from './sourceRunNode';
import { StageHistoryNode } from './stageHistoryNode';
import { actorName } from './timelineRow';

/**
 * The contextValue of a version row. A version of the git registry is `registryVersion` plus its
 * stages (`registryVersion.prod.staging`), or `registryVersion!deregistered`; a version from
 * another registry (MLflow, the demo store), which the registry commands do not write, is
 * `modelVersion` plus its stages. Stage names (GTO's rule) never hold `!`.
 */
export function versionContextValue(fromGit: boolean, version: { stages: string[]; deregistered: boolean }): string {
  if (fromGit && version.deregistered) return 'registryVersion!deregistered';
  return [fromGit ? 'registryVersion' : 'modelVersion', ...version.stages].join('.');
}

/** A model version: stage badges, commit, who and when; it expands to its lineage. */
export class VersionNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly version: ModelVersion & { stages: string[] },
    private readonly facts: ModelFacts,
  ) {}

  get model(): string {
    return this.version.model;
  }

  /** Whether the git registry holds this version (and the registry commands apply to it). */
  get fromGit(): boolean {
    return this.facts.fromGit && this.version.origin.source === 'git';
  }

  private get idPrefix(): string {
    return `${this.folder.uri.toString()}:${this.version.model}@${this.version.version}`;
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const item = new vscode.TreeItem(v.version, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `version:${this.idPrefix}`;
    item.iconPath = new vscode.ThemeIcon(v.deregistered ? 'circle-slash' : v.stages.length > 0 ? 'rocket' : 'tag');
    const stages = v.stages.map((s) => `[${s}]`).join(' ');
    item.description = [v.deregistered ? vscode.l10n.t('deregistered') : stages, v.commit ? shortCommit(v.commit) : undefined, actorName(v.createdBy), formatTime(v.createdAt)]
      .filter(Boolean)
      .join(' · ');
    item.contextValue = versionContextValue(this.fromGit, v);
    item.accessibilityInformation = {
      label: v.stages.length
        ? vscode.l10n.t('{0} {1}, in {2}, commit {3}', v.model, v.version, v.stages.join(', '), shortCommit(v.commit))
        : vscode.l10n.t('{0} {1}, commit {2}', v.model, v.version, shortCommit(v.commit)),
    };
    return item;
  }

  /** The version's lineage: source run, commit, artifact, metrics snapshot, stage history. */
  getChildren(): TreeNode[] {
    const v = this.version;
    const state = this.facts.version(v.version);
    const nodes: TreeNode[] = [];
    if (v.runId) nodes.push(new SourceRunNode(this.folder, this.store, `lineage:${this.idPrefix}`, v.runId));
    if (v.commit) {
      const dirty = state?.metadata?.dirty === true;
      nodes.push(
        new DetailNode({
          id: `lineage:${this.idPrefix}:commit`,
          label: shortCommit(v.commit),
          description: dirty ? vscode.l10n.t('commit, with uncommitted changes') : vscode.l10n.t('commit'),
          icon: 'git-commit',
          tooltip: [vscode.l10n.t('commit {0}', v.commit), state?.tag ? vscode.l10n.t('tag {0}', state.tag) : undefined, dirty ? vscode.l10n.t('The working tree had uncommitted changes when this version was registered.') : undefined]
            .filter(Boolean)
            .join('\n'),
          contextValue: dirty ? 'lineage.commit.dirty' : 'lineage.commit',
        }),
      );
    }
    if (v.artifact) nodes.push(new ArtifactNode(this.folder, `lineage:${this.idPrefix}`, v.model, v.version, v.artifact, this.fromGit));
    if (Object.keys(v.metrics).length > 0) nodes.push(new MetricsNode(`lineage:${this.idPrefix}`, v.metrics));
    nodes.push(new StageHistoryNode(`lineage:${this.idPrefix}`, this.facts.stageHistory(v.version)));
    return nodes;
  }

  resolve(item: vscode.TreeItem): vscode.TreeItem {
    const v = this.version;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('$(package) **').appendText(`${v.model} ${v.version}`).appendMarkdown('**');
    if (v.deregistered) md.appendText(` (${vscode.l10n.t('deregistered')})`);
    md.appendMarkdown('\n\n');
    if (v.description) md.appendText(v.description).appendMarkdown('\n\n');
    if (v.stages.length) md.appendMarkdown(`$(rocket) `).appendText(v.stages.join(', ')).appendMarkdown('\n\n');
    if (v.commit) md.appendMarkdown(`$(git-commit) \`${shortCommit(v.commit)}\``).appendMarkdown('\n\n');
    if (v.createdBy) md.appendMarkdown('$(person) ').appendText(`${v.createdBy} · ${formatTime(v.createdAt)}`).appendMarkdown('\n\n');
    if (v.artifact) md.appendMarkdown('$(file) ').appendText(v.artifact.path).appendMarkdown('\n\n');
    for (const [key, value] of Object.entries(v.metrics)) md.appendMarkdown('- ').appendText(`${key}: ${formatNumber(value)}`).appendMarkdown('\n');
    item.tooltip = md;
    return item;
  }
}
