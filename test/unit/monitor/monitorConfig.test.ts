import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { globBase, globProblem, globToRegExp } from '../../../src/core/monitor/batchGlob';
import { formatConfigError, watchedStages } from '../../../src/core/monitor/monitorConfig';
import { parseMonitorConfig } from '../../../src/core/monitor/parseMonitorConfig';
import { PROJECT_ROOT } from '../helpers/temp';

const FULL = `# Watched stages of churn
models:
  churn:
    train:
      command: python train.py --data \${data}
      cwd: training
    stages:
      prod:
        batches: ./data/incoming/*.parquet
        share: 0.3
        columns:
          tenure: {test: psi, threshold: 0.2}
          plan: {test: chisquare}
          charges: {threshold: 0.15}
        important: [tenure, plan]
        metrics:
          val/auc: 0.02
          val/loss: 0
      staging:
        batches: data/staging/**/*.{csv,tsv}
        reference: data/train.csv
  fraud:
    stages:
      prod:
        batches: fraud/batches/day-??.jsonl
`;

/** The errors of a file, as "line: message" (the column is checked where it matters). */
function errorsOf(text: string): string[] {
  return parseMonitorConfig(text).errors.map((e) => `${e.line}: ${e.message}`);
}

describe('monitor.yaml', () => {
  it('reads every rule, with defaults for what is not given', () => {
    const { config, errors } = parseMonitorConfig(FULL);
    assert.deepEqual(errors, []);
    assert.deepEqual(config.models.map((m) => [m.name, m.train]), [
      ['churn', { command: 'python train.py --data ${data}', cwd: 'training' }],
      ['fraud', null],
    ]);
    assert.deepEqual(watchedStages(config), [
      {
        model: 'churn', stage: 'prod', batches: 'data/incoming/*.parquet', reference: { kind: 'version' },
        rules: { share: 0.3, columns: { tenure: { test: 'psi', threshold: 0.2 }, plan: { test: 'chisquare', threshold: null }, charges: { test: null, threshold: 0.15 } } },
        important: ['tenure', 'plan'], metricMargins: { 'val/auc': 0.02, 'val/loss': 0 }, line: 8,
      },
      {
        model: 'churn', stage: 'staging', batches: 'data/staging/**/*.{csv,tsv}', reference: { kind: 'file', path: 'data/train.csv' },
        rules: { share: 0.5, columns: {} }, important: [], metricMargins: {}, line: 19,
      },
      {
        model: 'fraud', stage: 'prod', batches: 'fraud/batches/day-??.jsonl', reference: { kind: 'version' },
        rules: { share: 0.5, columns: {} }, important: [], metricMargins: {}, line: 24,
      },
    ]);
  });

  it('an empty file watches nothing, without an error', () => {
    assert.deepEqual(parseMonitorConfig(''), { config: { models: [] }, errors: [] });
    assert.deepEqual(parseMonitorConfig('# nothing yet\n'), { config: { models: [] }, errors: [] });
  });

  it('a YAML syntax error names its line and column, and nothing is watched', () => {
    const parsed = parseMonitorConfig('models:\n  churn:\n    stages: {prod: {batches: a/*.csv}\n', 'ws/.modelledger/monitor.yaml');
    assert.deepEqual(parsed.config, { models: [] });
    assert.equal(parsed.errors.length, 1);
    assert.match(formatConfigError(parsed.errors[0]!), /^ws\/\.modelledger\/monitor\.yaml:4:1: not valid YAML: /);
    assert.deepEqual(errorsOf('models:\n  churn: 1\n  churn: 2\n').map((e) => e.replace(/:.*$/, '')), ['3'], 'a key given twice is a syntax error at its second place');
  });

  it('every error names its line and says what to write; stages without errors are still watched', () => {
    const text = [
      'models:', //                                                      1
      '  churn:', //                                                     2
      '    stages:', //                                                  3
      '      prod:', //                                                  4
      '        batches: data/incoming/*.csv', //                         5
      '        sharing: 0.4', //                                         6 unknown key
      '      staging:', //                                               7
      '        batches: /abs/*.csv', //                                  8 absolute glob
      '      dev:', //                                                   9
      '        batches: data/{a,b/*.csv', //                             10 unclosed brace
      '        columns:', //                                             11
      '          tenure: {test: kolmogorov, threshold: 0.05}', //        12 bad test name
      '          plan: {test: ks, threshold: 1.5}', //                   13 p-value threshold out of range
      '          city: {test: jensenshannon, threshold: 2}', //          14 JS threshold out of range
      '          age: {threshold: -0.1}', //                             15 threshold out of range
      '          zip: {}', //                                            16 neither test nor threshold
      '      qa:', //                                                    17
      '        batches: ../outside/*.csv', //                            18 leaves the workspace
      '        share: 0', //                                             19 share out of range
      '        reference: ../train.csv', //                              20 reference outside
      '        important: tenure', //                                    21 not a list
      '        metrics: {val/auc: -0.01, val/f1: high}', //              22 negative margin, not a number
      '      Bad_Stage-: {batches: a/*.csv}', //                         23 stage name
      '      canary: {reference: data/train.csv}', //                    24 no batches
      '    train: {command: "python train.py --in ${input}"}', //        25 unknown placeholder
      '  fraud:', //                                                     26
      '    stages: {prod: {batches: "f/*.csv"}}', //                     27 fine
      '    retrain: {command: make}', //                                 28 unknown key
      '  ranker: {}', //                                                 29 no stages
      '  -bad: {stages: {}}', //                                         30 model name
      'version: 2', //                                                   31 unknown top-level key
      '',
    ].join('\n');
    const { config, errors } = parseMonitorConfig(text);
    const lines = errors.map((e) => e.line);
    assert.deepEqual(lines, [...lines].sort((a, b) => a - b), 'in the order of the file');
    const byLine = new Map<number, string[]>();
    for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.message]);
    const expect = (line: number, pattern: RegExp) => assert.ok(byLine.get(line)?.some((m) => pattern.test(m)), `line ${line}: ${pattern} in ${JSON.stringify(byLine.get(line))}`);
    expect(6, /^unknown key "sharing" in stage "prod" of model "churn"; expected one of "batches", "reference", "share"/);
    expect(8, /"batches" of stage "staging" of model "churn" "\/abs\/\*\.csv" is absolute; write it relative to the workspace folder/);
    expect(10, /unclosed "\{"/);
    expect(12, /"test" of column "tenure" .* is "kolmogorov", not a test Model Ledger knows; use one of ks, chisquare, z, wasserstein, jensenshannon, psi/);
    expect(13, /"threshold" of column "plan" .* is 1\.5, out of range: ks compares a p-value, so its threshold is above 0 and below 1/);
    expect(14, /"threshold" of column "city" .* is 2, out of range: a Jensen–Shannon distance threshold is above 0 and at most 1/);
    expect(15, /"threshold" of column "age" .* is -0\.1, out of range: a drift threshold is above 0/);
    expect(16, /column "zip" .* sets neither "test" nor "threshold"/);
    expect(18, /leads out of the workspace with "\.\."/);
    expect(19, /"share" of stage "qa" of model "churn" is 0, out of range: .* above 0 and at most 1 \(default 0\.5\)/);
    expect(20, /"reference" of stage "qa" .* leads out of the workspace/);
    expect(21, /"important" of stage "qa" of model "churn" should be a list of column names/);
    expect(22, /the margin of metric "val\/auc" .* is -0\.01, out of range/);
    expect(22, /the margin of metric "val\/f1" .* should be a number/);
    expect(23, /Bad_Stage-/);
    expect(24, /stage "canary" of model "churn" has no "batches": name where new data lands/);
    expect(25, /uses \$\{input\}, which is not known; use \$\{data\}, \$\{model\}, \$\{version\}, \$\{stage\}/);
    expect(28, /unknown key "retrain" in model "fraud"; expected one of "stages", "train"/);
    expect(29, /model "ranker" has no "stages"/);
    expect(30, /-bad/);
    expect(31, /unknown key "version" at the top level; expected one of "models"/);
    assert.equal(errors.find((e) => e.line === 12)!.column, 26, 'the column of the bad test name');
    assert.deepEqual(watchedStages(config).map((s) => `${s.model}#${s.stage}`), ['fraud#prod'], 'only the stage without a problem is watched');
  });

  it('a file that is not a mapping of models says what it should be', () => {
    assert.deepEqual(errorsOf('- churn\n'), ['1: the file should be a mapping with a "models" key: models: {churn: {stages: {prod: {batches: data/incoming/*.csv}}}}']);
    assert.deepEqual(errorsOf('models: churn\n'), ['1: "models" should be a mapping of model names, such as churn: {stages: …}']);
    assert.deepEqual(errorsOf('model:\n  churn: {}\n'), ['1: unknown key "model" at the top level; expected one of "models"', '1: missing "models": name the models to watch, such as models: {churn: {stages: {prod: {batches: data/incoming/*.csv}}}}']);
  });

  it('the JSON Schema VS Code checks the file with agrees with the parser', () => {
    // ajv 6 (draft-07) comes with ESLint: the schema is checked the way the YAML extension reads it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = require('ajv') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };
    const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'monitor.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const valid = (text: string) => validate(parseYaml(text));
    assert.equal(valid(FULL), true, JSON.stringify(validate.errors));
    const bad = [
      'models: {churn: {stages: {prod: {batches: a/*.csv, sharing: 1}}}}',
      'models: {churn: {stages: {prod: {batches: /abs/*.csv}}}}',
      'models: {churn: {stages: {prod: {batches: ../a/*.csv}}}}',
      'models: {churn: {stages: {prod: {batches: a/*.csv, share: 0}}}}',
      'models: {churn: {stages: {prod: {batches: a/*.csv, columns: {x: {test: kolmogorov}}}}}}',
      'models: {churn: {stages: {prod: {batches: a/*.csv, columns: {x: {test: ks, threshold: 1.5}}}}}}',
      'models: {churn: {stages: {prod: {batches: a/*.csv, columns: {x: {test: jensenshannon, threshold: 2}}}}}}',
      'models: {churn: {stages: {prod: {batches: a/*.csv, columns: {x: {}}}}}}',
      'models: {churn: {stages: {prod: {batches: a/*.csv, metrics: {val/auc: -1}}}}}',
      'models: {churn: {stages: {prod: {reference: data/train.csv}}}}',
      'models: {churn: {train: {command: "python t.py ${input}"}, stages: {}}}',
      'models: {-bad: {stages: {}}}',
    ];
    for (const text of bad) {
      assert.equal(valid(text), false, `the schema refuses ${text}`);
      assert.notDeepEqual(parseMonitorConfig(text).errors, [], `the parser refuses ${text}`);
    }
  });
});

describe('batch globs', () => {
  it('match within a folder, across folders, one character and alternatives', () => {
    const matches = (glob: string, rel: string) => globToRegExp(glob).test(rel);
    assert.equal(matches('data/incoming/*.parquet', 'data/incoming/2024-01-01.parquet'), true);
    assert.equal(matches('data/incoming/*.parquet', 'data/incoming/sub/2024.parquet'), false);
    assert.equal(matches('data/incoming/*.parquet', 'data/incoming/a.parquet.tmp'), false);
    assert.equal(matches('data/**/*.csv', 'data/a.csv'), true);
    assert.equal(matches('data/**/*.csv', 'data/x/y/a.csv'), true);
    assert.equal(matches('data/day-??.{csv,tsv}', 'data/day-07.tsv'), true);
    assert.equal(matches('data/day-??.{csv,tsv}', 'data/day-7.tsv'), false);
    assert.equal(matches('data/(a)+.csv', 'data/(a)+.csv'), true, 'other characters are literal');
    assert.equal(globBase('data/incoming/*.parquet'), 'data/incoming');
    assert.equal(globBase('data/**/x/*.csv'), 'data');
    assert.equal(globBase('*.csv'), '');
    assert.equal(globProblem('data/*.csv'), null);
    assert.match(globProblem('data\\*.csv')!, /separate folders with "\/"/);
    assert.match(globProblem('data/')!, /names a folder/);
    assert.match(globProblem('data/{a,{b,c}}.csv')!, /nested braces/);
  });
});
