import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { UserError } from '../../../src/core/errors';
import { pendingRequests } from '../../../src/core/governance/reviewChecks';
import { listReviews, readReviews, writeReview } from '../../../src/registry/reviews';
import { configureUser, git, openRegistry, tags } from '../registry/gitRepos';
import { LEAD, open, registeredRepo, remoteAndClone } from './reviewRepos';

function mktag(dir: string, text: string): string {
  return execFileSync('git', ['mktag'], { cwd: dir, input: text, encoding: 'utf8' }).trim();
}

async function refuses(work: () => Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => error instanceof UserError && message.test(error.message));
}

describe('reviews: stored in git', () => {
  it('writes a request, an approval and a rejection, each read back with its reviewer and binding', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    const registration = git(dir, ['rev-parse', 'refs/tags/churn@v0.0.1']);
    for (const decision of ['request', 'approve', 'reject'] as const) {
      await writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision, comment: `${decision} it` });
    }
    const read = await readReviews(repo, 'churn');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.reviews.map((r) => [r.decision, r.comment, r.reviewer.name, r.reviewer.email, r.versionTag, r.signature]).sort(), [
      ['approve', 'approve it', 'Ada Lovelace', 'ada@example.com', registration, null],
      ['reject', 'reject it', 'Ada Lovelace', 'ada@example.com', registration, null],
      ['request', 'request it', 'Ada Lovelace', 'ada@example.com', registration, null],
    ]);
    for (const r of read.reviews) assert.match(r.ref, /^refs\/model-ledger\/reviews\/churn\/[0-9a-f]{40}$/);
    // Nothing under refs/tags: git tag -l and GTO see only the registration.
    assert.deepEqual(tags(dir), ['churn@v0.0.1']);
    assert.deepEqual(await readReviews(repo, 'other'), { reviews: [], problems: [] });
  });

  it('keeps the comment whole: HTML, newlines and lines starting with "#"', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    const comment = '<img src=x onerror=alert(1)> looks <b>fine</b>\n\n# not a heading to strip\n  indented';
    await writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', comment });
    assert.equal((await readReviews(repo)).reviews[0]!.comment, comment);
  });

  it('refuses hostile or unknown names before anything is written', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    await refuses(() => writeReview(repo, { model: '-churn', version: 'v0.0.1', stage: 'prod', decision: 'approve' }), /Model name "-churn" must not start with "-"/);
    await refuses(() => writeReview(repo, { model: 'churn', version: '--all', stage: 'prod', decision: 'approve' }), /Version "--all" must not start with "-"/);
    await refuses(() => writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod;rm', decision: 'approve' }), /Stage "prod;rm" contains ";"/);
    await refuses(() => writeReview(repo, { model: 'churn', version: 'v9.9.9', stage: 'prod', decision: 'approve' }), /churn v9\.9\.9 is not registered in this repository \(no tag churn@v9\.9\.9\); nothing was written/);
    const { store, registry } = await openRegistry(dir);
    await refuses(() => registry.review({ model: 'churn', version: 'v0.0.1', stage: 'qa', decision: 'approve' }), /Stage "qa" is not one of the allowed stages \(dev, staging, prod\)/);
    store.close();
    assert.equal(git(dir, ['for-each-ref', 'refs/model-ledger/']), '');
    await refuses(() => readReviews(repo, '-churn'), /must not start with "-"/);
  });

  it('records a review in the audit log with its reviewer', async () => {
    const dir = await registeredRepo();
    const { store, registry } = await openRegistry(dir);
    const review = await registry.review({ model: 'churn', version: 'v0.0.1', stage: 'staging', decision: 'request', comment: 'please' });
    const entry = store.audit.list().at(-1)!;
    assert.deepEqual([entry.actor, entry.action, entry.target, (entry.after as { ref: string }).ref], ['Ada Lovelace <ada@example.com>', 'review.request', 'churn@v0.0.1#staging', review.ref]);
    store.close();
  });

  it('a second identity approves in its clone; both reviews travel through a bare remote', async () => {
    const dir = await registeredRepo();
    const { clone } = remoteAndClone(dir, LEAD);
    const here = await openRegistry(dir);
    await here.registry.review({ model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'request', comment: 'ready for prod?' });
    assert.deepEqual(await here.registry.push(), { remote: 'origin', tags: 1, reviews: 1 });

    const there = await openRegistry(clone);
    const fetched = await there.registry.fetch();
    assert.equal(fetched.newReviews, 1);
    const lead = await open(clone);
    assert.deepEqual(pendingRequests((await readReviews(lead, 'churn')).reviews).map((r) => [r.reviewer.email, r.comment]), [['ada@example.com', 'ready for prod?']]);
    // The lead's approval comes a second later than the request (tag dates are whole seconds).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await there.registry.review({ model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', comment: 'ship it' });
    assert.deepEqual(await there.registry.push(), { remote: 'origin', tags: 1, reviews: 2 });
    there.store.close();

    assert.equal((await here.registry.fetch()).newReviews, 1);
    here.store.close();
    const read = await readReviews(await open(dir), 'churn');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.reviews.map((r) => [r.decision, r.reviewer.name, r.reviewer.email]), [['request', 'Ada Lovelace', 'ada@example.com'], ['approve', LEAD.name, LEAD.email]]);
    assert.deepEqual(pendingRequests(read.reviews), []);
    // Pushing again sends nothing new and conflicts with nothing: each review is its own ref.
    const again = await openRegistry(dir);
    assert.deepEqual(await again.registry.push(), { remote: 'origin', tags: 1, reviews: 2 });
    again.store.close();
  });

  it('two reviewers writing at once never conflict', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    const written = await Promise.all(
      Array.from({ length: 6 }, (_, i) => writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: i % 2 ? 'approve' : 'reject', comment: `#${i}` })),
    );
    assert.equal(new Set(written.map((r) => r.ref)).size, 6);
    assert.equal((await readReviews(repo)).reviews.length, 6);
    assert.deepEqual(tags(dir), ['churn@v0.0.1'], 'no scratch tag is left behind');
  });

  it('a clock-skewed approval bound to the registration counts and is reported as skewed', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    const registered = Number(git(dir, ['for-each-ref', '--format=%(taggerdate:unix)', 'refs/tags/churn@v0.0.1'])) * 1000;
    process.env.GIT_COMMITTER_DATE = `${Math.floor(registered / 1000) - 3600} +0000`;
    try {
      await writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve' });
    } finally {
      delete process.env.GIT_COMMITTER_DATE;
    }
    const read = await readReviews(repo);
    assert.equal(read.reviews.length, 1, 'bound to this registration, it counts');
    assert.equal(read.reviews[0]!.at, registered - 3600_000);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!, /^The approval of churn v0\.0\.1 for prod by Ada Lovelace <ada@example\.com> \(refs\/model-ledger\/reviews\/churn\/[0-9a-f]{40}\) is dated .* before the registration it is bound to .*clock was probably off.*counts\.$/);
    assert.equal((await listReviews(repo)).judged[0]!.standing, 'skewed');
  });

  it('an approval of an earlier registration does not count for the version registered again, whatever its date', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    await writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve' });
    // The version is deleted and registered again (another commit, another tag object); the
    // new tag is dated an hour back, so the old approval is "newer" by the clock.
    git(dir, ['tag', '-d', 'churn@v0.0.1']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'retrain']);
    git(dir, ['tag', '-a', 'churn@v0.0.1', '-m', 'Registering artifact churn version v0.0.1'], { GIT_COMMITTER_DATE: `${Math.floor(Date.now() / 1000) - 3600} +0000` });
    const read = await readReviews(repo);
    assert.deepEqual(read.reviews, []);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]!, /was given for an earlier registration of that version .*does not count: review the version again\.$/);
    assert.equal((await listReviews(repo)).judged[0]!.standing, 'stale');
  });

  it('reports refs under the review namespace that are not reviews, and still reads the rest', async () => {
    const dir = await registeredRepo();
    const repo = await open(dir);
    await writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve' });
    git(dir, ['update-ref', 'refs/model-ledger/reviews/churn/junk', 'HEAD']);
    const hand = mktag(dir, `object ${git(dir, ['rev-parse', 'HEAD'])}\ntype commit\ntag x\ntagger X <x@example.com> 1700000000 +0000\n\nhello\n`);
    git(dir, ['update-ref', `refs/model-ledger/reviews/churn/${hand}`, hand]);
    const read = await readReviews(repo);
    assert.equal(read.reviews.length, 1);
    assert.deepEqual(read.problems.map((p) => p.replace(/[0-9a-f]{40}/, 'ID')).sort(), [
      'refs/model-ledger/reviews/churn/ID is not a review Model Ledger can read: it has no "Model-Ledger-Review:" line.',
      `refs/model-ledger/reviews/churn/junk is not a review (not an annotated tag); remove it with "git update-ref -d 'refs/model-ledger/reviews/churn/junk'".`,
    ]);
  });

  it('quotes a fetched ref name in the command it suggests, so pasting it runs nothing the name holds', async () => {
    const dir = await registeredRepo();
    // A name another repository could push: a command substitution and a quote, both legal in a ref.
    const hostile = `refs/model-ledger/reviews/churn/$(touch${'${IFS}'}pwned)'x`;
    git(dir, ['update-ref', hostile, 'HEAD']);
    const plain = `refs/model-ledger/reviews/churn/${git(dir, ['rev-parse', 'HEAD'])}`;
    git(dir, ['update-ref', plain, 'HEAD']);
    const { problems } = await readReviews(await open(dir));
    const commands = problems.map((p) => /remove it with "(git update-ref -d .*)"\.$/.exec(p)![1]!);
    assert.deepEqual(commands.sort(), [`git update-ref -d ${plain}`, `git update-ref -d '${hostile.replace("'", "'\\''")}'`].sort());
    // Pasted into a shell, each names the ref itself and runs nothing.
    for (const command of commands) execFileSync('sh', ['-c', command], { cwd: dir });
    assert.equal(fs.existsSync(path.join(dir, 'pwned')), false);
    assert.equal(git(dir, ['for-each-ref', 'refs/model-ledger/reviews/']), '');
  });

  it('says who is missing when git has no identity', async () => {
    const dir = await registeredRepo();
    git(dir, ['config', '--unset', 'user.name']);
    git(dir, ['config', '--unset', 'user.email']);
    const repo = await open(dir);
    await refuses(
      () => writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve' }),
      /git does not know who you are|user\.name/,
    );
    configureUser(dir);
  });
});
