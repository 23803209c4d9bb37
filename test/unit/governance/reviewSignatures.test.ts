import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { signatureStanding } from '../../../src/core/governance/reviewChecks';
import { listReviews, readReviews, writeReview } from '../../../src/registry/reviews';
import { git } from '../registry/gitRepos';
import { configureSigning, LEAD, MALLORY, open, registeredRepo, sshKey } from './reviewRepos';

/** Rewrites a tag object by hand (`git cat-file tag`, edit, `git mktag`) and puts it under the review namespace. */
function forge(dir: string, ref: string, edit: (text: string) => string): string {
  const text = edit(git(dir, ['cat-file', 'tag', ref]) + '\n');
  const object = execFileSync('git', ['mktag'], { cwd: dir, input: text, encoding: 'utf8' }).trim();
  git(dir, ['update-ref', `refs/model-ledger/reviews/churn/${object}`, object]);
  return object;
}

describe('reviews: signatures', () => {
  it('a review signed with an SSH key verifies, and names its signer', async () => {
    const dir = await registeredRepo();
    const ada = sshKey('ada');
    configureSigning(dir, ada.key, [{ principal: 'ada@example.com', pub: ada.pub }]);
    const review = await writeReview(await open(dir), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', sign: true });
    assert.deepEqual(review.signature, { valid: true, signer: 'ada@example.com' });
    assert.match(git(dir, ['cat-file', 'tag', review.ref]), /-----BEGIN SSH SIGNATURE-----/);
    const read = await readReviews(await open(dir));
    assert.deepEqual(read.problems, []);
    assert.equal(signatureStanding(read.reviews[0]!), 'verified');
  });

  it('signs without --sign when git is set to sign every tag (tag.gpgSign)', async () => {
    const dir = await registeredRepo();
    const ada = sshKey('ada');
    configureSigning(dir, ada.key, [{ principal: 'ada@example.com', pub: ada.pub }]);
    git(dir, ['config', 'tag.gpgSign', 'true']);
    const review = await writeReview(await open(dir), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'request' });
    assert.deepEqual(review.signature, { valid: true, signer: 'ada@example.com' });
  });

  it('a signed approval edited by hand to name another reviewer no longer verifies, and is reported', async () => {
    const dir = await registeredRepo();
    const ada = sshKey('ada');
    configureSigning(dir, ada.key, [{ principal: 'ada@example.com', pub: ada.pub }]);
    const genuine = await writeReview(await open(dir), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', sign: true });
    const forged = forge(dir, genuine.ref, (text) => text.replace(/^tagger Ada Lovelace <ada@example\.com>/m, `tagger ${LEAD.name} <${LEAD.email}>`));
    const { judged, problems } = await listReviews(await open(dir));
    const bad = judged.find((j) => j.review.ref.endsWith(forged))!;
    assert.deepEqual(bad.review.reviewer, LEAD);
    assert.equal(bad.review.signature?.valid, false);
    assert.equal(bad.signature, 'invalid');
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, new RegExp(`^The approval of churn v0\\.0\\.1 for prod by Grace Lead <lead@example\\.com> \\(refs/model-ledger/reviews/churn/${forged}\\) is signed, but its signature does not verify \\(.+\\): it may have been edited by hand\\.$`));
  });

  it('an approval signed by one person in another reviewer\'s name is a mismatch', async () => {
    const dir = await registeredRepo();
    const mallory = sshKey('mallory');
    configureSigning(dir, mallory.key, [{ principal: MALLORY.email, pub: mallory.pub }]);
    // Mallory signs with her own key but writes the lead's name as the tagger.
    process.env.GIT_COMMITTER_NAME = LEAD.name;
    process.env.GIT_COMMITTER_EMAIL = LEAD.email;
    try {
      await writeReview(await open(dir), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', sign: true });
    } finally {
      delete process.env.GIT_COMMITTER_NAME;
      delete process.env.GIT_COMMITTER_EMAIL;
    }
    const { judged, problems } = await listReviews(await open(dir));
    assert.deepEqual(judged[0]!.review.reviewer, LEAD);
    assert.deepEqual(judged[0]!.review.signature, { valid: true, signer: MALLORY.email });
    assert.equal(judged[0]!.signature, 'mismatch');
    assert.match(problems[0]!, /by Grace Lead <lead@example\.com> .* is signed by mallory@example\.com, not by the reviewer it names: a forged review/);
  });

  it('a reviewer who sets user.name to their own principal and user.email to the lead\'s does not pass as the lead', async () => {
    const dir = await registeredRepo();
    const bob = sshKey('bob');
    const lead = sshKey('lead');
    configureSigning(dir, bob.key, [{ principal: 'bob@example.com', pub: bob.pub }, { principal: LEAD.email, pub: lead.pub }]);
    process.env.GIT_COMMITTER_NAME = 'bob@example.com';
    process.env.GIT_COMMITTER_EMAIL = LEAD.email;
    try {
      await writeReview(await open(dir), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', sign: true });
    } finally {
      delete process.env.GIT_COMMITTER_NAME;
      delete process.env.GIT_COMMITTER_EMAIL;
    }
    const { judged } = await listReviews(await open(dir));
    assert.deepEqual(judged[0]!.review.reviewer, { name: 'bob@example.com', email: LEAD.email });
    assert.deepEqual(judged[0]!.review.signature, { valid: true, signer: 'bob@example.com' });
    assert.equal(judged[0]!.signature, 'mismatch', 'the signer must be the reviewer\'s email, not their (free to set) name');
  });

  it('a signature git cannot check (no allowed signers file) is reported with git\'s reason', async () => {
    const dir = await registeredRepo();
    const ada = sshKey('ada');
    configureSigning(dir, ada.key, [{ principal: 'ada@example.com', pub: ada.pub }]);
    await writeReview(await open(dir), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', sign: true });
    git(dir, ['config', '--unset', 'gpg.ssh.allowedSignersFile']);
    const read = await readReviews(await open(dir));
    assert.equal(read.reviews.length, 1, 'still listed: the gates decide whether signatures are required');
    assert.deepEqual(read.reviews[0]!.signature, { valid: false, signer: null });
    assert.match(read.problems[0]!, /signature does not verify \(.*allowedSignersFile.*\)/);
  });
});
