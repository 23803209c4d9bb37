import type { Review } from './review';

/** A version's registration as git holds it now: what a review must be bound to. */
export interface Registration {
  model: string;
  version: string;
  /** The registration tag's object id; null for a lightweight tag (the version's commit binds then). */
  tagObject: string | null;
  commit: string;
  /** The registration tag's date (ms), or 0 when unknown (a lightweight tag). */
  at: number;
}

/**
 * current: bound to the version's registration now in git. skewed: bound to it but dated before it
 * (the writer's clock was off): it still counts, since the binding, not the date, says what it
 * was given for. stale: given for an earlier registration of that version (deleted and registered
 * again). unregistered: no such version is registered.
 */
export type ReviewStanding = 'current' | 'skewed' | 'stale' | 'unregistered';

/** unsigned; verified and signed by the reviewer; invalid (git did not verify it); mismatch (verified, but signed by someone other than the named reviewer). */
export type SignatureStanding = 'unsigned' | 'verified' | 'invalid' | 'mismatch';

export interface JudgedReview {
  review: Review;
  standing: ReviewStanding;
  signature: SignatureStanding;
}

export function registrationKey(model: string, version: string): string {
  return `${model}\0${version}`;
}

/** Whether the review is bound to `registration` (its tag object, else its commit). */
export function reviewBinding(review: Review, target: string, registration: Registration | undefined): ReviewStanding {
  if (!registration) return 'unregistered';
  const bound = registration.tagObject !== null ? review.versionTag === registration.tagObject : review.versionTag === null && target === registration.commit;
  if (!bound) return 'stale';
  return review.at < registration.at ? 'skewed' : 'current';
}

/**
 * Whether a signed review was signed by the identity it names. The signer is what git verified:
 * an SSH principal (usually an email) from gpg.ssh.allowedSignersFile, or an OpenPGP user id
 * ("Name <email>"). A reviewer with an email is matched on it alone: names are free to set, so a
 * name matching would let anyone sign as anyone whose name they copy; a name only when the
 * reviewer has no email.
 */
export function signatureStanding(review: Review): SignatureStanding {
  const sig = review.signature;
  if (sig === null) return 'unsigned';
  if (!sig.valid || sig.signer === null) return 'invalid';
  return signerIsReviewer(sig.signer, review.reviewer) ? 'verified' : 'mismatch';
}

export function signerIsReviewer(signer: string, reviewer: { name: string; email: string }): boolean {
  if (reviewer.email !== '') return (/<([^>]*)>/.exec(signer)?.[1] ?? signer).trim().toLowerCase() === reviewer.email.toLowerCase();
  return signer.trim() === reviewer.name;
}

/** "Ada Lovelace <ada@example.com>": how a reviewer is named in lists and messages. */
export function reviewerLabel(reviewer: { name: string; email: string }): string {
  return reviewer.email === '' ? reviewer.name : `${reviewer.name} <${reviewer.email}>`;
}

const VERB: Record<Review['decision'], string> = { request: 'review request', approve: 'approval', reject: 'rejection' };

/** One line per review that does not simply count: what is wrong, where, and what to do. */
export function reviewProblem(judged: JudgedReview, registration: Registration | undefined, signatureDetail: string): string | null {
  const { review, standing, signature } = judged;
  const what = `The ${VERB[review.decision]} of ${review.model} ${review.version} for ${review.stage} by ${reviewerLabel(review.reviewer)} (${review.ref})`;
  const lines: string[] = [];
  if (standing === 'unregistered') lines.push(`${what} is for a version that is not registered; it does not count.`);
  if (standing === 'stale') lines.push(`${what} was given for an earlier registration of that version (it was registered again since); it does not count: review the version again.`);
  if (standing === 'skewed' && registration) {
    lines.push(
      `${what} is dated ${new Date(review.at).toISOString()}, before the registration it is bound to (${new Date(registration.at).toISOString()}): the writer's clock was probably off. It is bound to this registration, so it counts.`,
    );
  }
  if (signature === 'invalid') lines.push(`${what} is signed, but its signature does not verify${signatureDetail ? ` (${signatureDetail})` : ''}: it may have been edited by hand.`);
  if (signature === 'mismatch') lines.push(`${what} is signed by ${review.signature!.signer}, not by the reviewer it names: a forged review, or a signing key in someone else's name.`);
  return lines.length === 0 ? null : lines.join(' ');
}

/**
 * The review requests still waiting: for each model, version (this registration) and stage, the
 * latest request when no approval or rejection came after it.
 */
export function pendingRequests(reviews: readonly Review[]): Review[] {
  const latest = new Map<string, { request: Review | null; decided: number }>();
  for (const r of reviews) {
    const key = `${r.model}\0${r.version}\0${r.stage}\0${r.versionTag ?? ''}`;
    const entry = latest.get(key) ?? { request: null, decided: -Infinity };
    if (r.decision === 'request') {
      if (!entry.request || r.at > entry.request.at) entry.request = r;
    } else entry.decided = Math.max(entry.decided, r.at);
    latest.set(key, entry);
  }
  return [...latest.values()].flatMap((e) => (e.request && e.request.at > e.decided ? [e.request] : [])).sort((a, b) => a.at - b.at);
}
