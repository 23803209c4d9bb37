import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { GateResult, RuleName } from '../../../src/core/governance/gateResult';
import { UserError } from '../../../src/core/errors';
import { isGateRefusal, type Registry } from '../../../src/registry/registry';
import { writeReview } from '../../../src/registry/reviews';
import type { Store } from '../../../src/store/store';
import { seattleDriftReport } from '../../../testkit/driftReports';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';
import { commit, git, makeRepo, modelFile, openRegistry, tags, write } from '../registry/gitRepos';
import { configureSigning, LEAD, open, sshKey } from './reviewRepos';

const EVERY_RULE = `version: 1
models:
  "churn*":
    stages:
      prod:
        from: [staging]
        clean_tree: true
        artifact_hash: true
        metrics: ["val/auc >= 0.80", "val/auc >= current + 0.0"]
        evaluation: {metrics: ["test/auc >= 0.75"], other_data: true}
        drift: {max_share: 0.5}
        model_card: {sections: ["Intended use"]}
        reviews: {min: 1, reviewers: ["${LEAD.email}"], not_author: true}
        override: true
`;

function outcomes(result: GateResult): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const r of result.rules) out[r.rule] = (out[r.rule] ?? true) && r.pass;
  return out;
}

function failed(result: GateResult): RuleName[] {
  return [...new Set(result.rules.filter((r) => !r.pass).map((r) => r.rule))];
}

/** A repository with churn v0.0.1 registered from a run with val/auc, and `policy` committed. */
async function repoWithVersion(policy: string | null, auc = 0.84): Promise<{ repo: string; store: Store; registry: Registry }> {
  const repo = makeRepo('gates-');
  if (policy !== null) commit(repo, '.modelledger/policy.yaml', policy, 'Policy');
  modelFile(repo, 'models/churn.pkl', 'weights 1\n');
  const { store, registry } = await openRegistry(repo);
  const runId = addRun(store, { git: { commit: git(repo, ['rev-parse', 'HEAD']), branch: 'main', dirty: false } });
  store.write(() => {
    store.metrics.append(runId, [{ key: 'val/auc', step: 0, timestamp: 1, value: auc }]);
    store.runs.replaceInputs(runId, [{ path: 'data/train.csv', sha256: 'a'.repeat(64), context: 'training' }]);
  });
  await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', runId });
  return { repo, store, registry };
}

/** Registers the next version of churn from a run with `val/auc` = auc. */
async function registerWithAuc(store: Store, registry: Registry, auc: number): Promise<void> {
  commit(registry.root, 'train.py', `print(${auc})\n`, `Retrain ${auc}`);
  modelFile(registry.root, 'models/churn.pkl', `weights ${auc}\n`);
  const runId = addRun(store, { git: { commit: git(registry.root, ['rev-parse', 'HEAD']), branch: 'main', dirty: false } });
  store.write(() => {
    store.metrics.append(runId, [{ key: 'val/auc', step: 0, timestamp: 1, value: auc }]);
    store.runs.replaceInputs(runId, [{ path: 'data/train.csv', sha256: 'a'.repeat(64), context: 'training' }]);
  });
  await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', runId });
}

/** As `who`, through git's own identity variables (a second person on this machine). */
async function approveAs(repo: string, who: { name: string; email: string }, decision: 'approve' | 'reject' = 'approve'): Promise<void> {
  const saved = { ...process.env };
  Object.assign(process.env, { GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email, GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email });
  try {
    await writeReview(await open(repo), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision });
  } finally {
    for (const key of ['GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

describe('gates on a real repository', () => {
  it('every rule fails with why, then passes once the facts are there; the promotion records its gate in the tag', async () => {
    const { repo, store, registry } = await repoWithVersion(EVERY_RULE);
    const before = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.deepEqual(outcomes(before), { from: false, clean_tree: true, artifact_hash: true, metrics: true, evaluation: false, drift: false, model_card: false, reviews: false });
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'prod'), (error: unknown) => {
      assert.ok(isGateRefusal(error));
      assert.match(error.message, /Nothing was written: churn v0\.0\.1 → prod: refused by the gate, 5 of 9 rules failed \(from, evaluation, drift, model_card, reviews\)/);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    assert.deepEqual(tags(repo), ['churn@v0.0.1'], 'nothing written');

    // Now give each rule what it asks.
    await registry.assign('churn', 'v0.0.1', 'staging');
    const evalRun = addRun(store, { name: 'holdout eval', startTime: Date.now() + 60_000 });
    store.write(() => {
      store.metrics.append(evalRun, [{ key: 'test/auc', step: 0, timestamp: 1, value: 0.78 }]);
      store.runs.replaceInputs(evalRun, [{ path: 'data/holdout.csv', sha256: 'b'.repeat(64), context: 'eval' }]);
      store.lineage.setEvaluates(evalRun, { model: 'churn', version: 'v0.0.1' });
    });
    const report = seattleDriftReport();
    store.driftChecks.record({ model: 'churn', stage: 'prod', version: null, batchPath: 'data/incoming/b1.csv', batchSha256: 'c'.repeat(64), batchStamp: '1', report });
    write(repo, 'cards/churn@v0.0.1.md', '---\nlicense: mit\n---\n# churn\n\n## Intended use\n\nScoring which customers may leave.\n\n## Caveats\n\n<!-- a prompt only -->\n');
    await approveAs(repo, { name: 'Ada Lovelace', email: 'ada@example.com' }); // not a listed reviewer: does not count
    let result = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.equal(report.driftShare, 0.6, 'the fixture drifts above max_share 0.5');
    assert.deepEqual(failed(result), ['drift', 'reviews']);
    assert.match(result.rules.find((r) => r.rule === 'reviews')!.detail, /Ada Lovelace <ada@example\.com>: not among the listed reviewers/);
    await approveAs(repo, LEAD);
    result = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.equal(outcomes(result).reviews, true);

    // The drift rule follows the share of the latest check: a policy whose share the check stays below passes.
    const share = Math.min(1, Math.round((report.driftShare + 0.05) * 100) / 100);
    commit(repo, '.modelledger/policy.yaml', EVERY_RULE.replace('max_share: 0.5', `max_share: ${share}`), 'Policy');
    result = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.deepEqual([result.outcome, failed(result)], ['pass', []]);
    const promoted = await registry.assign('churn', 'v0.0.1', 'prod');
    assert.equal(promoted.gate?.outcome, 'pass');
    const event = registry.history('churn').find((e) => e.tag === promoted.tag)!;
    assert.deepEqual(event.metadata?.gate?.rules.map((r) => r.rule), result.rules.map((r) => r.rule));
    assert.deepEqual(store.audit.list().at(-1)!.after, { version: 'v0.0.1', tag: promoted.tag, gate: promoted.gate });
    store.close();
  });

  it('clean_tree and artifact_hash fail on a dirty registration and a changed artifact', async () => {
    const policy = 'version: 1\nmodels:\n  "*":\n    stages:\n      prod: {clean_tree: true, artifact_hash: true}\n';
    const repo = makeRepo('gates-');
    commit(repo, '.modelledger/policy.yaml', policy, 'Policy');
    modelFile(repo, 'models/m.pkl', 'weights\n');
    const { store, registry } = await openRegistry(repo);
    write(repo, 'train.py', 'print("uncommitted")\n');
    await registry.register({ model: 'churn', artifactPath: 'models/m.pkl', allowDirty: true });
    modelFile(repo, 'models/m.pkl', 'weights, retrained by hand\n');
    const result = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.deepEqual(result.rules.map((r) => [r.rule, r.pass]), [['clean_tree', false], ['artifact_hash', false]]);
    assert.match(result.rules[1]!.detail, /models\/m\.pkl no longer matches the sha256 recorded at registration/);
    store.close();
  });

  it('--force passes a failing gate only where the policy allows it, with a reason, recorded in the tag and audit log', async () => {
    const { repo, store, registry } = await repoWithVersion('version: 1\nmodels:\n  "churn":\n    stages:\n      prod: {from: [staging], override: true}\n      staging: {from: [dev]}\n');
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'staging', { force: { reason: 'urgent' } }), /Not forced: the policy does not allow an override/);
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: '  ' } }), /needs a reason/);
    const forced = await registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: 'incident 42: the old model leaks' } });
    assert.deepEqual(forced.gate?.override, { reason: 'incident 42: the old model leaks', by: 'Ada Lovelace <ada@example.com>', failed: ['from'] });
    assert.equal(forced.gate?.outcome, 'override');
    const message = git(repo, ['cat-file', '-p', forced.tag]);
    assert.match(message, /"override":\{"reason":"incident 42: the old model leaks"/);
    assert.equal((store.audit.list().at(-1)!.after as { gate: GateResult }).gate.override?.reason, 'incident 42: the old model leaks');
    store.close();
  });

  it('not_author: the author\'s own approval does not count even when the author is a listed reviewer', async () => {
    const { store, registry } = await repoWithVersion(`version: 1\nmodels:\n  churn:\n    stages:\n      prod: {reviews: {min: 1, reviewers: ["ada@example.com", "${LEAD.email}"], not_author: true}}\n`);
    await approveAs(registry.root, { name: 'Ada Lovelace', email: 'ada@example.com' });
    const own = (await registry.checkGate('churn', 'v0.0.1', 'prod')).rules[0]!;
    assert.deepEqual([own.pass, own.detail], [false, '0 of 1 approval; from ada@example.com, lead@example.com; not counted: Ada Lovelace <ada@example.com>: the author of the version (not_author)']);
    await approveAs(registry.root, LEAD);
    assert.equal((await registry.checkGate('churn', 'v0.0.1', 'prod')).outcome, 'pass');
    store.close();
  });

  it('"current" compares with the real holder; a check of a held version compares with the holder before its tag', async () => {
    const { store, registry } = await repoWithVersion('version: 1\nmodels:\n  churn:\n    stages:\n      prod: {metrics: ["val/auc >= current + 0.0"], override: true}\n', 0.84);
    await registerWithAuc(store, registry, 0.7);
    await registry.assign('churn', 'v0.0.1', 'prod');
    const worse = await registry.checkGate('churn', 'v0.0.2', 'prod');
    assert.deepEqual([worse.outcome, worse.rules[0]!.detail], ['fail', '"val/auc >= current + 0.0": val/auc = 0.7 fails >= 0.84 (v0.0.1)']);
    await registry.assign('churn', 'v0.0.2', 'prod', { force: { reason: 'hotfix' } });
    // In the stage now, v0.0.2 is judged as when churn#prod#2 was written: against v0.0.1, not itself.
    const held = await registry.checkGate('churn', 'v0.0.2', 'prod');
    assert.deepEqual([held.outcome, held.rules[0]!.detail], ['fail', '"val/auc >= current + 0.0": val/auc = 0.7 fails >= 0.84 (v0.0.1)']);
    assert.deepEqual(await registry.checkTag('churn#prod#2'), held);
    const first = await registry.checkTag('churn#prod#1');
    assert.deepEqual([first.version, first.outcome, first.rules[0]!.detail], ['v0.0.1', 'pass', '"val/auc >= current + 0.0": val/auc = 0.84; the stage is empty, so there is no current version to compare with']);
    await assert.rejects(registry.checkTag('churn@v0.0.1'), (e: unknown) => e instanceof UserError && /"churn@v0\.0\.1" is not a stage assignment tag/.test(e.message));
    await assert.rejects(registry.checkTag('churn#prod#9'), (e: unknown) => e instanceof UserError && /No stage tag churn#prod#9 of churn is indexed/.test(e.message));
    store.close();
  });

  it('--policy-ref reads the policy of another commit (the default branch), not the checked-out one', async () => {
    const { repo, store, registry } = await repoWithVersion(null);
    const versionCommit = git(repo, ['rev-parse', 'HEAD']);
    commit(repo, '.modelledger/policy.yaml', 'version: 1\nmodels:\n  churn:\n    stages:\n      prod: {from: [staging]}\n', 'Policy');
    git(repo, ['checkout', '-q', '--detach', versionCommit]); // as CI checks out a pushed tag: no policy there
    assert.equal((await registry.checkGate('churn', 'v0.0.1', 'prod')).outcome, 'none');
    const gated = await registry.checkGate('churn', 'v0.0.1', 'prod', { policyRef: 'main' });
    assert.deepEqual([gated.outcome, gated.policy?.file], ['fail', 'main:.modelledger/policy.yaml']);
    await assert.rejects(registry.checkGate('churn', 'v0.0.1', 'prod', { policyRef: versionCommit }), (e: unknown) => e instanceof UserError && /has no \.modelledger\/policy\.yaml, so it cannot gate this check/.test(e.message));
    await assert.rejects(registry.checkGate('churn', 'v0.0.1', 'prod', { policyRef: 'no-such-branch' }), /Commit no-such-branch is not in the repository/);
    store.close();
  });

  it('from: a stage held before and left does not count; a rollback putting a version back is exempt', async () => {
    const { store, registry } = await repoWithVersion('version: 1\nmodels:\n  churn:\n    stages:\n      prod: {from: [staging]}\n');
    await registry.assign('churn', 'v0.0.1', 'staging');
    await registry.unassign('churn', 'v0.0.1', 'staging');
    const left = (await registry.checkGate('churn', 'v0.0.1', 'prod')).rules[0]!;
    assert.deepEqual([left.pass, left.detail], [false, 'v0.0.1 holds none of staging now; promote it there first']);
    await registry.assign('churn', 'v0.0.1', 'staging');
    await registry.assign('churn', 'v0.0.1', 'prod');
    await registry.unassign('churn', 'v0.0.1', 'staging');
    await registerWithAuc(store, registry, 0.9);
    await registry.assign('churn', 'v0.0.2', 'staging');
    await registry.assign('churn', 'v0.0.2', 'prod');
    const back = await registry.rollback('churn', 'prod'); // v0.0.1 left staging, but held prod before
    assert.deepEqual([back.version, back.gate?.outcome, back.gate?.rules[0]!.detail], ['v0.0.1', 'pass', 'a rollback puts v0.0.1 back in prod, which it held before (exempt from "from")']);
    store.close();
  });

  it('"Promote Anyway" is refused when the refusal it answered has changed (other rules fail, or another version)', async () => {
    const { store, registry } = await repoWithVersion('version: 1\nmodels:\n  churn:\n    stages:\n      prod: {from: [staging], clean_tree: true, override: true}\n');
    const changed = (e: unknown) => isGateRefusal(e) && e.changedSinceForce && /Not forced: the gate changed since the override was asked/.test(e.message);
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: 'x', expected: { version: 'v0.0.1', failed: ['from', 'clean_tree'] } } }), changed);
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: 'x', expected: { version: 'v0.0.2', failed: ['from'] } } }), /Nothing was written: the override was asked for v0\.0\.2, but this change now puts v0\.0\.1 in prod/);
    const forced = await registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: 'x', expected: { version: 'v0.0.1', failed: ['from'] } } });
    assert.equal(forced.gate?.outcome, 'override');
    await registerWithAuc(store, registry, 0.9);
    await registry.assign('churn', 'v0.0.2', 'prod', { force: { reason: 'y' } });
    // Asked for another version than the rollback now targets: refused, even though this gate passes.
    await assert.rejects(registry.rollback('churn', 'prod', { force: { reason: 'z', expected: { version: 'v0.0.3', failed: ['from'] } } }), /the override was asked for v0\.0\.3, but this change now puts v0\.0\.1 in prod/);
    assert.equal((await registry.rollback('churn', 'prod', { force: { reason: 'z', expected: { version: 'v0.0.1', failed: [] } } })).gate?.outcome, 'pass');
    store.close();
  });

  it('an untrusted check does not read reviews or signatures (git would run gpg.ssh.program), and fails those rules', async () => {
    const { repo, store, registry } = await repoWithVersion('version: 1\nmodels:\n  churn:\n    stages:\n      prod: {reviews: {min: 1}, signed: true}\n');
    const { key, pub } = sshKey('ada');
    configureSigning(repo, key, [{ principal: 'ada@example.com', pub }]);
    await writeReview(await open(repo), { model: 'churn', version: 'v0.0.1', stage: 'prod', decision: 'approve', sign: true });
    await registry.assign('churn', 'v0.0.1', 'prod'); // a signed stage tag: a check of the held version verifies it
    const marker = path.join(tempDir('gates-marker-'), 'ran');
    const program = path.join(tempDir('gates-program-'), 'ssh-keygen-logged');
    fs.writeFileSync(program, `#!/bin/sh\necho ran >> '${marker}'\nexec ssh-keygen "$@"\n`, { mode: 0o755 });
    git(repo, ['config', 'gpg.ssh.program', program]);
    const untrusted = await registry.checkGate('churn', 'v0.0.1', 'prod', { untrusted: true });
    assert.deepEqual(untrusted.rules.map((r) => [r.rule, r.pass, /not checked in an untrusted workspace/.test(r.detail)]), [['reviews', false, true], ['signed', false, true]]);
    assert.equal(fs.existsSync(marker), false, 'the configured program did not run');
    const trusted = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.deepEqual(trusted.rules.map((r) => [r.rule, r.pass]), [['reviews', true], ['signed', true]]);
    assert.equal(fs.existsSync(marker), true, 'trusted, the stage tag\'s signature is verified with it');
    store.close();
  });

  it('rollback goes through the same gate', async () => {
    const { repo, store, registry } = await repoWithVersion('version: 1\nmodels:\n  "churn":\n    stages:\n      prod: {reviews: {min: 1}, override: true}\n');
    commit(repo, 'train.py', 'print("v2")\n');
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' });
    await registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: 'first deploy' } });
    await registry.assign('churn', 'v0.0.2', 'prod', { force: { reason: 'second deploy' } });
    await assert.rejects(registry.rollback('churn', 'prod'), (e: unknown) => isGateRefusal(e) && e.result.version === 'v0.0.1');
    const back = await registry.rollback('churn', 'prod', { force: { reason: 'v0.0.2 is broken' } });
    assert.equal(back.version, 'v0.0.1');
    assert.equal(store.audit.list().at(-1)!.action, 'stage.rollback');
    store.close();
  });

  it('a bad policy fails every gate with file, line and reason, cannot be forced, and blocks nothing else', async () => {
    const { repo, store, registry } = await repoWithVersion('version: 1\nmodels:\n  "churn":\n    stages:\n      prod:\n        metrics: ["val/auc >=> 0.8"]\n        override: true\n');
    commit(repo, 'train.py', 'print("v2")\n');
    await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl' }); // unrelated commands work
    const result = await registry.checkGate('churn', 'v0.0.1', 'dev');
    assert.deepEqual([result.outcome, result.rules[0]!.rule, result.rules[0]!.line], ['fail', 'policy', 6]);
    assert.match(result.rules[0]!.detail, /\.modelledger\/policy\.yaml:6:\d+: .*"val\/auc >=> 0\.8"/);
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'prod', { force: { reason: 'x' } }), /does not allow an override/);
    commit(repo, '.modelledger/policy.yaml', 'version: 1\nmodels:\n  churn: {stages: {prod: {from: [staging]\n', 'Broken YAML');
    const syntax = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.match(syntax.rules[0]!.detail, /policy\.yaml:\d+:\d+: not valid YAML/);
    commit(repo, '.modelledger/policy.yaml', 'version: 1\nmodels:\n  "/churn[/": {stages: {qa: {signed: true}}}\n', 'Bad regex and stage');
    const detail = (await registry.checkGate('churn', 'v0.0.1', 'prod')).rules[0]!.detail;
    assert.match(detail, /policy\.yaml:3:3: model pattern: the regular expression \/churn\[\/ does not compile/);
    await assert.rejects(registry.checkGate('churn', 'v0.0.1', 'qa'), (e: unknown) => e instanceof UserError && /Stage "qa" is not allowed/.test(e.message));
    assert.deepEqual(tags(repo), ['churn@v0.0.1', 'churn@v0.0.2']);
    store.close();
  });

  it('no policy file: no gate, said so, and the stage tag carries no gate record', async () => {
    const { repo, store, registry } = await repoWithVersion(null);
    const result = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.deepEqual([result.outcome, result.note], ['none', 'no policy file (.modelledger/policy.yaml): no gate applies']);
    const written = await registry.assign('churn', 'v0.0.1', 'prod');
    assert.doesNotMatch(git(repo, ['cat-file', '-p', written.tag]), /"gate"/);
    store.close();
  });
});

describe('gates: signed stage tags (a throwaway SSH key)', () => {
  const SIGNED = 'version: 1\nmodels:\n  "churn":\n    stages:\n      prod: {signed: true}\n';

  it('writes the stage tag signed and verified; check verifies the existing tag', async () => {
    const { repo, store, registry } = await repoWithVersion(SIGNED);
    const unset = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.match(unset.rules[0]!.detail, /no signing key/);
    const { key, pub } = sshKey('ada');
    configureSigning(repo, key, [{ principal: 'ada@example.com', pub }]);
    const promoted = await registry.assign('churn', 'v0.0.1', 'prod');
    assert.match(git(repo, ['cat-file', '-p', promoted.tag]), /-----BEGIN SSH SIGNATURE-----/);
    git(repo, ['tag', '-v', promoted.tag]); // throws when git cannot verify it
    const check = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.equal(check.outcome, 'pass');
    assert.match(check.rules[0]!.detail, /churn#prod#1 is signed by ada@example\.com, and git verify-tag passes/);
    store.close();
  });

  it('a signature that does not verify (a key not among the allowed signers) removes the tag and refuses', async () => {
    const { repo, store, registry } = await repoWithVersion(SIGNED);
    const mine = sshKey('ada');
    const other = sshKey('someone else');
    configureSigning(repo, mine.key, [{ principal: 'ada@example.com', pub: other.pub }]);
    await assert.rejects(registry.assign('churn', 'v0.0.1', 'prod'), /signature of churn#prod#1 does not verify .*so the tag was removed again/);
    assert.deepEqual(tags(repo), ['churn@v0.0.1']);
    assert.equal(store.audit.list().filter((a) => a.action === 'stage.assign').length, 0);
    store.close();
  });

  it('check of a held stage whose tag is unsigned fails the signed rule', async () => {
    const { store, registry } = await repoWithVersion(null);
    await registry.assign('churn', 'v0.0.1', 'prod');
    commit(registry.root, '.modelledger/policy.yaml', SIGNED, 'Policy');
    const check = await registry.checkGate('churn', 'v0.0.1', 'prod');
    assert.equal(check.outcome, 'fail');
    assert.match(check.rules[0]!.detail, /churn#prod#1 does not verify/);
    store.close();
  });
});
