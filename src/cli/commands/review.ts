import { formatTime } from '../../common/format';
import { UserError } from '../../core/errors';
import { isReviewDecision } from '../../core/governance/review';
import { pendingRequests, reviewerLabel, type JudgedReview } from '../../core/governance/reviewChecks';
import type { Command, CommandContext } from '../command';
import { formatTable, printable } from '../table';
import { reportProblems, withRegistry } from '../withRegistry';

/** Longest comment shown in the table; --json has it whole. */
const COMMENT_WIDTH = 60;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'Request, approve or reject a version for a stage (stored in git), or list the reviews.',
  usage: 'model-ledger review request|approve|reject NAME VERSION STAGE [--comment TEXT] [--sign] | model-ledger review list [NAME] [--json]',
  details: [
    'request|approve|reject  writes the review as a tag object under refs/model-ledger/reviews/, in the name of',
    '                        git\'s user.name and user.email, bound to the version\'s registration tag',
    '--comment TEXT          why (kept whole; shown shortened in the list)',
    '--sign                  sign it (git tag -s: user.signingkey, gpg.format ssh or openpgp); with tag.gpgSign on, every review is signed',
    'list [NAME]             every review (of NAME), with its signature and whether it counts; problems go to standard error',
    '--json                  list as JSON: reviews, pending requests and problems',
    'push-registry and fetch-registry carry the reviews with the registry tags.',
  ],
  options: { comment: { type: 'string' }, sign: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: { min: 1, max: 4 },
  async run(ctx) {
    const [action, ...rest] = ctx.positionals as [string, ...string[]];
    if (action === 'list') return list(ctx, rest);
    if (!isReviewDecision(action)) throw new UserError(`"${printable(action)}" is not a review action: use request, approve, reject or list.`);
    if (rest.length !== 3) throw new UserError(`review ${action} needs NAME VERSION STAGE (got ${rest.length} argument(s)).`);
    if (ctx.values.json) throw new UserError('--json is for review list.');
    const [model, version, stage] = rest as [string, string, string];
    await withRegistry(ctx, async (registry) => {
      const review = await registry.review({ model, version, stage, decision: action, comment: (ctx.values.comment as string | undefined) ?? '', sign: ctx.values.sign === true });
      const done = { request: 'Review requested', approve: 'Approved', reject: 'Rejected' }[action];
      const signed = review.signature === null ? '' : review.signature.valid ? ', signed' : ', signed (the signature does not verify here: see "model-ledger review list")';
      ctx.out(`${done}: ${printable(model)} ${printable(version)} for ${printable(stage)} by ${printable(reviewerLabel(review.reviewer))}${signed} (${review.ref})\n`);
    });
    return undefined;
  },
};

async function list(ctx: CommandContext, rest: string[]): Promise<undefined> {
  if (rest.length > 1) throw new UserError(`review list takes at most one NAME (got ${rest.length}).`);
  if (ctx.values.comment !== undefined || ctx.values.sign) throw new UserError('--comment and --sign are for request, approve and reject.');
  await withRegistry(ctx, async (registry) => {
    const { judged, problems } = await registry.reviews(rest[0]);
    const counted = judged.filter((j) => j.standing === 'current' || j.standing === 'skewed').map((j) => j.review);
    const pending = pendingRequests(counted);
    if (ctx.values.json) {
      ctx.out(JSON.stringify({ reviews: judged.map((j) => ({ ...j.review, standing: j.standing, signatureStanding: j.signature })), pending, problems }, null, 2) + '\n');
      return;
    }
    reportProblems(ctx, problems);
    if (judged.length === 0) {
      ctx.out(rest[0] === undefined ? 'No reviews.\n' : `No reviews of ${printable(rest[0])}.\n`);
      return;
    }
    ctx.out(formatTable(['TIME (UTC)', 'MODEL', 'VERSION', 'STAGE', 'DECISION', 'REVIEWER', 'SIGNATURE', 'COUNTS', 'COMMENT'], judged.map(row)));
    if (pending.length > 0) ctx.out(`${pending.length} pending request(s): ${pending.map((p) => `${printable(p.model)} ${printable(p.version)} for ${printable(p.stage)}`).join('; ')}\n`);
  });
  return undefined;
}

function row(j: JudgedReview): string[] {
  const r = j.review;
  const comment = printable(r.comment.replace(/\s+/g, ' ').trim());
  return [
    formatTime(r.at),
    printable(r.model),
    printable(r.version),
    printable(r.stage),
    r.decision,
    printable(reviewerLabel(r.reviewer)),
    j.signature === 'unsigned' ? '-' : j.signature === 'verified' ? `verified (${printable(r.signature!.signer ?? '')})` : j.signature === 'mismatch' ? `MISMATCH (signed by ${printable(r.signature!.signer ?? '')})` : 'INVALID',
    { current: 'yes', skewed: 'yes (clock skew)', stale: 'no (earlier registration)', unregistered: 'no (not registered)' }[j.standing],
    comment.length > COMMENT_WIDTH ? `${comment.slice(0, COMMENT_WIDTH - 1)}…` : comment,
  ];
}
