import * as vscode from 'vscode';
import type { TimelineEvent } from '../../core/history/timeline';
import { formatTime, shortCommit } from '../../common/format';
import type { TreeNode } from '../views/treeNode';

const ICONS: Record<string, string> = {
  register: 'tag',
  deregister: 'trash',
  assign: 'rocket',
  unassign: 'debug-step-out',
  deprecate: 'warning',
};

/** One event of the History view: a registry tag (with its audit entry when this store wrote it) or an audit entry alone. */
export class TimelineEventNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    readonly event: TimelineEvent,
    readonly parent?: TreeNode,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const e = this.event;
    const item = new vscode.TreeItem(headline(e), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.folder.uri.toString()}|${e.key}`;
    item.description = [actorName(e.actor), `${formatTime(e.at)} UTC`, e.gate === null ? null : vscode.l10n.t('gate: {0}', e.gate)].filter((p) => p !== null).join(' · ');
    item.iconPath = new vscode.ThemeIcon(e.tag !== null ? (ICONS[e.action] ?? 'tag') : isReview(e) ? 'comment-discussion' : 'history');
    // timelineEvent.stage: a row a stage question can start from.
    item.contextValue = e.model !== null && e.stage !== null ? 'timelineEvent.stage' : 'timelineEvent';
    item.accessibilityInformation = { label: `${headline(e)}, ${e.actor ?? vscode.l10n.t('unknown actor')}, ${formatTime(e.at)} UTC` };
    return item;
  }

  /** The tooltip, built on hover. Every value goes in as text: names from tags and the log are never read as Markdown or HTML. */
  resolve(item: vscode.TreeItem): vscode.TreeItem {
    const e = this.event;
    const tooltip = new vscode.MarkdownString(undefined, true);
    const line = (name: string, value: string | null) => {
      if (value === null || value === '') return;
      tooltip.appendMarkdown(`**${name}:** `);
      tooltip.appendText(value);
      tooltip.appendMarkdown('  \n');
    };
    line(vscode.l10n.t('Event'), headline(e));
    line(vscode.l10n.t('By'), e.actor);
    line(vscode.l10n.t('When'), `${formatTime(e.at)} UTC`);
    line(vscode.l10n.t('Tag'), e.tag);
    line(vscode.l10n.t('Commit'), e.commit === null ? null : shortCommit(e.commit));
    line(vscode.l10n.t('Gate'), e.gate);
    line(vscode.l10n.t('Recorded in'), recordedIn(e));
    line(vscode.l10n.t('Detail'), e.detail);
    item.tooltip = tooltip;
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}

function isReview(e: TimelineEvent): boolean {
  return e.key.startsWith('review:');
}

/** Where the event is kept: git (a tag, a review), the store's audit log, or both. */
function recordedIn(e: TimelineEvent): string {
  const inGit = e.tag !== null ? vscode.l10n.t('git tag') : isReview(e) ? vscode.l10n.t('git review') : null;
  if (inGit === null) return vscode.l10n.t('audit entry {0}', e.auditId ?? '');
  return e.auditId !== null ? vscode.l10n.t('{0} and audit entry {1}', inGit, e.auditId) : vscode.l10n.t('{0} only (written elsewhere)', inGit);
}

/** "assign churn v1.2.0 → prod", "register churn v1.2.0", "run.rename run-1". */
function headline(e: TimelineEvent): string {
  if (e.model === null) return `${e.action} ${e.target}`;
  const subject = [e.model, e.version].filter((p) => p !== null).join(' ');
  return e.stage === null ? `${e.action} ${subject}` : `${e.action} ${subject} → ${e.stage}`;
}

/** "Ada Lovelace" of "Ada Lovelace <ada@example.com>". */
function actorName(actor: string | null): string {
  if (actor === null) return vscode.l10n.t('unknown actor');
  const name = actor.replace(/\s*<[^>]*>$/, '');
  return name === '' ? actor : name;
}
