import type { Review } from './review';
import { reviewerLabel, signatureStanding } from './reviewChecks';
import type { ReviewsRule } from './policy';

export interface ReviewCount {
  pass: boolean;
  detail: string;
}

/**
 * Counts the approvals of a version for a stage under a `reviews` rule. An approval counts when it
 * is bound to this registration (its version tag; a review bound to none counts, dated after the
 * registration, only for a registration with no tag object), its reviewer is listed (by email or name; anyone when no list), is not the
 * version's author when `not_author`, and is not cancelled by a later rejection of the same
 * reviewer. A signed approval whose signature fails or names someone else never counts; with
 * `signed`, neither does an unsigned one. Each approval that does not count is named with why.
 */
export function countApprovals(
  rule: ReviewsRule,
  reviews: readonly Review[],
  target: { model: string; version: string; stage: string; tagObject: string | null; registeredAt: number; author: string | null },
): ReviewCount {
  const relevant = reviews
    .filter((r) => r.model === target.model && r.version === target.version && r.stage === target.stage && r.decision !== 'request')
    .filter((r) => (r.versionTag !== null ? r.versionTag === target.tagObject : target.tagObject === null && r.at > target.registeredAt))
    .sort((a, b) => a.at - b.at || a.ref.localeCompare(b.ref));
  // A reviewer's latest word stands: a later rejection cancels their approval (and a later approval a rejection).
  const latest = new Map<string, Review>();
  for (const r of relevant) latest.set(identityKey(r.reviewer), r);
  const counted: string[] = [];
  const notCounted: string[] = [];
  const rejected: string[] = [];
  for (const review of latest.values()) {
    const who = reviewerLabel(review.reviewer);
    if (review.decision === 'reject') {
      rejected.push(who);
      continue;
    }
    const why = whyNotCounted(rule, review, target.author);
    if (why) notCounted.push(`${who}: ${why}`);
    else counted.push(who);
  }
  const pass = counted.length >= rule.min;
  const parts = [`${counted.length} of ${rule.min} approval${rule.min === 1 ? '' : 's'}${counted.length ? ` (${counted.join(', ')})` : ''}`];
  if (rule.reviewers.length > 0) parts.push(`from ${rule.reviewers.join(', ')}`);
  if (rejected.length) parts.push(`rejected by ${rejected.join(', ')}`);
  if (notCounted.length) parts.push(`not counted: ${notCounted.join('; ')}`);
  if (!pass && relevant.length === 0) parts.push(`no review of ${target.version} for ${target.stage} yet: ask with "model-ledger review request ${target.model} ${target.version} ${target.stage}"`);
  return { pass, detail: parts.join('; ') };
}

function whyNotCounted(rule: ReviewsRule, review: Review, author: string | null): string | null {
  const signature = signatureStanding(review);
  if (signature === 'invalid') return 'its signature does not verify (edited by hand?)';
  if (signature === 'mismatch') return `signed by ${review.signature!.signer}, not by the reviewer it names (forged?)`;
  if (rule.signed && signature !== 'verified') return 'unsigned, and the policy counts only signed approvals';
  if (rule.reviewers.length > 0 && !rule.reviewers.some((listed) => isPerson(listed, review.reviewer))) return 'not among the listed reviewers';
  if (rule.notAuthor && author !== null && isAuthor(author, review.reviewer)) return 'the author of the version (not_author)';
  return null;
}

/** A reviewer list entry names a person by email (any case) or by exact name. */
function isPerson(listed: string, person: { name: string; email: string }): boolean {
  return listed.includes('@') ? listed.toLowerCase() === person.email.toLowerCase() : listed === person.name;
}

/** "Name <email>" of the registration's tagger against a reviewer: the same email, or the same name when either has none. */
function isAuthor(author: string, person: { name: string; email: string }): boolean {
  const parsed = /^(.*?)\s*<([^>]*)>$/.exec(author);
  const email = parsed?.[2] ?? '';
  if (email !== '' && person.email !== '') return email.toLowerCase() === person.email.toLowerCase();
  return (parsed?.[1] ?? author) === person.name;
}

function identityKey(person: { name: string; email: string }): string {
  return person.email !== '' ? person.email.toLowerCase() : `name:${person.name}`;
}
