import * as vscode from 'vscode';
import { formatTime } from '../../../common/format';
import type { Review } from '../../../core/governance/review';
import { reviewerLabel } from '../../../core/governance/reviewChecks';
import type { TreeNode } from '../treeNode';
import { markdownText } from '../markdownText';

/**
 * A review request of a version not yet approved or rejected: "Review requested for prod", by
 * whom and when, the comment on hover. Approve… and Reject… on it answer for its stage.
 */
export class ReviewRequestNode implements TreeNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly idPrefix: string,
    readonly review: Review,
  ) {}

  getTreeItem(): vscode.TreeItem {
    const r = this.review;
    const item = new vscode.TreeItem(vscode.l10n.t('Review requested for {0}', r.stage), vscode.TreeItemCollapsibleState.None);
    item.id = `${this.idPrefix}:review:${r.ref}`;
    item.iconPath = new vscode.ThemeIcon('comment-discussion');
    item.description = [r.reviewer.name || r.reviewer.email, formatTime(r.at)].join(' · ');
    item.contextValue = 'reviewRequest';
    // No HTML, and the comment's Markdown escaped: a comment shows as the text it is. (Escaped
    // Markdown rather than appendText, whose non-breaking spaces keep a long comment from wrapping.)
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('$(comment-discussion) ').appendMarkdown(markdownText(vscode.l10n.t('{0} asked for a review of {1} {2} for {3}.', reviewerLabel(r.reviewer), r.model, r.version, r.stage)));
    if (r.comment.trim() !== '') md.appendMarkdown('\n\n').appendMarkdown(markdownText(r.comment));
    md.appendMarkdown('\n\n').appendMarkdown(markdownText(formatTime(r.at)));
    item.tooltip = md;
    item.accessibilityInformation = { label: vscode.l10n.t('Review of {0} {1} requested for {2} by {3}', r.model, r.version, r.stage, reviewerLabel(r.reviewer)) };
    return item;
  }

  getChildren(): TreeNode[] {
    return [];
  }
}
