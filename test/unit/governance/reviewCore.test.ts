import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Review } from '../../../src/core/governance/review';
import { pendingRequests, signatureStanding, signerIsReviewer } from '../../../src/core/governance/reviewChecks';
import { formatReviewMessage, parseReviewMessage } from '../../../src/core/governance/reviewMessage';

function review(decision: Review['decision'], at: number, extra: Partial<Review> = {}): Review {
  return { model: 'churn', version: 'v1.0.0', stage: 'prod', decision, reviewer: { name: 'Ada', email: 'ada@example.com' }, at, comment: '', versionTag: 'a'.repeat(40), signature: null, ref: `r${at}`, ...extra };
}

describe('reviews: message and standing (pure)', () => {
  it('round-trips every field through the message, and says what is wrong with one that is not a review', () => {
    const content = { model: 'nested/dir:churn', version: 'v1.0.0-rc.1', stage: 'prod', decision: 'reject' as const, comment: 'no:\n# heading\n</pre>"quoted"' };
    const message = formatReviewMessage(content);
    assert.match(message, /^Reject nested\/dir:churn v1\.0\.0-rc\.1 for prod\n/);
    assert.deepEqual(parseReviewMessage(message), content);
    assert.equal(parseReviewMessage('hello'), 'it has no "Model-Ledger-Review:" line');
    assert.equal(parseReviewMessage('Model-Ledger-Review: {oops'), 'its "Model-Ledger-Review:" line is not JSON');
    assert.match(parseReviewMessage('Model-Ledger-Review: {"format":2}') as string, /review format 2; this Model Ledger reads format 1/);
    assert.equal(parseReviewMessage(message.replace('"reject"', '"bless"')), 'its decision "bless" is not request, approve or reject');
    assert.equal(parseReviewMessage(message.replace('"stage":"prod"', '"stage":7')), 'its "stage" is not a string');
  });

  it('a request is pending until an approval or rejection comes after it, per stage and registration', () => {
    assert.deepEqual(pendingRequests([review('request', 1000)]).map((r) => r.ref), ['r1000']);
    assert.deepEqual(pendingRequests([review('request', 1000), review('approve', 2000)]), []);
    assert.deepEqual(pendingRequests([review('request', 1000), review('reject', 1000)]), [], 'the same second counts as after');
    assert.deepEqual(pendingRequests([review('approve', 1000), review('request', 2000)]).map((r) => r.ref), ['r2000'], 'asked again after a decision');
    assert.deepEqual(pendingRequests([review('request', 1000), review('approve', 2000, { stage: 'staging' })]).map((r) => r.ref), ['r1000']);
    assert.deepEqual(pendingRequests([review('request', 1000), review('approve', 2000, { versionTag: 'b'.repeat(40) })]).map((r) => r.ref), ['r1000']);
  });

  it('matches a signer to the reviewer by email (SSH principal or OpenPGP user id)', () => {
    const ada = { name: 'Ada', email: 'ada@example.com' };
    assert.equal(signerIsReviewer('ada@example.com', ada), true);
    assert.equal(signerIsReviewer('Ada L <ADA@example.com>', ada), true);
    assert.equal(signerIsReviewer('mallory@example.com', ada), false);
    // A name is anyone's to set: with an email, only the email matches.
    assert.equal(signerIsReviewer('Ada', ada), false);
    assert.equal(signerIsReviewer('Ada <mallory@example.com>', ada), false);
    assert.equal(signerIsReviewer('Ada Lovelace', { name: 'Ada Lovelace', email: '' }), true, 'a name only for a reviewer with no email');
    assert.equal(signatureStanding(review('approve', 1, { signature: { valid: true, signer: 'mallory@example.com' } })), 'mismatch');
    assert.equal(signatureStanding(review('approve', 1, { signature: { valid: false, signer: 'ada@example.com' } })), 'invalid');
    assert.equal(signatureStanding(review('approve', 1, { signature: { valid: true, signer: 'ada@example.com' } })), 'verified');
    assert.equal(signatureStanding(review('approve', 1)), 'unsigned');
  });
});
