import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Review } from '../../src/core/governance/review';
import type { ModelLedgerApi } from '../../src/extension/extension';
import { activateApi, waitFor, workspaceFolder } from './helpers';
import { git, gitIn, removeModelTags, rowsOf, run, versionRow } from './registryHelpers';

const MODEL = 'review-model';
const REVIEWS = `refs/model-ledger/reviews/${MODEL}/`;

async function reviewRefs(): Promise<string[]> {
  return (await git('for-each-ref', '--format=%(refname)', REVIEWS)).split('\n').filter(Boolean);
}

async function description(api: ModelLedgerApi): Promise<string> {
  return String((await versionRow(api, MODEL, 'v0.1.0')).item.description ?? '');
}

suite('reviews: Request Review…, Approve…, Reject… and pending requests in the Models view', () => {
  let api: ModelLedgerApi;
  let identity: string;
  const folder = () => workspaceFolder().uri.fsPath;

  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    const commit = (await git('log', '--format=%H', '--grep', '^Train logreg-default$')).trim();
    const registered = await run('modelLedger.registerVersion', { folder: folder(), model: MODEL, version: 'v0.1.0', commit, artifactPath: 'models/churn.pkl', description: '', allowDirty: true });
    assert.ok(registered, JSON.stringify(api.registry.feedback.last));
    identity = (await git('var', 'GIT_COMMITTER_IDENT')).replace(/ <.*$/s, '');
  });

  suiteTeardown(async () => {
    for (const ref of await reviewRefs()) await git('update-ref', '-d', ref);
    await removeModelTags(api, MODEL);
  });

  test('a teammate\'s request, arriving in the repository\'s refs, shows on the version and as a row of its own', async () => {
    // The teammate works in a clone with their own identity and pushes the review into this repository.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-reviewer-'));
    try {
      const clone = path.join(scratch, 'clone');
      await gitIn(scratch, 'clone', '--quiet', folder(), clone);
      await gitIn(clone, 'config', 'user.name', 'Teammate');
      await gitIn(clone, 'config', 'user.email', 'mate@example.com');
      const message = `Review requested: ${MODEL} v0.1.0 for prod\n\nModel-Ledger-Review: ${JSON.stringify({ format: 1, model: MODEL, version: 'v0.1.0', stage: 'prod', decision: 'request', comment: '<img src=x onerror=alert(1)> **ready?**' })}\n`;
      await gitIn(clone, 'tag', '-a', '-m', message, 'scratch-review', `refs/tags/${MODEL}@v0.1.0`);
      const object = (await gitIn(clone, 'rev-parse', 'refs/tags/scratch-review')).trim();
      await gitIn(clone, 'push', '--quiet', folder(), `refs/tags/scratch-review:${REVIEWS}${object}`);
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
    // No command ran: the refs watcher read it.
    await waitFor('the pending request on the version row', async () => ((await description(api)).includes('review requested: prod') ? true : undefined), 15_000);
    const version = await versionRow(api, MODEL, 'v0.1.0');
    const request = (await rowsOf(api, version.node)).find((r) => r.label === 'Review requested for prod');
    assert.ok(request, 'a child row for the request');
    assert.equal(request.item.contextValue, 'reviewRequest');
    assert.match(String(request.item.description), /^Teammate · \d{4}-\d\d-\d\d \d\d:\d\d$/);
    const markdown = request.item.tooltip as vscode.MarkdownString;
    const tooltip = markdown.value;
    assert.match(tooltip.replace(/\\(.)/g, '$1'), /Teammate <mate@example\.com> asked for a review of review-model v0\.1\.0 for prod\./);
    assert.notEqual(markdown.supportHtml, true);
    assert.notEqual(markdown.isTrusted, true);
    assert.ok(tooltip.includes('\\<img src=x onerror=alert\\(1\\)\\>'), `the comment's HTML is escaped: ${tooltip}`);
    assert.ok(tooltip.includes('\\*\\*ready?\\*\\*'), `and its Markdown: ${tooltip}`);
  });

  test('Approve… on the request row answers it for its stage, in this window\'s git identity; the row goes', async () => {
    const version = await versionRow(api, MODEL, 'v0.1.0');
    const request = (await rowsOf(api, version.node)).find((r) => r.label === 'Review requested for prod')!;
    const approving = run<Review>('modelLedger.approveReview', request.node);
    // The comment box: accept it empty.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const review = await approving;
    assert.ok(review, JSON.stringify(api.registry.feedback.last));
    assert.deepEqual([review.decision, review.stage, review.comment, review.reviewer.name], ['approve', 'prod', '', identity]);
    assert.equal(api.registry.feedback.last?.text, `${MODEL} v0.1.0 approved for prod.`);
    assert.ok(!(await description(api)).includes('review requested'));
    assert.equal((await rowsOf(api, version.node)).filter((r) => r.label.startsWith('Review requested')).length, 0);
    assert.equal((await reviewRefs()).length, 2);
  });

  test('Request Review… and Reject… with arguments; a stage not allowed is a clear error and writes nothing', async () => {
    const requested = await run<Review>('modelLedger.requestReview', { folder: folder(), model: MODEL, version: 'v0.1.0', stage: 'staging', comment: 'for the canary' });
    assert.equal(requested?.decision, 'request', JSON.stringify(api.registry.feedback.last));
    assert.match(await description(api), /review requested: staging/);
    const rejected = await run<Review>('modelLedger.rejectReview', { folder: folder(), model: MODEL, version: 'v0.1.0', stage: 'staging', comment: 'not yet' });
    assert.equal(rejected?.comment, 'not yet');
    assert.ok(!(await description(api)).includes('review requested'));

    const before = await reviewRefs();
    assert.equal(await run('modelLedger.approveReview', { folder: folder(), model: MODEL, version: 'v0.1.0', stage: 'qa', comment: '' }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /^Stage "qa" is not one of the allowed stages \(.*\); nothing was written\.$/);
    assert.equal(await run('modelLedger.approveReview', { folder: folder(), model: MODEL, version: 'v9.9.9', stage: 'prod', comment: '' }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /has no version v9\.9\.9/);
    assert.deepEqual(await reviewRefs(), before);
  });
});
