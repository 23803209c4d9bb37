import * as vscode from 'vscode';
import { formatNumber, formatTime, shortCommit } from '../../../common/format';
import type { Run, RunStatus } from '../../../core/types';
import type { ListedRun } from '../../../store/runListing';
import type { Store } from '../../../store/store';
import { relativeTime } from '../relativeTime';
import type { TreeNode } from '../treeNode';
import { runDetailNodes } from './runDetailNodes';
import { actorName } from './timelineRow';

const STATUS_COLORS: Record<RunStatus, vscode.ThemeColor | undefined> = {
  running: new vscode.ThemeColor('charts.blue'),
  scheduled: undefined,
  finished: new vscode.ThemeColor('testing.iconPassed'),
  failed: new vscode.ThemeColor('testing.iconFailed'),
  killed: new vscode.ThemeColor('disabledForeground'),
};

const STATUS_ICONS: Record<RunStatus, string> = {
  running: 'sync~spin',
  scheduled: 'clock',
  finished: 'pass',
  failed: 'error',
  killed: 'circle-slash',
};

/** A run's icon: its status; a pinned run shows a pin in its status colour, except a running one, which keeps spinning. */
function runIcon(run: Run, pinned: boolean): vscode.ThemeIcon {
  if (run.deleted) return new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
  if (run.importing) return new vscode.ThemeIcon('loading~spin'); // incomplete in the store: never shown as its status yet
  const icon = pinned && run.status !== 'running' ? 'pinned' : STATUS_ICONS[run.status];
  return new vscode.ThemeIcon(icon, STATUS_COLORS[run.status]);
}

/** How a listed run is deleted: by a user (Restore Run undoes it), at its source (only the source can undo it), or not. */
export type RunDeletion = 'byUser' | 'atSource' | null;

/**
 * The contextValue of a run row, for the `when` clauses of its menus: `run.<status>`, then in this
 * order `.pinned`, `.git` (it has a commit) and `.deleted` (by a user) or `.sourceDeleted`, when
 * they apply: `run.finished.pinned.git`, `run.failed.deleted`.
 */
export function runContextValue(run: Run, pinned: boolean, deletion: RunDeletion): string {
  const deleted = deletion === 'byUser' ? 'deleted' : deletion === 'atSource' ? 'sourceDeleted' : undefined;
  return ['run', run.status, pinned ? 'pinned' : undefined, run.git ? 'git' : undefined, deleted].filter(Boolean).join('.');
}

/** A run: status icon, display name, key metric and when it started; it expands to its details. */
export class RunNode implements TreeNode {
  readonly run: Run;
  readonly deletion: RunDeletion;
  /** Who deleted the run and when, for a run a user deleted. */
  private readonly deleted: { at: number; by: string | null } | undefined;

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly listed: ListedRun,
    readonly parent?: TreeNode,
  ) {
    this.run = listed.run;
    // Deleted rows are listed only on request, so this lookup is rare.
    const annotation = this.run.deleted ? store.runAnnotations.annotations(this.run.id) : undefined;
    this.deleted = annotation?.deletedAt != null ? { at: annotation.deletedAt, by: annotation.deletedBy } : undefined;
    this.deletion = !this.run.deleted ? null : this.deleted ? 'byUser' : 'atSource';
  }

  get pinned(): boolean {
    return this.listed.pinned;
  }

  /** Built once: the node lives as long as its experiment's listing, which a change to the run replaces. */
  private item: vscode.TreeItem | undefined;

  getTreeItem(): vscode.TreeItem {
    this.item ??= this.buildTreeItem();
    return this.item;
  }

  private buildTreeItem(): vscode.TreeItem {
    const { run, pinned } = this;
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `run:${this.folder.uri.toString()}:${run.id}`;
    item.iconPath = runIcon(run, pinned);
    const description = this.description();
    item.description = description;
    item.contextValue = runContextValue(run, pinned, this.deletion);
    item.command = {
      command: 'modelLedger.showRun',
      title: vscode.l10n.t('Show Run'),
      arguments: [{ folder: this.folder.uri.fsPath, runId: run.id }],
    };
    item.accessibilityInformation = {
      label: [vscode.l10n.t('Run {0}, {1}', run.name, run.status), pinned ? vscode.l10n.t('pinned') : undefined, run.deleted ? vscode.l10n.t('deleted') : undefined, description]
        .filter(Boolean)
        .join(', '),
    };
    return item;
  }

  getChildren(): TreeNode[] {
    return runDetailNodes(this.folder, this.store, this.run, this.listed.note);
  }

  resolve(item: vscode.TreeItem): vscode.TreeItem {
    item.tooltip = this.tooltip();
    return item;
  }

  private description(): string {
    const metric = this.listed.keyMetric;
    const importing = this.run.importing ? vscode.l10n.t('importing…') : '';
    return [importing, metric ? `${metric.key} ${formatNumber(metric.last)}` : '', relativeTime(this.run.startTime)].filter(Boolean).join(' · ');
  }

  /** A Markdown card; every name and value goes through appendText, so hostile text stays text. */
  private tooltip(): vscode.MarkdownString {
    const { run, listed } = this;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(beaker) **`).appendText(run.name).appendMarkdown(`** — `).appendText(run.status);
    if (listed.pinned) md.appendMarkdown(' · $(pinned) ').appendText(vscode.l10n.t('pinned'));
    if (this.deletion) md.appendMarkdown(' · $(trash) ').appendText(this.deletion === 'byUser' ? vscode.l10n.t('deleted') : vscode.l10n.t('deleted at its source'));
    md.appendMarkdown('\n\n');
    if (this.deleted) {
      const when = formatTime(this.deleted.at);
      md.appendText(this.deleted.by ? vscode.l10n.t('Deleted by {0} on {1}', actorName(this.deleted.by) ?? this.deleted.by, when) : vscode.l10n.t('Deleted on {0}', when)).appendMarkdown('\n\n');
    }
    if (listed.originalName) md.appendText(vscode.l10n.t('Imported as {0}', listed.originalName)).appendMarkdown('\n\n');
    md.appendMarkdown('$(clock) ').appendText(formatTime(run.startTime)).appendMarkdown(' · ').appendText(run.id).appendMarkdown('\n\n');
    const git = run.git;
    if (git) md.appendMarkdown(`$(git-commit) \`${shortCommit(git.commit)}\``).appendText(`${git.branch ? ` ${git.branch}` : ''}${git.dirty ? ` (${vscode.l10n.t('dirty')})` : ''}`).appendMarkdown('\n\n');
    if (listed.note) md.appendMarkdown('$(note) ').appendText(listed.note).appendMarkdown('\n\n');
    appendPairs(md, vscode.l10n.t('Params'), Object.entries(this.store.runs.params(run.id)));
    appendPairs(
      md,
      vscode.l10n.t('Metrics'),
      [...this.store.metrics.summaries(run.id)].map(([k, s]) => [k, `${formatNumber(s.last)} (min ${formatNumber(s.min)}, max ${formatNumber(s.max)})`]),
    );
    return md;
  }
}

/** Appends a titled list; values go through appendText so a hostile name stays text. */
function appendPairs(md: vscode.MarkdownString, title: string, pairs: [string, string][]): void {
  if (pairs.length === 0) return;
  md.appendMarkdown(`**${title}**\n\n`);
  for (const [key, value] of pairs.slice(0, 20)) md.appendMarkdown('- ').appendText(`${key}: ${value}`).appendMarkdown('\n');
  if (pairs.length > 20) md.appendMarkdown(`- … ${vscode.l10n.t('{0} more', pairs.length - 20)}\n`);
  md.appendMarkdown('\n');
}
