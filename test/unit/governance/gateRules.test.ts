import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applicableRules, evaluateGate } from '../../../src/core/governance/evaluateGate';
import type { GateFacts } from '../../../src/core/governance/gateFacts';
import { gateReportMarkdown, gateReportText } from '../../../src/core/governance/gateReport';
import { readGateResult, type GateResult, type RuleName } from '../../../src/core/governance/gateResult';
import { parsePolicy } from '../../../src/core/governance/parsePolicy';
import type { Review } from '../../../src/core/governance/review';
import { formatTagMessage, emptyMetadata, parseTagMessage } from '../../../src/core/tagMessage';

const REGISTERED = Date.UTC(2026, 4, 1);
const AUTHOR = 'Ada Lovelace <ada@example.com>';
const LEAD = { name: 'Grace Hopper', email: 'lead@example.com' };

function facts(over: Partial<GateFacts> = {}): GateFacts {
  return {
    model: 'churn',
    version: 'v2.0.0',
    stage: 'prod',
    registration: { tagObject: 'a'.repeat(40), at: REGISTERED, author: AUTHOR, dirty: false, metrics: { 'val/auc': 0.85, loss: 0.2 }, trainingData: [{ path: 'data/train.csv', sha256: 'f'.repeat(64) }] },
    stagesHeld: { now: ['staging'], ever: ['staging'] },
    current: { version: 'v1.0.0', metrics: { 'val/auc': 0.82, loss: 0.25 } },
    ...over,
  };
}

function review(over: Partial<Review> = {}): Review {
  return { model: 'churn', version: 'v2.0.0', stage: 'prod', decision: 'approve', reviewer: LEAD, at: REGISTERED + 60_000, comment: '', versionTag: 'a'.repeat(40), signature: null, ref: 'refs/model-ledger/reviews/churn/1', ...over };
}

/** The gate of churn → prod under a policy whose prod stage has `rules` (YAML flow text). */
function gate(rules: string, f: GateFacts): GateResult {
  const parsed = parsePolicy(`version: 1\nmodels:\n  "churn*":\n    stages:\n      prod: ${rules}\n`, { stages: ['dev', 'staging', 'prod'] });
  assert.deepEqual(parsed.errors, []);
  return evaluateGate(applicableRules({ file: '.modelledger/policy.yaml', parsed }, 'churn', 'prod'), f);
}

function only(result: GateResult, rule: RuleName): { pass: boolean; detail: string } {
  const found = result.rules.filter((r) => r.rule === rule);
  assert.equal(found.length, 1, `one ${rule} rule`);
  return found[0]!;
}

describe('gate rules: each passing and failing', () => {
  it('from: the version holds one of the stages now; a stage held before and left does not count', () => {
    assert.equal(only(gate('{from: [staging]}', facts()), 'from').pass, true);
    const left = only(gate('{from: [staging]}', facts({ stagesHeld: { now: [], ever: ['staging'] } })), 'from');
    assert.deepEqual([left.pass, left.detail], [false, 'v2.0.0 holds none of staging now; promote it there first']);
    const never = only(gate('{from: [staging]}', facts({ stagesHeld: { now: ['dev'], ever: ['dev'] } })), 'from');
    assert.equal(never.pass, false);
  });

  it('from: a rollback is exempt only when it puts the version back in a stage it held', () => {
    const back = only(gate('{from: [staging]}', facts({ rollback: true, stagesHeld: { now: [], ever: ['prod'] } })), 'from');
    assert.deepEqual([back.pass, /puts v2\.0\.0 back in prod/.test(back.detail)], [true, true]);
    assert.equal(only(gate('{from: [staging]}', facts({ rollback: true, stagesHeld: { now: [], ever: ['dev'] } })), 'from').pass, false, 'never held prod');
    assert.equal(only(gate('{from: [staging]}', facts({ stagesHeld: { now: [], ever: ['prod'] } })), 'from').pass, false, 'not a rollback');
  });

  it('reviews and signed fail as not checked in an untrusted workspace', () => {
    const result = gate('{reviews: {min: 1}, signed: true}', facts({ untrusted: true, reviews: { reviews: [review()], problems: [] }, signing: { kind: 'configured', ok: true, detail: 'ok' } }));
    assert.deepEqual(result.rules.map((r) => [r.rule, r.pass, /not checked in an untrusted workspace/.test(r.detail)]), [['reviews', false, true], ['signed', false, true]]);
  });

  it('clean_tree: registered from a clean tree; dirty or unknown fails', () => {
    assert.equal(only(gate('{clean_tree: true}', facts()), 'clean_tree').pass, true);
    const reg = facts().registration;
    assert.match(only(gate('{clean_tree: true}', facts({ registration: { ...reg, dirty: true } })), 'clean_tree').detail, /uncommitted changes/);
    assert.match(only(gate('{clean_tree: true}', facts({ registration: { ...reg, dirty: null } })), 'clean_tree').detail, /unknown/);
    assert.equal(gate('{clean_tree: false}', facts()).rules.length, 0, 'false sets no rule');
  });

  it('artifact_hash: ok passes; modified, missing and unrecorded fail', () => {
    assert.equal(only(gate('{artifact_hash: true}', facts({ artifact: { state: 'ok', path: 'models/m.pkl' } })), 'artifact_hash').pass, true);
    for (const state of ['modified', 'missing'] as const) assert.equal(only(gate('{artifact_hash: true}', facts({ artifact: { state, path: 'models/m.pkl' } })), 'artifact_hash').pass, false);
    assert.match(only(gate('{artifact_hash: true}', facts({ artifact: { state: 'unrecorded' } })), 'artifact_hash').detail, /no artifact sha256/);
  });

  it('metrics: one result per condition, absolute and against the holder, naming an unknown metric and its line', () => {
    const result = gate('\n        metrics: ["val/auc >= 0.80", "val/auc >= current + 0.05", "val/aucc > 0"]', facts());
    assert.deepEqual(result.rules.map((r) => [r.pass, r.line]), [[true, 6], [false, 6], [false, 6]]);
    assert.match(result.rules[1]!.detail, /0\.85 fails >= 0\.82 \(v1\.0\.0\) \+ 0\.05/);
    assert.match(result.rules[2]!.detail, /has no metric "val\/aucc" \(it has loss, val\/auc\)/);
    assert.match(gateReportText(result), /\[line 6\]/);
  });

  it('evaluation: newer than the registration, on other data, meeting its thresholds', () => {
    const rule = '{evaluation: {metrics: ["test/auc >= 0.8"]}}';
    const run = (over: Partial<NonNullable<GateFacts['evaluations']>[number]>) => ({ runId: 'r', runName: 'eval-1', at: REGISTERED + 1000, data: [{ path: 'data/holdout.csv', sha256: 'e'.repeat(64) }], metrics: { 'test/auc': 0.83 }, ...over });
    assert.equal(only(gate(rule, facts({ evaluations: [run({})] })), 'evaluation').pass, true);
    assert.match(only(gate(rule, facts({ evaluations: [] })), 'evaluation').detail, /no evaluation of v2\.0\.0/);
    assert.match(only(gate(rule, facts({ evaluations: [run({ at: REGISTERED - 1 })] })), 'evaluation').detail, /no evaluation newer than the registration/);
    assert.match(only(gate(rule, facts({ evaluations: [run({ data: [{ path: 'elsewhere/train.csv', sha256: 'f'.repeat(64) }] })] })), 'evaluation').detail, /ran on the training data/);
    assert.equal(only(gate('{evaluation: {other_data: false}}', facts({ evaluations: [run({ data: [{ path: 'data/train.csv', sha256: null }] })] })), 'evaluation').pass, true);
    // Unknown is not "other": an evaluation with no recorded data, or a version with no recorded training data, fails.
    const noData = only(gate(rule, facts({ evaluations: [run({ data: [] })] })), 'evaluation');
    assert.deepEqual([noData.pass, /records its data .*unknown; log the evaluation's inputs/.test(noData.detail)], [false, true]);
    const noTraining = only(gate(rule, facts({ registration: { ...facts().registration, trainingData: [] }, evaluations: [run({})] })), 'evaluation');
    assert.deepEqual([noTraining.pass, /has no recorded training data/.test(noTraining.detail)], [false, true]);
    assert.equal(only(gate('{evaluation: {other_data: false}}', facts({ registration: { ...facts().registration, trainingData: [] }, evaluations: [run({ data: [] })] })), 'evaluation').pass, true, 'other_data: false asks nothing of the data');
    assert.match(only(gate(rule, facts({ evaluations: [run({ metrics: { 'test/auc': 0.7 } })] })), 'evaluation').detail, /0\.7 fails >= 0\.8/);
    // The latest usable evaluation decides.
    assert.equal(only(gate(rule, facts({ evaluations: [run({ metrics: { 'test/auc': 0.9 } }), run({ at: REGISTERED + 5000, metrics: { 'test/auc': 0.5 } })] })), 'evaluation').pass, false);
  });

  it('drift: the latest check of the stage must be below the share; none kept fails', () => {
    const check = { checkedAt: REGISTERED, batchPath: 'data/incoming/b1.csv', driftShare: 0.2, datasetDrift: false };
    assert.equal(only(gate('{drift: {max_share: 0.3}}', facts({ drift: check })), 'drift').pass, true);
    assert.match(only(gate('{drift: {max_share: 0.2}}', facts({ drift: check })), 'drift').detail, /20 % of columns drifted; not below 20 %/);
    assert.match(only(gate('{drift: {max_share: 0.3}}', facts({ drift: null })), 'drift').detail, /no drift check of prod's data/);
  });

  it('model_card: exists with the named sections filled; a missing, unfilled or unreadable card fails', () => {
    const card = { path: 'cards/churn@v2.0.0.md', exists: true, sections: [{ title: 'Model details', filled: true }, { title: 'Intended use', filled: false }], error: null };
    assert.equal(only(gate('{model_card: true}', facts({ card })), 'model_card').pass, true);
    assert.match(only(gate('{model_card: {sections: ["intended use", "Caveats"]}}', facts({ card })), 'model_card').detail, /no section "Caveats"; not filled in: "intended use"/);
    assert.equal(only(gate('{model_card: {sections: ["Model details"]}}', facts({ card })), 'model_card').pass, true);
    assert.match(only(gate('{model_card: true}', facts({ card: { ...card, exists: false, sections: [] } })), 'model_card').detail, /does not exist/);
    assert.match(only(gate('{model_card: true}', facts({ card: { ...card, error: 'cards/churn@v2.0.0.md:3: broken front matter' } })), 'model_card').detail, /cannot be read: .*line|broken front matter/);
  });

  it('signed: passes when signing is set up (or the existing tag verifies)', () => {
    assert.equal(only(gate('{signed: true}', facts({ signing: { kind: 'configured', ok: true, detail: 'will be signed' } })), 'signed').pass, true);
    assert.equal(only(gate('{signed: true}', facts({ signing: { kind: 'verified', tag: 'churn#prod#3', ok: false, detail: 'does not verify' } })), 'signed').pass, false);
  });
});

describe('gate rules: reviews', () => {
  const rule = '{reviews: {min: 1, reviewers: ["lead@example.com", "Linus"], not_author: true}}';
  const with_ = (reviews: Review[], problems: string[] = []) => only(gate(rule, facts({ reviews: { reviews, problems } })), 'reviews');

  it('counts a listed reviewer\'s approval bound to this registration', () => {
    const ok = with_([review()]);
    assert.equal(ok.pass, true);
    assert.match(ok.detail, /1 of 1 approval \(Grace Hopper <lead@example\.com>\)/);
    assert.equal(with_([review({ reviewer: { name: 'Linus', email: 'linus@kernel.org' } })]).pass, true, 'listed by name');
    assert.equal(with_([review({ reviewer: { name: 'G', email: 'LEAD@example.com' } })]).pass, true, 'email in any case');
  });

  it('does not count: no review, a request, another stage or registration, a reviewer not listed, the author', () => {
    assert.match(with_([]).detail, /no review of v2\.0\.0 for prod yet/);
    assert.equal(with_([review({ decision: 'request' })]).pass, false);
    assert.equal(with_([review({ stage: 'staging' })]).pass, false);
    assert.equal(with_([review({ versionTag: 'b'.repeat(40) })]).pass, false, 'bound to an earlier registration');
    assert.equal(with_([review({ versionTag: null, at: REGISTERED - 1 })]).pass, false, 'unbound and older than the registration');
    assert.equal(with_([review({ versionTag: null, at: REGISTERED + 1 })]).pass, false, 'unbound, newer, but the registration has a tag object to bind to');
    const lightweight = facts({ registration: { ...facts().registration, tagObject: null }, reviews: { reviews: [review({ versionTag: null, at: REGISTERED + 1 })], problems: [] } });
    assert.equal(only(gate(rule, lightweight), 'reviews').pass, true, 'unbound and newer, for a registration with no tag object');
    assert.match(with_([review({ reviewer: { name: 'Eve', email: 'eve@example.com' } })]).detail, /Eve <eve@example\.com>: not among the listed reviewers/);
    const author = only(gate('{reviews: {min: 1, not_author: true}}', facts({ reviews: { reviews: [review({ reviewer: { name: 'Ada Lovelace', email: 'ada@example.com' } })], problems: [] } })), 'reviews');
    assert.match(author.detail, /the author of the version/);
    assert.equal(only(gate('{reviews: {min: 1}}', facts({ reviews: { reviews: [review({ reviewer: { name: 'Ada Lovelace', email: 'ada@example.com' } })], problems: [] } })), 'reviews').pass, true, 'the author counts without not_author');
  });

  it('a later rejection by the same reviewer cancels their approval; a later approval counts again', () => {
    const rejected = with_([review(), review({ decision: 'reject', at: REGISTERED + 120_000, ref: 'r2' })]);
    assert.equal(rejected.pass, false);
    assert.match(rejected.detail, /rejected by Grace Hopper/);
    assert.equal(with_([review({ decision: 'reject' }), review({ at: REGISTERED + 120_000, ref: 'r2' })]).pass, true);
  });

  it('a forged or invalid signature never counts and is named; signed: true counts only verified approvals', () => {
    const forged = with_([review({ signature: { valid: true, signer: 'eve@example.com' } })], ['The approval of churn v2.0.0 for prod by Grace Hopper <lead@example.com> (r) is signed by eve@example.com, not by the reviewer it names: a forged review.']);
    assert.equal(forged.pass, false);
    assert.match(forged.detail, /signed by eve@example\.com, not by the reviewer it names \(forged\?\).*a forged review/);
    assert.match(with_([review({ signature: { valid: false, signer: null } })]).detail, /signature does not verify/);
    const signedRule = '{reviews: {min: 1, signed: true}}';
    assert.match(only(gate(signedRule, facts({ reviews: { reviews: [review()], problems: [] } })), 'reviews').detail, /unsigned, and the policy counts only signed approvals/);
    assert.equal(only(gate(signedRule, facts({ reviews: { reviews: [review({ signature: { valid: true, signer: 'lead@example.com' } })], problems: [] } })), 'reviews').pass, true);
  });

  it('counts distinct reviewers against min', () => {
    const two = '{reviews: {min: 2}}';
    const same = [review(), review({ ref: 'r2', at: REGISTERED + 70_000 })];
    assert.equal(only(gate(two, facts({ reviews: { reviews: same, problems: [] } })), 'reviews').pass, false);
    assert.equal(only(gate(two, facts({ reviews: { reviews: [...same, review({ reviewer: { name: 'Linus', email: 'linus@kernel.org' }, ref: 'r3' })], problems: [] } })), 'reviews').pass, true);
  });
});

describe('gate outcome, report and record', () => {
  it('no policy, no rules for the stage, and a policy with errors', () => {
    const none = evaluateGate(applicableRules({ file: '.modelledger/policy.yaml', parsed: null }, 'churn', 'prod'), facts());
    assert.deepEqual([none.outcome, none.note], ['none', 'no policy file (.modelledger/policy.yaml): no gate applies']);
    const parsed = parsePolicy('version: 1\nmodels: {"fraud": {stages: {prod: {signed: true}}}}\n');
    assert.equal(evaluateGate(applicableRules({ file: 'p', parsed }, 'churn', 'prod'), facts()).outcome, 'none');
    const broken = parsePolicy('version: 1\nmodels:\n  "churn": {stages: {prd: {signed: true}}}\n', { stages: ['staging', 'prod'] });
    const failed = evaluateGate(applicableRules({ file: '.modelledger/policy.yaml', parsed: broken }, 'other-model', 'dev'), facts());
    assert.deepEqual([failed.outcome, failed.overridable, failed.rules[0]!.rule, failed.rules[0]!.line], ['fail', false, 'policy', 3]);
    assert.match(failed.rules[0]!.detail, /\.modelledger\/policy\.yaml:3:\d+: a stage of model pattern "churn": unknown stage "prd"/);
  });

  it('the result round-trips through a tag message and reads malformed records defensively', () => {
    const result = gate('{from: [staging], override: true}', facts({ stagesHeld: { now: [], ever: [] } }));
    assert.equal(result.outcome, 'fail');
    const recorded: GateResult = { ...result, outcome: 'override', override: { reason: 'hotfix | *urgent*', by: AUTHOR, failed: ['from'] } };
    const message = formatTagMessage('Assigning stage prod to artifact churn version v2.0.0', { ...emptyMetadata(), version: 'v2.0.0', gate: recorded });
    assert.deepEqual(parseTagMessage(message).metadata?.gate, recorded);
    assert.equal(parseTagMessage(message.replace('"outcome":"override"', '"outcome":"maybe"')).metadata?.gate, undefined);
    assert.equal(readGateResult({ model: 'churn', version: 'v1', stage: 'prod', outcome: 'pass', rules: [{ rule: 'bogus', pass: true }, { rule: 'from', pass: 'yes' }, { rule: 'from', pass: true, detail: 5 }] })?.rules.length, 1);
    const markdown = gateReportMarkdown(recorded);
    assert.match(markdown, /\| from \| \*\*FAIL\*\* \|/);
    assert.match(markdown, /hotfix \\\| \\\*urgent\\\*/, 'markdown in a reason is escaped');
  });
});
