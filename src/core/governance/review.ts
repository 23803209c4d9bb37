/**
 * A review of a version for a stage, as it is stored in git (see src/registry/reviews.ts): a
 * request for review, an approval or a rejection, written and signed by one git identity.
 */

export type ReviewDecision = 'request' | 'approve' | 'reject';

export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['request', 'approve', 'reject'];

export interface Review {
  model: string;
  version: string;
  stage: string;
  decision: ReviewDecision;
  /** The git identity that wrote it (tagger or commit author). */
  reviewer: { name: string; email: string };
  /** When it was written (ms since epoch, the writer's clock). */
  at: number;
  comment: string;
  /** The object id of the version's registration tag the review was given for (binds it to this registration whatever the clocks say); null when the version was not registered by a tag. */
  versionTag: string | null;
  /** null when unsigned; else whether `git verify-*` passed and the identity it verified as. */
  signature: { valid: boolean; signer: string | null } | null;
  /** Where it lives (a ref name or note), for messages. */
  ref: string;
}

export function isReviewDecision(value: string): value is ReviewDecision {
  return (REVIEW_DECISIONS as readonly string[]).includes(value);
}
