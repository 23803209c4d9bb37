import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitRepo } from '../../../src/git/repo';
import { readReviews, writeReview } from '../../../src/registry/reviews';
import { makeRepo, modelFile, openRegistry } from '../registry/gitRepos';

describe('reviews: written to and read from git', () => {
  it('writes a request, an approval and a rejection, and reads each back', async () => {
    const dir = makeRepo('reviews-');
    modelFile(dir);
    const { store, registry } = await openRegistry(dir);
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    store.close();
    const repo = await GitRepo.open(dir);
    for (const decision of ['request', 'approve', 'reject'] as const) {
      await writeReview(repo, { model: 'churn', version: 'v0.0.1', stage: 'prod', decision, comment: `${decision} it` });
    }
    const read = await readReviews(repo, 'churn');
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.reviews.map((r) => [r.decision, r.comment, r.reviewer.email]).sort(), [['approve', 'approve it', 'ada@example.com'], ['reject', 'reject it', 'ada@example.com'], ['request', 'request it', 'ada@example.com']]);
  });
});
