import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { cli, cliOk as ok, cliUserError as userError } from '../helpers/cli';
import { git } from '../registry/gitRepos';
import { configureSigning, LEAD, registeredRepo, remoteAndClone, sshKey } from './reviewRepos';

describe('cli: model-ledger review', () => {
  it('request, approve from a second clone, push, fetch, list', async () => {
    const dir = await registeredRepo();
    const { clone } = remoteAndClone(dir, LEAD);
    assert.match(ok(['review', 'request', 'churn', 'v0.0.1', 'prod', '--comment', 'ready? <script>x</script>'], dir), /^Review requested: churn v0\.0\.1 for prod by Ada Lovelace <ada@example\.com> \(refs\/model-ledger\/reviews\/churn\/[0-9a-f]{40}\)\n$/);
    assert.equal(ok(['push-registry'], dir), 'Pushed 1 registry tag(s) and 1 review(s) to origin.\n');
    assert.match(ok(['fetch-registry'], clone), /; 1 new review\(s\)\.\n$/);
    const pending = ok(['review', 'list', 'churn'], clone);
    assert.match(pending, /^TIME \(UTC\)\s+MODEL\s+VERSION\s+STAGE\s+DECISION\s+REVIEWER\s+SIGNATURE\s+COUNTS\s+COMMENT\n/);
    assert.match(pending, /churn\s+v0\.0\.1\s+prod\s+request\s+Ada Lovelace <ada@example\.com>\s+-\s+yes\s+ready\? <script>x<\/script>\n/);
    assert.match(pending, /^1 pending request\(s\): churn v0\.0\.1 for prod$/m);

    await new Promise((resolve) => setTimeout(resolve, 1100)); // a later second than the request
    assert.match(ok(['review', 'approve', 'churn', 'v0.0.1', 'prod', '--comment', 'ship it'], clone), /^Approved: churn v0\.0\.1 for prod by Grace Lead <lead@example\.com> /);
    ok(['push-registry'], clone);
    ok(['fetch-registry'], dir);
    const json = JSON.parse(ok(['review', 'list', '--json'], dir)) as { reviews: { decision: string; reviewer: { email: string }; standing: string; signatureStanding: string }[]; pending: unknown[]; problems: string[] };
    assert.deepEqual(json.reviews.map((r) => [r.decision, r.reviewer.email, r.standing, r.signatureStanding]), [['request', 'ada@example.com', 'current', 'unsigned'], ['approve', LEAD.email, 'current', 'unsigned']]);
    assert.deepEqual(json.pending, []);
    assert.deepEqual(json.problems, []);
  });

  it('signs with --sign and shows the verified signer; a forged review is a warning, not a failure', async () => {
    const dir = await registeredRepo();
    const ada = sshKey('ada');
    configureSigning(dir, ada.key, [{ principal: 'ada@example.com', pub: ada.pub }]);
    assert.match(ok(['review', 'approve', 'churn', 'v0.0.1', 'prod', '--sign'], dir), /by Ada Lovelace <ada@example\.com>, signed \(/);
    const ref = git(dir, ['for-each-ref', '--format=%(refname)', 'refs/model-ledger/reviews/']);
    const edited = git(dir, ['cat-file', 'tag', ref]).replace('tagger Ada Lovelace <ada@example.com>', 'tagger Grace Lead <lead@example.com>');
    const forged = execFileSync('git', ['mktag'], { cwd: dir, input: `${edited}\n`, encoding: 'utf8' }).trim();
    git(dir, ['update-ref', `refs/model-ledger/reviews/churn/${forged}`, forged]);
    const r = cli(['review', 'list'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /approve\s+Ada Lovelace <ada@example\.com>\s+verified \(ada@example\.com\)\s+yes/);
    assert.match(r.stdout, /approve\s+Grace Lead <lead@example\.com>\s+INVALID\s+yes/);
    assert.match(r.stderr, /^warning: The approval of churn v0\.0\.1 for prod by Grace Lead <lead@example\.com> .* signature does not verify .*edited by hand\.$/m);
  });

  it('refuses bad input with one clear line', async () => {
    const dir = await registeredRepo();
    userError(['review', 'approve', '--', '-churn', 'v0.0.1', 'prod'], dir, /^model-ledger review: Model name "-churn" must not start with "-"\.$/);
    userError(['review', 'approve', '-churn', 'v0.0.1', 'prod'], dir, /^model-ledger review: Unknown option '-c'.*see "model-ledger review --help"\.$/);
    userError(['review', 'bless', 'churn', 'v0.0.1', 'prod'], dir, /^model-ledger review: "bless" is not a review action: use request, approve, reject or list\.$/);
    userError(['review', 'approve', 'churn', 'v0.0.1'], dir, /^model-ledger review: review approve needs NAME VERSION STAGE \(got 2 argument\(s\)\)\.$/);
    userError(['review', 'approve', 'churn', 'v0.0.2', 'prod'], dir, /churn v0\.0\.2 is not registered in this repository/);
    userError(['review', 'list', 'churn', 'extra'], dir, /review list takes at most one NAME/);
    assert.equal(ok(['review', 'list'], dir), 'No reviews.\n');
  });
});
