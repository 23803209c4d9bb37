import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { PROJECT_ROOT } from '../helpers/temp';
import { parseMetricCondition, checkCondition, type MetricCondition } from '../../../src/core/governance/metricCondition';
import { parsePolicy } from '../../../src/core/governance/parsePolicy';
import { applicableRules } from '../../../src/core/governance/evaluateGate';
import { formatPolicyError, POLICY_FILE, stageRulesFor } from '../../../src/core/governance/policy';

const STAGES = ['dev', 'staging', 'prod'];

const FULL = `version: 1
models:
  "churn*":
    stages:
      prod:
        from: [staging]
        clean_tree: true
        artifact_hash: true
        metrics: ["val/auc >= 0.80", "val/auc >= current + 0.0", "loss <= current - 0.01"]
        evaluation: {metrics: ["test/auc > 0.7"], other_data: true}
        drift: {max_share: 0.3}
        model_card: {sections: ["Intended use", "Ethical considerations"]}
        reviews: {min: 2, reviewers: ["lead@example.com", "Grace Hopper"], not_author: true, signed: true}
        signed: true
        override: true
      staging:
  "/^fraud-(eu|us)$/":
    stages:
      prod: {reviews: {min: 1}}
`;

function condition(text: string): MetricCondition {
  const read = parseMetricCondition(text, { line: 1, column: 1 });
  assert.ok(!('problem' in read), `parses: ${text}`);
  return read;
}

describe('policy.yaml: parsing', () => {
  it('reads every rule of a full policy, with the lines they are written on', () => {
    const { policy, errors } = parsePolicy(FULL, { stages: STAGES });
    assert.deepEqual(errors, []);
    const prod = stageRulesFor(policy, 'churn-eu', 'prod');
    assert.ok(prod);
    assert.equal(prod.pattern.text, 'churn*');
    const r = prod.rules;
    assert.deepEqual(r.from, { stages: ['staging'], line: 6 });
    assert.deepEqual([r.cleanTree?.line, r.artifactHash?.line, r.signed?.line, r.override], [7, 8, 14, true]);
    assert.deepEqual(r.metrics.map((m) => [m.metric, m.comparison, m.threshold, m.line]), [
      ['val/auc', '>=', { kind: 'number', value: 0.8 }, 9],
      ['val/auc', '>=', { kind: 'current', offset: 0 }, 9],
      ['loss', '<=', { kind: 'current', offset: -0.01 }, 9],
    ]);
    assert.deepEqual(r.evaluation?.metrics.map((m) => m.text), ['test/auc > 0.7']);
    assert.equal(r.evaluation?.otherData, true);
    assert.deepEqual(r.drift, { maxShare: 0.3, line: 11 });
    assert.deepEqual(r.modelCard, { sections: ['Intended use', 'Ethical considerations'], line: 12 });
    assert.deepEqual(r.reviews, { min: 2, reviewers: ['lead@example.com', 'Grace Hopper'], notAuthor: true, signed: true, line: 13 });
    // A stage with nothing under it has no rules; a model no pattern names has none either.
    const staging = stageRulesFor(policy, 'churn', 'staging')!.rules;
    assert.deepEqual([staging.from, staging.metrics, staging.reviews, staging.override], [null, [], null, false]);
    assert.equal(stageRulesFor(policy, 'other', 'prod'), null);
  });

  it('matches globs over whole names (slashes included) and regular expressions as written; the first pattern wins', () => {
    const { policy } = parsePolicy(FULL, { stages: STAGES });
    assert.equal(stageRulesFor(policy, 'churn/eu/v2', 'prod')?.pattern.text, 'churn*');
    assert.equal(stageRulesFor(policy, 'fraud-eu', 'prod')?.pattern.text, '/^fraud-(eu|us)$/');
    assert.equal(stageRulesFor(policy, 'fraud-asia', 'prod'), null);
    assert.equal(stageRulesFor(policy, 'xchurn', 'prod'), null, 'a glob is anchored');
    const first = parsePolicy('version: 1\nmodels:\n  "churn-*": {stages: {prod: {signed: true}}}\n  "*": {stages: {prod: {clean_tree: true}}}\n').policy;
    assert.ok(stageRulesFor(first, 'churn-eu', 'prod')!.rules.signed);
    assert.equal(stageRulesFor(first, 'churn-eu', 'prod')!.rules.cleanTree, null, 'only the first match applies');
    assert.ok(stageRulesFor(first, 'fraud', 'prod')!.rules.cleanTree);
  });

  it('a first match with no rules for the stage does not turn later patterns off; "none" names the patterns that matched', () => {
    const text = 'version: 1\nmodels:\n  "churn-*": {stages: {staging: {signed: true}}}\n  "*": {stages: {prod: {clean_tree: true}}}\n';
    const parsed = parsePolicy(text);
    assert.equal(stageRulesFor(parsed.policy, 'churn-eu', 'prod')?.pattern.text, '*');
    assert.ok(stageRulesFor(parsed.policy, 'churn-eu', 'staging')!.rules.signed);
    const none = applicableRules({ file: POLICY_FILE, parsed }, 'churn-eu', 'dev');
    assert.deepEqual(none, { kind: 'none', note: `${POLICY_FILE} sets no rules for churn-eu → dev: the patterns naming churn-eu, "churn-*" (line 3), "*" (line 4), set none for dev` });
    assert.deepEqual(applicableRules({ file: POLICY_FILE, parsed: parsePolicy('version: 1\nmodels: {"fraud": {stages: {prod: {signed: true}}}}\n') }, 'churn', 'prod'), {
      kind: 'none',
      note: `${POLICY_FILE} sets no rules for churn → prod: no pattern names churn`,
    });
  });

  it('refuses "from: []" and "current" in evaluation metrics, where they are written', () => {
    const text = 'version: 1\nmodels:\n  churn:\n    stages:\n      prod:\n        from: []\n        evaluation: {metrics: ["test/auc >= 0.7", "test/auc >= current + 0.01"]}\n';
    const { errors, policy } = parsePolicy(text);
    assert.deepEqual(errors.map((e) => [e.line, e.column]), [[6, 15], [7, 51]]);
    assert.match(errors[0]!.message, /"from" of .* is an empty list, which no version can pass/);
    assert.match(errors[1]!.message, /"test\/auc >= current \+ 0\.01" compares an evaluation run's metric with "current"/);
    assert.deepEqual(policy.models[0]!.stages[0]!.evaluation?.metrics.map((c) => c.text), ['test/auc >= 0.7']);
  });

  it('says where each problem is and what to write: unknown stage, bad regex, bad expression, unknown key, wrong types', () => {
    const text = `version: 1
models:
  "/churn(/":
    stages: {prod: {signed: true}}
  "churn*":
    stages:
      production:
        signed: true
      prod:
        from: [qa]
        metrics: ["val/auc >> 0.8", "val/auc >= currnt", "auc"]
        reviews: {min: 0, reviewer: [x]}
        drift: {max_share: 1.5}
        signed: yes please
`;
    const { errors } = parsePolicy(text, { stages: STAGES });
    const lines = errors.map(formatPolicyError);
    const expect = (line: number, pattern: RegExp) => assert.ok(errors.some((e) => e.line === line && pattern.test(e.message)), `line ${line} ${pattern}: got\n${lines.join('\n')}`);
    expect(3, /regular expression \/churn\(\/ does not compile/);
    expect(7, /unknown stage "production"; the registry allows dev, staging, prod/);
    expect(10, /unknown stage "qa"/);
    expect(11, /"val\/auc >> 0.8"/);
    expect(11, /"currnt" is neither a number nor "current"/);
    expect(11, /"auc" is not a metric condition/);
    expect(12, /"min" .* is 0/);
    expect(12, /unknown key "reviewer"/);
    expect(13, /"max_share" .* is 1.5, out of range/);
    expect(14, /should be true or false/);
    assert.ok(lines.every((l) => l.startsWith('.modelledger/policy.yaml:')), 'each names the file');
    assert.ok(errors.every((e) => e.column >= 1));
  });

  it('reports a YAML syntax error, a wrong version and a missing models key at their lines', () => {
    const syntax = parsePolicy('version: 1\nmodels:\n  churn: {stages: {prod: [}\n');
    assert.equal(syntax.errors[0]!.line, 3);
    assert.match(syntax.errors[0]!.message, /not valid YAML/);
    assert.match(parsePolicy('version: 2\nmodels: {}\n').errors[0]!.message, /this Model Ledger reads policy version 1/);
    assert.match(parsePolicy('version: 1\n').errors[0]!.message, /missing "models"/);
    assert.match(parsePolicy('- a list\n').errors[0]!.message, /should be a mapping/);
    assert.match(parsePolicy('version: 1\nmodels: {"churn": {stages: {prod: {reviews: {min: 3, reviewers: [a@x.org]}}}}}\n').errors[0]!.message, /lists 1 but "min" asks for 3/);
  });

  it('without the allowed stages, any stage name GTO accepts is read', () => {
    assert.deepEqual(parsePolicy('version: 1\nmodels: {"*": {stages: {production: {signed: true}}}}\n').errors, []);
  });
});

describe('policy.yaml: the JSON Schema VS Code checks it with', () => {
  it('agrees with the parser on a full policy and on bad ones', () => {
    // ajv 6 (draft-07) comes with ESLint: the schema is checked the way the YAML extension reads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = require('ajv') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };
    const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'policy.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    assert.equal(validate(parseYaml(FULL)), true, JSON.stringify(validate.errors));
    const bad = [
      'version: 2\nmodels: {}',
      'version: 1\nmodels: {churn: {stages: {prod: {signd: true}}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {metrics: ["val/auc >> 0.8"]}}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {metrics: ["val/auc >= currnt"]}}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {reviews: {min: 0}}}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {drift: {max_share: 2}}}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {signed: "yes"}}}}',
      'version: 1\nmodels: {"churn eu": {stages: {}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {from: []}}}}',
      'version: 1\nmodels: {churn: {stages: {prod: {evaluation: {metrics: ["test/auc >= current"]}}}}}',
    ];
    for (const text of bad) {
      assert.equal(validate(parseYaml(text)), false, `the schema refuses ${text}`);
      assert.notDeepEqual(parsePolicy(text).errors, [], `the parser refuses ${text}`);
    }
  });
});

describe('policy.yaml: metric conditions', () => {
  it('compares absolute thresholds and against the current holder, with an offset', () => {
    assert.equal(checkCondition(condition('val/auc >= 0.80'), { 'val/auc': 0.81 }, null, 'v2').pass, true);
    assert.equal(checkCondition(condition('val/auc >= 0.80'), { 'val/auc': 0.79 }, null, 'v2').pass, false);
    const current = { version: 'v1', metrics: { 'val/auc': 0.8, loss: 0.3 } };
    assert.equal(checkCondition(condition('val/auc >= current + 0.01'), { 'val/auc': 0.805 }, current, 'v2').pass, false);
    assert.equal(checkCondition(condition('val/auc >= current'), { 'val/auc': 0.8 }, current, 'v2').pass, true);
    assert.equal(checkCondition(condition('loss < current - 0.1'), { loss: 0.19 }, current, 'v2').pass, true);
    assert.equal(checkCondition(condition('val/auc >= current + 0.0'), { 'val/auc': 0.5 }, null, 'v2').pass, true, 'an empty stage has nothing to beat');
    assert.equal(checkCondition(condition('val/auc == 0.5'), { 'val/auc': Number.NaN }, null, 'v2').pass, false);
  });

  it('fails, naming what there is, on a metric the version or the current holder lacks', () => {
    const missing = checkCondition(condition('val/aucc >= 0.8'), { 'val/auc': 0.9, loss: 0.1 }, null, 'v2 (its recorded metrics)');
    assert.equal(missing.pass, false);
    assert.match(missing.detail, /v2 \(its recorded metrics\) has no metric "val\/aucc" \(it has loss, val\/auc\)/);
    const holderLacks = checkCondition(condition('f1 >= current'), { f1: 0.9 }, { version: 'v1', metrics: {} }, 'v2');
    assert.match(holderLacks.detail, /the current version v1 has no metric "f1"/);
  });

  it('accepts exponent numbers and signs; refuses a comparison sign inside the name', () => {
    assert.deepEqual(condition('loss <= 1e-3').threshold, { kind: 'number', value: 0.001 });
    assert.deepEqual(condition('delta > -0.5').threshold, { kind: 'number', value: -0.5 });
    const bad = parseMetricCondition('a<b < 3', { line: 1, column: 1 });
    assert.ok('problem' in bad);
  });
});
