import * as vscode from 'vscode';
import { formatNumber, formatTime, shortCommit } from '../../../common/format';
import { runLabelText } from '../../../common/runLabelText';
import { isStaleRun } from '../../../core/runStaleness';
import type { Run, RunStatus } from '../../../core/types';
import type { ListedRun } from '../../../store/runListing';
import type { Store } from '../../../store/store';
import { runStatusLabel } from '../runQueryWords';
import { relativeTime } from '../relativeTime';
import { showRunCommand } from '../showRunCommand';
import type { TreeNode } from '../treeNode';
import { runDetailNodes } from './runDetailNodes';
import { actorName } from './timelineRow';

/** What a run row shows as its state: its status, or `stale` for a running run with no new data for too long. */
export type RunRowState = RunStatus | 'stale';

const STATE_COLORS: Record<RunRowState, vscode.ThemeColor | undefined> = {
  running: new vscode.ThemeColor('charts.blue'),
  scheduled: undefined,
  finished: new vscode.ThemeColor('testing.iconPassed'),
  failed: new vscode.ThemeColor('testing.iconFailed'),
  killed: new vscode.ThemeColor('disabledForeground'),
  stale: new vscode.ThemeColor('list.warningForeground'),
};

const STATE_ICONS: Record<RunRowState, string> = {
  running: 'sync~spin',
  scheduled: 'clock',
  finished: 'pass',
  failed: 'error',
  killed: 'circle-slash',
  stale: 'warning',
};

/** A run's icon: its state; a pinned run shows a pin in its state colour, except a running one, which keeps spinning. */
function runIcon(run: Run, state: RunRowState, pinned: boolean): vscode.ThemeIcon {
  if (run.deleted) return new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
  if (run.importing) return new vscode.ThemeIcon('loading~spin'); // incomplete in the store: never shown as its status yet
  const icon = pinned && state !== 'running' ? 'pinned' : STATE_ICONS[state];
  return new vscode.ThemeIcon(icon, STATE_COLORS[state]);
}

/** How a listed run is deleted: by a user (Restore Run undoes it), at its source (only the source can undo it), or not. */
export type RunDeletion = 'byUser' | 'atSource' | null;

/**
 * The contextValue of a run row, for the `when` clauses of its menus: `run.<state>` (its status, or
 * `stale`), then in this order `.pinned`, `.git` (it has a commit) and `.deleted` (by a user) or
 * `.sourceDeleted`, when they apply: `run.finished.pinned.git`, `run.failed.deleted`, `run.stale.git`.
 */
export function runContextValue(run: Run, pinned: boolean, deletion: RunDeletion, state: RunRowState = run.status): string {
  const deleted = deletion === 'byUser' ? 'deleted' : deletion === 'atSource' ? 'sourceDeleted' : undefined;
  return ['run', state, pinned ? 'pinned' : undefined, run.git ? 'git' : undefined, deleted].filter(Boolean).join('.');
}

export interface RunNodeOptions {
  folder: vscode.WorkspaceFolder;
  store: Store;
  listed: ListedRun;
  /** Its experiment's row. */
  parent: TreeNode;
  /** What tells it apart from same-named runs listed beside it (core/runLabels.ts); null when its name is unique there. */
  qualifier: string | null;
  /** After how long without new data a running run is stale (ms; 0: never). */
  staleAfter: number;
}

/**
 * A run: state icon, display name, then in its description what tells it apart from same-named runs,
 * its key metric and when it started (or, stale, when it last logged), in that order so the narrow
 * default side bar cuts the least useful part. It expands to its details.
 */
export class RunNode implements TreeNode {
  readonly folder: vscode.WorkspaceFolder;
  readonly run: Run;
  readonly listed: ListedRun;
  readonly parent: TreeNode;
  readonly deletion: RunDeletion;
  private readonly store: Store;
  private readonly staleAfter: number;
  private qualifierText: string | null;
  /** Who deleted the run and when, for a run a user deleted. */
  private readonly deleted: { at: number; by: string | null } | undefined;
  /** Built once, and again when the qualifier changes: the node lives as long as its experiment's listing, which a change to the run replaces. */
  private item: vscode.TreeItem | undefined;

  constructor(options: RunNodeOptions) {
    ({ folder: this.folder, store: this.store, listed: this.listed, parent: this.parent, staleAfter: this.staleAfter } = options);
    this.qualifierText = options.qualifier;
    this.run = this.listed.run;
    // Deleted rows are listed only on request, so this lookup is rare.
    const annotation = this.run.deleted ? this.store.runAnnotations.annotations(this.run.id) : undefined;
    this.deleted = annotation?.deletedAt != null ? { at: annotation.deletedAt, by: annotation.deletedBy } : undefined;
    this.deletion = !this.run.deleted ? null : this.deleted ? 'byUser' : 'atSource';
  }

  get pinned(): boolean {
    return this.listed.pinned;
  }

  get qualifier(): string | null {
    return this.qualifierText;
  }

  /** Another page listed beside it can change what tells it apart; its row is drawn again. */
  set qualifier(qualifier: string | null) {
    if (qualifier === this.qualifierText) return;
    this.qualifierText = qualifier;
    this.item = undefined;
  }

  /** The name as one string, with its qualifier: a tab title, a message. */
  get labelText(): string {
    return runLabelText({ name: this.run.name, qualifier: this.qualifierText });
  }

  /** Its status, or stale: still running by its source, but with no new data for longer than the setting allows. */
  state(now = Date.now()): RunRowState {
    return isStaleRun(this.run.status, this.listed.lastUpdate, now, this.staleAfter) ? 'stale' : this.run.status;
  }

  getTreeItem(): vscode.TreeItem {
    this.item ??= this.buildTreeItem();
    return this.item;
  }

  private buildTreeItem(): vscode.TreeItem {
    const { run, pinned } = this;
    const now = Date.now();
    const state = this.state(now);
    const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `run:${this.folder.uri.toString()}:${run.id}`;
    item.iconPath = runIcon(run, state, pinned);
    const facts = this.facts(state, now);
    // A teammate's run (pulled from the team store) says whose it is, before the facts a narrow side bar cuts.
    item.description = [this.qualifierText, run.owner, facts].filter(Boolean).join(' · ');
    item.contextValue = runContextValue(run, pinned, this.deletion, state);
    item.command = showRunCommand(this.folder, run.id);
    item.accessibilityInformation = {
      label: [
        vscode.l10n.t('Run {0}, {1}', this.labelText, stateLabel(state)),
        run.owner ? vscode.l10n.t('logged by {0}', run.owner) : undefined,
        pinned ? vscode.l10n.t('pinned') : undefined,
        run.deleted ? vscode.l10n.t('deleted') : undefined,
        facts,
      ]
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

  /** The key metric, then when it started, or for a stale run when it last logged: the ages in their short form. */
  private facts(state: RunRowState, now: number): string {
    const metric = this.listed.keyMetric;
    const age =
      state === 'stale'
        ? vscode.l10n.t('stale, updated {0}', relativeTime(this.listed.lastUpdate, now, 'narrow'))
        : relativeTime(this.run.startTime, now, 'narrow');
    const importing = this.run.importing ? vscode.l10n.t('importing…') : '';
    return [importing, metric ? `${metric.key} ${formatNumber(metric.last)}` : '', age].filter(Boolean).join(' · ');
  }

  /** A Markdown card; every name and value goes through appendText, so hostile text stays text. */
  private tooltip(): vscode.MarkdownString {
    const { run, listed } = this;
    const now = Date.now();
    const state = this.state(now);
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(beaker) **`).appendText(run.name).appendMarkdown(`**`);
    if (this.qualifierText) md.appendText(` (${this.qualifierText})`);
    md.appendMarkdown(' — ').appendText(stateLabel(state));
    if (listed.pinned) md.appendMarkdown(' · $(pinned) ').appendText(vscode.l10n.t('pinned'));
    if (this.deletion) md.appendMarkdown(' · $(trash) ').appendText(this.deletion === 'byUser' ? vscode.l10n.t('deleted') : vscode.l10n.t('deleted at its source'));
    md.appendMarkdown('\n\n');
    if (run.owner) md.appendMarkdown('$(person) ').appendText(vscode.l10n.t('Logged by {0}, pulled from the team store', run.owner)).appendMarkdown('\n\n');
    if (state === 'stale' && listed.lastUpdate !== null) {
      md.appendMarkdown('$(warning) ')
        .appendText(
          vscode.l10n.t(
            'Still marked running, but nothing new since {0} ({1}): its process has most likely stopped. Setting: Model Ledger › Stale Run Hours.',
            formatTime(listed.lastUpdate),
            relativeTime(listed.lastUpdate, now),
          ),
        )
        .appendMarkdown('\n\n');
    }
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

/** A run's state as the user reads it. */
export function stateLabel(state: RunRowState): string {
  return state === 'stale' ? vscode.l10n.t('stale') : runStatusLabel(state);
}

/** Appends a titled list; values go through appendText so a hostile name stays text. */
function appendPairs(md: vscode.MarkdownString, title: string, pairs: [string, string][]): void {
  if (pairs.length === 0) return;
  md.appendMarkdown(`**${title}**\n\n`);
  for (const [key, value] of pairs.slice(0, 20)) md.appendMarkdown('- ').appendText(`${key}: ${value}`).appendMarkdown('\n');
  if (pairs.length > 20) md.appendMarkdown(`- … ${vscode.l10n.t('{0} more', pairs.length - 20)}\n`);
  md.appendMarkdown('\n');
}
