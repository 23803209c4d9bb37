import * as vscode from 'vscode';
import { formatNumber, formatTime, shortCommit } from '../../../common/format';
import type { ModelVersion } from '../../../core/types';
import { expectedArtifactPath } from '../../../ingest/mlflow/versionArtifacts';
import type { Store } from '../../../store/store';
import { isMlflowOrigin } from '../../registry/importedVersions';
import type { ModelFacts } from '../../registry/modelFacts';
import type { HealthSource } from '../../health/healthSource';
import type { PendingReviewSource } from '../../registry/pendingReviews';
import { appendHealthTooltip, healthIcon, healthLabel } from '../../health/healthPresentation';
import type { TreeNode } from '../treeNode';
import { ArtifactNode } from './artifactNode';
import { DatasetNode } from './datasetNode';
import { DetailGroupNode } from './detailGroupNode';
import { DetailNode } from './detailNode';
import { EvaluationNode } from './evaluationNode';
import { MetricsNode } from './metricsNode';
import { ReviewRequestNode } from './reviewRequestNode';
import { SourceRunNode } from './sourceRunNode';
import { StageHistoryNode } from './stageHistoryNode';
import { actorName } from './timelineRow';
import { markdownText } from '../markdownText';

/**
 * The contextValue of a version row. A version of the git registry is `registryVersion` plus its
 * stages (`registryVersion.prod.staging`), or `registryVersion!deregistered`. A version of an
 * MLflow registry is `mlflowVersion`, then `.run` when its run is in the store and `.artifact` when
 * its artifact is in the workspace (the commands that apply: compare, details, verify, register in
 * the git registry); its stages are MLflow's and no command writes them. A version from another
 * store (the demo's) is `modelVersion` plus its stages. Stage names (GTO's rule) never hold `!`.
 */
export function versionContextValue(fromGit: boolean, version: ModelVersion & { stages: string[] }, runInStore: boolean): string {
  if (fromGit && version.deregistered) return 'registryVersion!deregistered';
  if (fromGit) return ['registryVersion', ...version.stages].join('.');
  if (isMlflowOrigin(version.origin)) return ['mlflowVersion', runInStore ? 'run' : undefined, version.artifact ? 'artifact' : undefined].filter(Boolean).join('.');
  return ['modelVersion', ...version.stages].join('.');
}

/** A model version: stage badges, commit, who and when; it expands to its lineage. */
export class VersionNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly version: ModelVersion & { stages: string[] },
    private readonly facts: ModelFacts,
    private readonly health?: HealthSource,
    private readonly reviews?: PendingReviewSource,
  ) {}

  get model(): string {
    return this.version.model;
  }

  /** Whether the git registry holds this version (and the registry commands apply to it). */
  get fromGit(): boolean {
    return this.facts.fromGit && this.version.origin.source === 'git';
  }

  get fromMlflow(): boolean {
    return isMlflowOrigin(this.version.origin);
  }

  /** The git registry's versions of this MLflow version's artifact: where it was registered in git. */
  private adoptedAs(): string[] {
    const artifact = this.fromMlflow ? this.version.artifact : null;
    return artifact ? this.store.models.gitVersionsOfArtifact(artifact.path).map((v) => `${v.model} ${v.version}`) : [];
  }

  /** Review requests of this version not yet answered (git registry versions only). */
  private pendingReviews() {
    return this.fromGit && this.reviews ? this.reviews.pendingOf(this.folder.uri.fsPath, this.version.model, this.version.version) : [];
  }

  private get idPrefix(): string {
    return `${this.folder.uri.toString()}:${this.version.model}@${this.version.version}`;
  }

  getTreeItem(): vscode.TreeItem {
    const v = this.version;
    const item = new vscode.TreeItem(v.version, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `version:${this.idPrefix}`;
    const health = this.health?.healthOf(this.folder.uri.fsPath, v);
    item.iconPath = health ? healthIcon(health.state) : new vscode.ThemeIcon(v.deregistered ? 'circle-slash' : v.stages.length > 0 ? 'rocket' : 'tag');
    const stages = v.stages.map((s) => `[${s}]`).join(' ');
    const adopted = this.adoptedAs();
    const requested = [...new Set(this.pendingReviews().map((r) => r.stage))];
    item.description = [
      v.deregistered ? vscode.l10n.t('deregistered') : stages,
      health ? healthLabel(health.state) : undefined,
      requested.length > 0 ? vscode.l10n.t('review requested: {0}', requested.join(', ')) : undefined,
      adopted.length > 0 ? vscode.l10n.t('in git as {0}', adopted.join(', ')) : undefined,
      v.commit ? shortCommit(v.commit) : undefined,
      actorName(v.createdBy),
      formatTime(v.createdAt),
    ]
      .filter(Boolean)
      .join(' · ');
    item.contextValue = versionContextValue(this.fromGit, v, v.runId !== null && this.store.runs.get(v.runId) !== undefined);
    item.accessibilityInformation = {
      label: v.stages.length
        ? vscode.l10n.t('{0} {1}, in {2}, commit {3}', v.model, v.version, v.stages.join(', '), shortCommit(v.commit))
        : vscode.l10n.t('{0} {1}, commit {2}', v.model, v.version, shortCommit(v.commit)),
    };
    return item;
  }

  /** The version's lineage: source run, commit, artifact, data, evaluations, metrics snapshot, stage history. */
  getChildren(): TreeNode[] {
    const v = this.version;
    const state = this.facts.version(v.version);
    const nodes: TreeNode[] = this.pendingReviews().map((r) => new ReviewRequestNode(this.folder, `lineage:${this.idPrefix}`, r));
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
    if (v.artifact || v.artifactSource) {
      const expected = v.artifact === null ? expectedArtifactPath(this.store, v) : null;
      nodes.push(new ArtifactNode(this.folder, `lineage:${this.idPrefix}`, v, this.fromGit, expected));
    }
    nodes.push(...this.lineageGroups(state?.tag ?? null));
    if (Object.keys(v.metrics).length > 0) nodes.push(new MetricsNode(`lineage:${this.idPrefix}`, v.metrics));
    nodes.push(new StageHistoryNode(`lineage:${this.idPrefix}`, this.facts.stageHistory(v.version)));
    return nodes;
  }

  /** "Data (n)" and "Evaluations (n)", each shown when it has something to list. */
  private lineageGroups(tag: string | null): TreeNode[] {
    const v = this.version;
    const id = `lineage:${this.idPrefix}`;
    const groups: TreeNode[] = [];
    const datasets = this.store.lineage.datasets(v);
    if (datasets.length > 0) {
      const sourceRun = v.runId === null ? null : (this.store.runs.get(v.runId)?.name ?? v.runId);
      groups.push(
        new DetailGroupNode({
          id: `${id}:data`,
          label: vscode.l10n.t('Data ({0})', datasets.length),
          icon: 'database',
          description: vscode.l10n.t('trained and evaluated on'),
          contextValue: 'lineage.data',
          children: () => datasets.map((d) => new DatasetNode(this.folder, `${id}:data:${d.role}:${d.path}`, d, { tag: d.inTag ? tag : null, runName: d.loggedByRun ? sourceRun : null })),
        }),
      );
    }
    const evaluations = this.store.lineage.evaluationCount(v.model, v.version);
    if (evaluations > 0) {
      groups.push(
        new DetailGroupNode({
          id: `${id}:evaluations`,
          label: vscode.l10n.t('Evaluations ({0})', evaluations),
          icon: 'checklist',
          description: vscode.l10n.t('against the metrics at registration'),
          contextValue: 'lineage.evaluations',
          children: () => this.store.lineage.evaluations(v).map((e) => new EvaluationNode(this.folder, id, e)),
        }),
      );
    }
    return groups;
  }

  resolve(item: vscode.TreeItem): vscode.TreeItem {
    const v = this.version;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('$(package) **').appendText(`${v.model} ${v.version}`).appendMarkdown('**');
    if (v.deregistered) md.appendText(` (${vscode.l10n.t('deregistered')})`);
    md.appendMarkdown('\n\n');
    if (v.description) md.appendText(v.description).appendMarkdown('\n\n');
    const labels = this.facts.labels(v.version);
    if (labels.length > 0) md.appendMarkdown('$(tag) ').appendText(labels.join(', ')).appendMarkdown('\n\n');
    if (v.stages.length) md.appendMarkdown(`$(rocket) `).appendText(v.stages.join(', ')).appendMarkdown('\n\n');
    if (v.commit) md.appendMarkdown(`$(git-commit) \`${shortCommit(v.commit)}\``).appendMarkdown('\n\n');
    if (v.createdBy) md.appendMarkdown('$(person) ').appendText(`${v.createdBy} · ${formatTime(v.createdAt)}`).appendMarkdown('\n\n');
    if (v.artifact) md.appendMarkdown('$(file) ').appendText(v.artifact.path).appendMarkdown('\n\n');
    for (const [key, value] of Object.entries(v.metrics)) md.appendMarkdown('- ').appendText(`${key}: ${formatNumber(value)}`).appendMarkdown('\n');
    const health = this.health?.healthOf(this.folder.uri.fsPath, v);
    if (health) appendHealthTooltip(md, health);
    if (this.fromMlflow) this.appendMlflowNote(md);
    item.tooltip = md;
    return item;
  }

  /**
   * Where an MLflow version lives and why the git registry's commands leave it alone, with a link
   * to "Register in Git Registry…" when its artifact is here to register.
   */
  private appendMlflowNote(md: vscode.MarkdownString): void {
    const v = this.version;
    // Prose goes in as escaped Markdown, not appendText, whose non-breaking spaces would keep a long sentence from wrapping.
    const prose = (text: string) => md.appendMarkdown(markdownText(text));
    if (!v.artifact && v.artifactSource) {
      md.appendMarkdown('$(circle-slash) ');
      prose(vscode.l10n.t('Artifact not in this workspace; MLflow recorded it at {0}', v.artifactSource)).appendMarkdown('\n\n');
    }
    md.appendMarkdown('---\n\n$(info) ');
    prose(
      vscode.l10n.t(
        'Version {0} of {1} is in MLflow\'s registry, not in git tags: its stages and aliases are MLflow\'s, and the git registry\'s commands (Assign Stage, Roll Back, Deprecate, Deregister…), which write git tags, do not apply to it.',
        v.version,
        v.model,
      ),
    );
    const adopted = this.adoptedAs();
    if (adopted.length > 0) {
      md.appendMarkdown('\n\n$(tag) ');
      prose(vscode.l10n.t('Its artifact is registered in the git registry as {0}: promote that one.', adopted.join(', ')));
    } else if (v.artifact) {
      const args = encodeURIComponent(JSON.stringify([{ folder: this.folder.uri.fsPath, model: v.model, version: v.version }]));
      md.appendMarkdown('\n\n');
      prose(vscode.l10n.t('To promote it with git tags, register its artifact there:'));
      md.appendMarkdown(` [$(add) ${markdownText(vscode.l10n.t('Register in Git Registry…'))}](command:modelLedger.adoptVersion?${args})`);
      md.isTrusted = { enabledCommands: ['modelLedger.adoptVersion'] };
    } else {
      md.appendMarkdown('\n\n');
      prose(vscode.l10n.t('To register it in the git registry, its artifact must be in this workspace first.'));
    }
  }
}
