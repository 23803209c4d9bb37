import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, type CliResult } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { commit, configureUser, git, makeRepo, modelFile, tags } from '../registry/gitRepos';
import { LEAD, remoteAndClone } from './reviewRepos';

const POLICY = `version: 1
models:
  "churn*":
    stages:
      prod:
        from: [staging]
        reviews: {min: 1, reviewers: ["${LEAD.email}"], not_author: true}
        override: false
      staging:
        clean_tree: true
        override: true
`;

function ok(result: CliResult, code = 0): CliResult {
  assert.equal(result.code, code, `exit ${code}; stdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

/** Ada's repository: churn v0.0.1 registered with the CLI and `policy` committed. */
function adaRepo(policy: string | null): string {
  const repo = makeRepo('gates-cli-');
  if (policy !== null) commit(repo, '.modelledger/policy.yaml', policy, 'Policy');
  modelFile(repo);
  ok(cli(['register', 'churn', '--artifact', 'models/churn.pkl'], repo));
  return repo;
}

describe('model-ledger check, assign --force: exit codes and output', () => {
  it('check: 0 when the gate passes or none applies (said so), 4 when it fails; --json gives the record', () => {
    const none = adaRepo(null);
    assert.match(ok(cli(['check', 'churn', 'v0.0.1', 'prod'], none)).stdout, /no gate \(no policy file \(\.modelledger\/policy\.yaml\): no gate applies\)/);
    const repo = adaRepo(POLICY);
    const failing = ok(cli(['check', 'churn', 'v0.0.1', 'prod'], repo), 4);
    assert.match(failing.stdout, /refused by the gate, 2 of 2 rules failed \(from, reviews\)/);
    assert.match(failing.stdout, /FAIL {2}from {10}v0\.0\.1 holds none of staging now; promote it there first {2}\[line 6\]/);
    assert.match(failing.stdout, /FAIL {2}reviews .*0 of 1 approval; from lead@example\.com/);
    assert.match(failing.stdout, /does not allow an override/);
    const json = JSON.parse(ok(cli(['check', 'churn', 'v0.0.1', 'staging', '--json'], repo)).stdout);
    assert.deepEqual([json.outcome, json.passed, json.rules.map((r: { rule: string }) => r.rule)], ['pass', true, ['clean_tree']]);
    assert.equal(ok(cli(['check', 'churn', 'v9.9.9', 'prod'], repo), 1).stderr.trim(), 'model-ledger check: churn has no version v9.9.9.');
  });

  it('check --tag judges a pushed stage tag, with --policy-ref naming the branch whose policy applies', () => {
    const repo = adaRepo(null);
    const versionCommit = git(repo, ['rev-parse', 'HEAD']);
    ok(cli(['assign', 'churn', 'v0.0.1', 'staging'], repo));
    commit(repo, '.modelledger/policy.yaml', 'version: 1\nmodels:\n  churn:\n    stages:\n      staging: {from: [dev]}\n', 'Policy');
    git(repo, ['checkout', '-q', '--detach', versionCommit]); // what actions/checkout gives on a tag push
    assert.match(ok(cli(['check', '--tag', 'churn#staging#1'], repo)).stdout, /no gate/);
    const checked = ok(cli(['check', '--tag', 'churn#staging#1', '--policy-ref', 'main'], repo), 4).stdout;
    assert.match(checked, /churn v0\.0\.1 → staging: refused by the gate/);
    assert.match(checked, /policy: main:\.modelledger\/policy\.yaml/);
    assert.match(ok(cli(['check', '--tag', 'churn#staging#1', '--policy-ref', versionCommit], repo), 1).stderr, /has no \.modelledger\/policy\.yaml, so it cannot gate this check/);
    assert.match(ok(cli(['check', 'churn', 'v0.0.1', 'staging', '--tag', 'churn#staging#1'], repo), 1).stderr, /either --tag NAME#STAGE#N or NAME VERSION STAGE, not both/);
    assert.match(ok(cli(['check', '--tag', 'churn@v0.0.1'], repo), 1).stderr, /is not a stage assignment tag/);
  });

  it('assign: a refusal lists every rule and exits 4; --force only where override: true, with --reason', () => {
    const repo = adaRepo(POLICY);
    const refused = ok(cli(['assign', 'churn', 'v0.0.1', 'prod'], repo), 4);
    assert.match(refused.stderr, /FAIL {2}from/);
    assert.match(refused.stderr, /FAIL {2}reviews/);
    assert.match(refused.stderr, /model-ledger assign: refused by the gate of churn v0\.0\.1 → prod; nothing was written\.\n$/);
    const notAllowed = ok(cli(['assign', 'churn', 'v0.0.1', 'prod', '--force', '--reason', 'hotfix'], repo), 4);
    assert.match(notAllowed.stderr, /model-ledger assign: not forced: the policy does not allow an override of the gate of churn v0\.0\.1 → prod \(override: true\); nothing was written\.\n$/);
    assert.deepEqual(tags(repo), ['churn@v0.0.1']);
    assert.match(ok(cli(['assign', 'churn', 'v0.0.1', 'prod', '--force'], repo), 1).stderr, /--force needs --reason/);
    assert.match(ok(cli(['assign', 'churn', 'v0.0.1', 'prod', '--reason', 'x'], repo), 1).stderr, /--reason goes with --force/);

    // staging allows an override: a dirty registration goes through, forced, with its reason kept.
    git(repo, ['config', 'user.name', 'Ada Lovelace']);
    modelFile(repo, 'models/churn.pkl', 'weights v2\n');
    commit(repo, 'train.py', 'print("v2")\n');
    commit(repo, 'notes.md', 'x\n');
    fs.writeFileSync(path.join(repo, 'notes.md'), 'uncommitted\n');
    ok(cli(['register', 'churn', '--artifact', 'models/churn.pkl', '--allow-dirty'], repo));
    assert.equal(ok(cli(['assign', 'churn', 'v0.0.2', 'staging'], repo), 4).stderr.includes('(the policy allows --force --reason "…")'), true);
    const forced = ok(cli(['assign', 'churn', 'v0.0.2', 'staging', '--force', '--reason', 'demo for the board'], repo));
    assert.match(forced.stdout, /churn v0\.0\.2 is in staging: tag churn#staging#1 \(gate overridden: clean_tree failed\)/);
    const history = JSON.parse(ok(cli(['history', 'churn', '--json'], repo)).stdout) as { tag: string; metadata: { gate?: { outcome: string; override: { reason: string; failed: string[] } } } }[];
    const gate = history.find((e) => e.tag === 'churn#staging#1')!.metadata.gate!;
    assert.deepEqual([gate.outcome, gate.override.reason, gate.override.failed], ['override', 'demo for the board', ['clean_tree']]);
  });

  it('a bad policy fails gates with file and line but does not block register, models or history', () => {
    const repo = adaRepo('version: 1\nmodels:\n  "churn":\n    stages:\n      prod:\n        metrics: ["val/auc >= 0.8"]\n      production: {signed: true}\n');
    commit(repo, 'train.py', 'print("v2")\n');
    ok(cli(['register', 'churn', '--artifact', 'models/churn.pkl'], repo));
    ok(cli(['models'], repo));
    ok(cli(['history', 'churn'], repo));
    const check = ok(cli(['check', 'churn', 'v0.0.2', 'dev'], repo), 4);
    assert.match(check.stdout, /FAIL {2}policy .*\.modelledger\/policy\.yaml:7:7: a stage of model pattern "churn": unknown stage "production"; the registry allows dev, staging, prod/);
    assert.match(ok(cli(['assign', 'churn', 'v0.0.2', 'dev'], repo), 4).stderr, /policy\.yaml:7:7/);
    // An unknown metric is a failing rule that names its line.
    commit(repo, '.modelledger/policy.yaml', 'version: 1\nmodels:\n  "churn":\n    stages:\n      prod:\n        metrics: ["val/aucc >= 0.8"]\n', 'Policy');
    assert.match(ok(cli(['check', 'churn', 'v0.0.2', 'prod'], repo), 4).stdout, /FAIL {2}metrics .*has no metric "val\/aucc" .*\[line 6\]/);
  });
});

describe('done when: refused, approved by a second identity, promoted; a fresh clone sees the same', () => {
  it('goes through the CLI and a bare remote', () => {
    const ada = adaRepo(POLICY);
    ok(cli(['assign', 'churn', 'v0.0.1', 'staging'], ada));
    const refused = ok(cli(['assign', 'churn', 'v0.0.1', 'prod'], ada), 4);
    assert.match(refused.stderr, /PASS {2}from .*holds staging/);
    assert.match(refused.stderr, /FAIL {2}reviews .*0 of 1 approval/);
    // Ada approving her own version does not count.
    ok(cli(['review', 'approve', 'churn', 'v0.0.1', 'prod'], ada));
    assert.match(ok(cli(['check', 'churn', 'v0.0.1', 'prod'], ada), 4).stdout, /Ada Lovelace <ada@example\.com>: not among the listed reviewers/);

    const { clone: lead } = remoteAndClone(ada, LEAD);
    ok(cli(['push-registry'], ada));
    ok(cli(['fetch-registry'], lead));
    ok(cli(['review', 'approve', 'churn', 'v0.0.1', 'prod', '--comment', 'Looks good: holdout AUC checked'], lead));
    ok(cli(['push-registry'], lead));

    ok(cli(['fetch-registry'], ada));
    const passed = ok(cli(['check', 'churn', 'v0.0.1', 'prod'], ada));
    assert.match(passed.stdout, /churn v0\.0\.1 → prod: the gate passed \(2 rules\)/);
    assert.match(passed.stdout, /PASS {2}reviews .*1 of 1 approval \(Grace Lead <lead@example\.com>\)/);
    const promoted = ok(cli(['assign', 'churn', 'v0.0.1', 'prod'], ada));
    assert.match(promoted.stdout, /churn v0\.0\.1 is in prod: tag churn#prod#2/);
    ok(cli(['push-registry'], ada));

    // A fresh clone that fetches reads the same gate result from the tag and the same reviews.
    const fresh = path.join(tempDir('gates-fresh-'), 'repo');
    git(path.dirname(fresh), ['clone', '-q', '-b', 'main', git(ada, ['remote', 'get-url', 'origin']), fresh]);
    configureUser(fresh, { name: 'Auditor', email: 'audit@example.com' });
    ok(cli(['fetch-registry'], fresh));
    const gateOf = (dir: string) => (JSON.parse(ok(cli(['history', 'churn', '--json'], dir)).stdout) as { tag: string; metadata: { gate?: unknown } }[]).find((e) => e.tag === 'churn#prod#2')!.metadata.gate;
    const adaGate = gateOf(ada) as { outcome: string; rules: { rule: string; pass: boolean; detail: string }[] };
    assert.equal(adaGate.outcome, 'pass');
    assert.deepEqual(gateOf(fresh), adaGate);
    const reviewsOf = (dir: string) => (JSON.parse(ok(cli(['review', 'list', 'churn', '--json'], dir)).stdout) as { reviews: unknown[] }).reviews;
    assert.deepEqual(reviewsOf(fresh), reviewsOf(ada));
    assert.equal(reviewsOf(fresh).length, 2);
    assert.match(ok(cli(['check', 'churn', 'v0.0.1', 'prod'], fresh)).stdout, /the gate passed/);
  });
});
