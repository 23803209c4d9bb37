import * as vscode from 'vscode';
import { formatNumber, formatTime, shortCommit } from '../../../core/format';
import type { Run, RunStatus } from '../../../core/types';
import type { Store } from '../../../store/store';
import type { TreeNode } from '../treeNode';

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  running: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  scheduled: new vscode.ThemeIcon('clock'),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  killed: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

export class RunNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly store: Store,
    readonly run: Run,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.run.name, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${this.folder.uri.toString()}:${this.run.id}`;
    item.iconPath = STATUS_ICONS[this.run.status];
    item.description = this.description();
    item.contextValue = `run.${this.run.status}`;
    item.command = {
      command: 'modelLedger.showRun',
      title: vscode.l10n.t('Show Run'),
      arguments: [{ folder: this.folder.uri.fsPath, runId: this.run.id }],
    };
    item.accessibilityInformation = { label: vscode.l10n.t('Run {0}, {1}', this.run.name, this.run.status) };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }

  resolve(item: vscode.TreeItem): vscode.TreeItem {
    item.tooltip = this.tooltip();
    return item;
  }

  private description(): string {
    const first = this.store.metrics.summaries(this.run.id).entries().next().value;
    const metric = first ? `${first[0]} ${formatNumber(first[1].last)}` : '';
    return [metric, formatTime(this.run.startTime)].filter(Boolean).join(' · ');
  }

  private tooltip(): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(beaker) **`).appendText(this.run.name).appendMarkdown(`** — ${this.run.status}\n\n`);
    const git = this.run.git;
    if (git) md.appendMarkdown(`$(git-commit) \`${shortCommit(git.commit)}\``).appendText(`${git.branch ? ` ${git.branch}` : ''}${git.dirty ? ' (dirty)' : ''}`).appendMarkdown('\n\n');
    appendPairs(md, vscode.l10n.t('Params'), Object.entries(this.store.runs.params(this.run.id)));
    appendPairs(
      md,
      vscode.l10n.t('Metrics'),
      [...this.store.metrics.summaries(this.run.id)].map(([k, s]) => [k, `${formatNumber(s.last)} (min ${formatNumber(s.min)}, max ${formatNumber(s.max)})`]),
    );
    return md;
  }
}

/** Appends a titled list; values go through appendText so a hostile name stays text. */
function appendPairs(md: vscode.MarkdownString, title: string, pairs: [string, string][]): void {
  if (pairs.length === 0) return;
  md.appendMarkdown(`**${title}**\n\n`);
  for (const [key, value] of pairs.slice(0, 20)) md.appendMarkdown('- ').appendText(`${key}: ${value}`).appendMarkdown('\n');
  if (pairs.length > 20) md.appendMarkdown(`- … ${pairs.length - 20} more\n`);
  md.appendMarkdown('\n');
}
