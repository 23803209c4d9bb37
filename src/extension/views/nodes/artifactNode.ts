import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatBytes } from '../../../common/format';
import type { Artifact, ModelVersion } from '../../../core/types';
import { parseVersionSource } from '../../../ingest/mlflow/versionSource';
import { isMlflowOrigin } from '../../registry/importedVersions';
import type { TreeNode } from '../treeNode';

/** How the row shows: the git registry's artifact, a copy of an MLflow version's, one that is not here, or another store's. */
type ArtifactKind = 'git' | 'mlflow' | 'mlflowMissing' | 'other';

/**
 * A version's model file or folder: its path, and the sha256 and size recorded when it was
 * registered (the git registry) or imported (an MLflow version's copy in this workspace). Selecting
 * it opens a file and reveals a folder. An MLflow version whose artifact is not in this workspace
 * gets a row that says so, and where MLflow said it was.
 */
export class ArtifactNode implements TreeNode {
  readonly model: string;
  readonly version: string;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly idPrefix: string,
    private readonly modelVersion: ModelVersion,
    /** A git registry version's artifact, which the registry's commands work on. */
    private readonly fromGit: boolean,
    /** For an MLflow artifact that is not here: where this workspace would hold it. */
    private readonly expectedPath: string | null = null,
  ) {
    this.model = modelVersion.model;
    this.version = modelVersion.version;
  }

  get artifact(): Artifact | null {
    return this.modelVersion.artifact;
  }

  private get kind(): ArtifactKind {
    if (this.fromGit) return 'git';
    if (!isMlflowOrigin(this.modelVersion.origin)) return 'other';
    return this.artifact ? 'mlflow' : 'mlflowMissing';
  }

  getTreeItem(): vscode.TreeItem {
    const artifact = this.artifact;
    if (artifact === null) return this.missingItem();
    const kind = this.kind;
    const file = path.resolve(this.folder.uri.fsPath, artifact.path);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    const item = new vscode.TreeItem(kind === 'mlflow' ? mlflowArtifactLabel(artifact.path) : artifact.path, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:artifact`;
    item.iconPath = new vscode.ThemeIcon(stat?.isDirectory() ? 'folder' : 'file-binary');
    item.description = [
      stat ? undefined : vscode.l10n.t('missing'),
      artifact.sha256 ? `sha256 ${artifact.sha256.slice(0, 12)}…` : vscode.l10n.t('no sha256 recorded'),
      formatBytes(artifact.size),
    ]
      .filter(Boolean)
      .join(' · ');
    item.tooltip = [
      vscode.l10n.t('Artifact {0}', artifact.path),
      artifact.sha256 ? `sha256 ${artifact.sha256}` : vscode.l10n.t('no sha256 recorded'),
      artifact.size === null ? undefined : vscode.l10n.t('{0} bytes', artifact.size),
      kind === 'mlflow' ? vscode.l10n.t('The copy in this workspace of what MLflow recorded at {0}; its sha256 was computed when the store was imported.', this.modelVersion.artifactSource ?? '') : undefined,
      stat?.isDirectory() ? vscode.l10n.t('A folder: select to reveal it in the Explorer (and open its MLmodel).') : stat ? vscode.l10n.t('Select to open it.') : vscode.l10n.t('It is no longer at this path.'),
    ]
      .filter(Boolean)
      .join('\n');
    item.contextValue = kind === 'git' ? 'registryArtifact' : kind === 'mlflow' ? 'mlflowArtifact' : 'lineage.artifact';
    if (stat) {
      item.command = {
        command: 'modelLedger.openVersionArtifact',
        title: vscode.l10n.t('Open Artifact'),
        arguments: [{ folder: this.folder.uri.fsPath, path: artifact.path }],
      };
    }
    return item;
  }

  /** An MLflow version whose artifact is not in this workspace: what MLflow said, and why it is not here. */
  private missingItem(): vscode.TreeItem {
    const source = this.modelVersion.artifactSource ?? '';
    const item = new vscode.TreeItem(sourceLabel(source), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:artifact`;
    item.iconPath = new vscode.ThemeIcon('circle-slash');
    item.description = vscode.l10n.t('not in this workspace');
    item.tooltip = [
      vscode.l10n.t('MLflow recorded this version\'s artifact at {0}.', source),
      whyNotHere(source),
      this.expectedPath === null
        ? vscode.l10n.t('No copy of it is in this workspace, so it cannot be opened, verified or registered in the git registry.')
        : vscode.l10n.t('No copy of it is in this workspace (it would be at {0}), so it cannot be opened, verified or registered in the git registry. Copy the files there and import the store again.', this.expectedPath),
    ].join('\n');
    item.contextValue = 'mlflowArtifact.missing';
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

/** An MLflow artifact by its path in the run's (or logged model's) artifacts, as MLflow names it: `data/model.pkl`, `model`. */
export function mlflowArtifactLabel(workspacePath: string): string {
  const place = parseVersionSource(workspacePath).inStore;
  if (place === null) return workspacePath;
  return place.path || (place.kind === 'run' ? path.posix.basename(workspacePath) : place.modelId);
}

/** The name an absent artifact goes by: its path in its run or logged model, else the source's last part. */
function sourceLabel(source: string): string {
  const place = parseVersionSource(source).inStore;
  if (place?.path) return place.path;
  if (place?.kind === 'loggedModel') return place.modelId;
  return source.split(/[\\/]/).filter(Boolean).at(-1) ?? source;
}

function whyNotHere(source: string): string {
  if (/^mlflow-artifacts:/i.test(source)) return vscode.l10n.t('That is an MLflow tracking server\'s artifact store (mlflow server keeps the files in its own mlartifacts folder), which this workspace does not hold.');
  if (/^models:\//i.test(source)) return vscode.l10n.t('That is an MLflow 3 logged model, whose files were logged to the tracking server\'s artifact store rather than to this store.');
  if (/^runs:\//i.test(source)) return vscode.l10n.t('That is a path in the run\'s artifacts, which this store does not hold.');
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(source) && !/^file:/i.test(source)) return vscode.l10n.t('That is a remote artifact store.');
  return vscode.l10n.t('That is a path on the machine that logged it.');
}
