import * as vscode from 'vscode';
import type { Review, ReviewDecision } from '../../core/governance/review';
import type { ModelState, VersionState } from '../../core/registryState';
import { openForWrite, type RegistryCommandContext } from './commandContext';
import { pick } from './pickers';
import { booleanOption, chooseModel, chooseVersion, readTarget, stringOption } from './targets';

/** Longest comment the input box takes (the CLI's limit is the registry's). */
const MAX_COMMENT = 2000;

/** "Request Review…": asks for a review of a version for a stage. Arguments: `{ folder, model, version, stage, comment, sign }`. */
export function requestReviewCommand(ctx: RegistryCommandContext, arg: unknown): Promise<Review | undefined> {
  return reviewCommand(ctx, arg, 'request');
}

/** "Approve…": approves a version for a stage, in the user's git identity. Arguments as Request Review…. */
export function approveReviewCommand(ctx: RegistryCommandContext, arg: unknown): Promise<Review | undefined> {
  return reviewCommand(ctx, arg, 'approve');
}

/** "Reject…": rejects a version for a stage. Arguments as Request Review…. */
export function rejectReviewCommand(ctx: RegistryCommandContext, arg: unknown): Promise<Review | undefined> {
  return reviewCommand(ctx, arg, 'reject');
}

function titleOf(decision: ReviewDecision): string {
  return { request: vscode.l10n.t('Request Review'), approve: vscode.l10n.t('Approve'), reject: vscode.l10n.t('Reject') }[decision];
}

async function reviewCommand(ctx: RegistryCommandContext, arg: unknown, decision: ReviewDecision): Promise<Review | undefined> {
  const title = titleOf(decision);
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title));
  if (!model || !version) return undefined;
  const pending = ctx.reviews?.pendingOf(open.folder.uri.fsPath, model.name, version.version) ?? [];
  const stage = stringOption(target, 'stage') ?? (await pickReviewStage(open.registry.allowedStages(), model, version, pending, title));
  if (!stage) return undefined;
  const comment = stringOption(target, 'comment') ?? (await askComment(decision, model.name, version.version, stage, title));
  if (comment === undefined) return undefined;
  const review = await open.registry.review({ model: model.name, version: version.version, stage, decision, comment, sign: booleanOption(target, 'sign') === true });
  await ctx.reviews?.reload(open.folder);
  const signed = review.signature === null ? '' : ` ${vscode.l10n.t('(signed)')}`;
  const done = {
    request: vscode.l10n.t('Review of {0} {1} for {2} requested.', model.name, version.version, stage),
    approve: vscode.l10n.t('{0} {1} approved for {2}.', model.name, version.version, stage),
    reject: vscode.l10n.t('{0} {1} rejected for {2}.', model.name, version.version, stage),
  }[decision];
  void ctx.feedback.info(done + signed);
  return review;
}

/** The stage: those with a request waiting come first (what a reviewer is usually answering). */
function pickReviewStage(stages: readonly string[], model: ModelState, version: VersionState, pending: readonly Review[], title: string): Promise<string | undefined> {
  const requested = new Set(pending.map((r) => r.stage));
  const ordered = [...stages.filter((s) => requested.has(s)), ...stages.filter((s) => !requested.has(s))];
  return pick(
    ordered.map((stage) => {
      const holder = model.stages.find((s) => s.stage === stage)?.version;
      const facts = [
        requested.has(stage) ? vscode.l10n.t('review requested') : undefined,
        version.stages.includes(stage) ? vscode.l10n.t('holds it now') : holder ? vscode.l10n.t('now {0}', holder) : vscode.l10n.t('empty'),
      ];
      return { label: stage, description: facts.filter(Boolean).join(' · '), iconPath: new vscode.ThemeIcon(requested.has(stage) ? 'comment-discussion' : 'rocket'), value: stage };
    }),
    { title, placeHolder: vscode.l10n.t('For which stage?') },
  );
}

/** An optional comment; undefined when the user backs out (Escape), '' when they leave it empty. */
function askComment(decision: ReviewDecision, model: string, version: string, stage: string, title: string): Thenable<string | undefined> {
  const prompt = {
    request: vscode.l10n.t('Comment for the reviewers of {0} {1} for {2} (optional)', model, version, stage),
    approve: vscode.l10n.t('Why {0} {1} may go to {2} (optional)', model, version, stage),
    reject: vscode.l10n.t('Why {0} {1} may not go to {2} (optional)', model, version, stage),
  }[decision];
  return vscode.window.showInputBox({
    title,
    prompt,
    ignoreFocusOut: true,
    validateInput: (value) => (value.length > MAX_COMMENT ? vscode.l10n.t('Keep the comment under {0} characters.', MAX_COMMENT) : null),
  });
}
