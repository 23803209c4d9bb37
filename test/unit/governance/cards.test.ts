import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cardPath } from '../../../src/core/governance/cardPath';
import { parseCard } from '../../../src/core/governance/cardText';
import { locateCard, readCardState } from '../../../src/registry/cards';
import { cli, cliOk } from '../helpers/cli';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';
import { git, makeRepo, modelFile, write } from '../registry/gitRepos';

const ok = (args: string[], cwd: string): string => cliOk(args, cwd, PYTHON_ENV);

/** Real public data (vega-datasets, see test/fixtures/real/PROVENANCE.md for the package). */
const VEGA = path.join(PROJECT_ROOT, 'node_modules', 'vega-datasets', 'data');
const PYTHON_ENV = { PYTHONPATH: path.join(PROJECT_ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };
const MCT_SCHEMA = path.join(PROJECT_ROOT, 'test', 'fixtures', 'real', 'model-card-toolkit', 'model_card.schema.v0.0.2.json');
const CARD = 'cards/churn@v0.0.1.md';
const SECTIONS = ['Model details', 'Intended use', 'Factors', 'Metrics', 'Evaluation data', 'Training data', 'Quantitative analyses', 'Ethical considerations', 'Caveats and recommendations'];

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function python(cwd: string, script: string): string {
  return execFileSync('python3', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, ...PYTHON_ENV } }).trim();
}

/**
 * A repository with real CSV data, a training run (metrics, an input), churn v0.0.1 registered from
 * it with evaluation data, and an evaluation run of that version.
 */
function registeredVersion(): { repo: string; runId: string; evalId: string } {
  const repo = makeRepo('cards-');
  fs.mkdirSync(path.join(repo, 'data'));
  fs.copyFileSync(path.join(VEGA, 'seattle-weather.csv'), path.join(repo, 'data', 'weather.csv'));
  fs.copyFileSync(path.join(VEGA, 'sp500.csv'), path.join(repo, 'data', 'holdout.csv'));
  write(repo, '.gitignore', 'models/\ndata/\n');
  git(repo, ['add', '.gitignore']);
  git(repo, ['commit', '-q', '-m', 'Ignore data']);
  const runId = python(
    repo,
    `import model_ledger
with model_ledger.start_run(experiment="churn", name="gbm-lr05") as run:
    run.log_input("data/weather.csv")
    run.log_metrics({"val/auc": 0.91, "loss": 0.2}, step=0)
print(run.run_id)`,
  );
  ok(['import'], repo);
  modelFile(repo);
  ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--run', runId, '--eval-data', 'data/holdout.csv', '--description', 'Gradient <b>boosting</b> | *lr 0.05*\n# not a heading'], repo);
  const evalId = python(
    repo,
    `import model_ledger
with model_ledger.start_run(experiment="monitoring", name="january", evaluates="churn@v0.0.1") as run:
    run.log_input("data/holdout.csv")
    run.log_metrics({"val/auc": 0.87}, step=0)
print(run.run_id)`,
  );
  ok(['import'], repo);
  return { repo, runId, evalId };
}

/** The parts of Model Card Toolkit JSON the tests read. */
type Mct = Record<string, unknown> & {
  schema_version: string;
  model_details: Record<string, unknown>;
  quantitative_analysis: { performance_metrics: unknown[] };
  considerations?: unknown;
};

/** The text between a facts block's markers. */
function factsBlock(card: string, id: string): string {
  const m = new RegExp(`<!-- model-ledger:facts ${id} -->\\n([\\s\\S]*?)\\n<!-- /model-ledger:facts -->`).exec(card);
  assert.ok(m, `the card has a ${id} facts block`);
  return m[1]!;
}

describe('model cards', () => {
  it('are generated from what the version was registered with: run, metrics, commit, data and their sha256, evaluations', () => {
    const { repo, runId, evalId } = registeredVersion();
    const printed = ok(['card', 'churn', 'v0.0.1'], repo);
    assert.equal(fs.existsSync(path.join(repo, CARD)), false, 'printing writes nothing');
    assert.equal(readCardState(repo, 'churn', 'v0.0.1').exists, false);

    const r = cli(['card', 'churn', 'v0.0.1', '--write'], repo, { env: PYTHON_ENV });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /cards\/churn@v0\.0\.1\.md: written/);
    const card = fs.readFileSync(path.join(repo, CARD), 'utf8');
    assert.equal(card, printed, 'the card written is the one printed');

    const commit = git(repo, ['rev-parse', 'HEAD']);
    const details = factsBlock(card, 'model-details');
    assert.match(details, new RegExp(`\\*\\*Commit:\\*\\* \`${commit}\``));
    assert.match(details, new RegExp(`\\*\\*Source run:\\*\\* gbm-lr05 \\(\`${runId}\`\\)`));
    assert.match(details, new RegExp(`sha256 \`${sha256Of(path.join(repo, 'models', 'churn.pkl'))}\``));
    // The description is shown as text: no HTML element, no emphasis, no heading.
    assert.match(details, /^Gradient &#60;b&#62;boosting&#60;\/b&#62; \\\| \\\*lr 0\.05\\\*$/m);
    assert.match(details, /^\\# not a heading$/m);
    assert.doesNotMatch(card, /<b>/);
    assert.match(factsBlock(card, 'metrics'), /^\| loss \| 0\.2 \|$\n^\| val\/auc \| 0\.91 \|$/m);
    assert.match(factsBlock(card, 'training-data'), new RegExp(`^- data/weather\\.csv, sha256 \`${sha256Of(path.join(repo, 'data', 'weather.csv'))}\`$`, 'm'));
    assert.match(factsBlock(card, 'evaluation-data'), new RegExp(`^- data/holdout\\.csv, sha256 \`${sha256Of(path.join(repo, 'data', 'holdout.csv'))}\`$`, 'm'));
    assert.match(factsBlock(card, 'quantitative-analyses'), /^\| january \| \d{4}-\d\d-\d\d \d\d:\d\d UTC \| val\/auc \| 0\.91 \| 0\.87 \| -0\.04 \|$/m);

    const front = parseCard(card, CARD).frontMatter!.document.toJS() as Record<string, unknown>;
    assert.equal(front.license, 'other');
    assert.deepEqual(front.datasets, ['data/weather.csv', 'data/holdout.csv']);
    const index = front['model-index'] as { name: string; results: { task: { type: string }; dataset: { type: string; name: string }; metrics: { type: string; value: number }[] }[] }[];
    assert.equal(index[0]!.name, 'churn v0.0.1');
    assert.deepEqual(index[0]!.results.map((x) => x.metrics), [[{ type: 'loss', value: 0.2, name: 'loss' }, { type: 'val/auc', value: 0.91, name: 'val/auc' }], [{ type: 'val/auc', value: 0.87, name: 'val/auc' }]]);
    assert.deepEqual(index[0]!.results.map((x) => x.dataset.type), ['data/holdout.csv', 'data/holdout.csv']);
    assert.equal((front.model_ledger as { source_run: string }).source_run, runId);
    assert.ok(evalId);

    const state = readCardState(repo, 'churn', 'v0.0.1');
    assert.equal(state.error, null);
    assert.equal(state.path, CARD);
    assert.deepEqual(state.sections.map((s) => s.title), SECTIONS);
    const filled = Object.fromEntries(state.sections.map((s) => [s.title, s.filled]));
    assert.deepEqual(filled, {
      'Model details': true, 'Intended use': false, Factors: false, Metrics: true, 'Evaluation data': true, 'Training data': true,
      'Quantitative analyses': true, 'Ethical considerations': false, 'Caveats and recommendations': false,
    });
  });

  it('an update rewrites the facts and the machine keys, and keeps every word a person wrote', () => {
    const { repo } = registeredVersion();
    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    let card = fs.readFileSync(file, 'utf8');
    const intended = 'Ranks customers for the retention team to call.\n\nNot for pricing decisions.';
    card = card
      .replace('license: other', 'license: apache-2.0 # chosen by legal')
      .replace('## Intended use\n', `## Intended use\n\n${intended}\n`)
      .replace('## Caveats and recommendations\n', '## Caveats and recommendations\n\n```\n## not a section\n```\n')
      .replace('<!-- /model-ledger:facts -->\n\n<!-- Prompt: Why these metrics', '<!-- /model-ledger:facts -->\n\nWe watch val/auc above all.\n\n<!-- Prompt: Why these metrics');
    fs.writeFileSync(file, card);
    assert.equal(readCardState(repo, 'churn', 'v0.0.1').sections.find((s) => s.title === 'Intended use')!.filled, true);

    ok(['describe', 'churn', 'v0.0.1', '--description', 'Retrained with 2025 data', '--labels', 'tabular,gbm'], repo);
    ok(['deprecate', 'churn', '--reason', 'replaced by churn-v2'], repo);
    const r = cli(['card', 'churn', 'v0.0.1', '--update'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /facts brought up to date/);
    const updated = fs.readFileSync(file, 'utf8');

    const details = factsBlock(updated, 'model-details');
    assert.match(details, /\*\*Version labels:\*\* tabular, gbm/);
    assert.match(details, /\*\*Deprecated:\*\* replaced by churn-v2/);
    assert.match(details, /^Retrained with 2025 data$/m);
    assert.doesNotMatch(details, /Gradient/);
    // Outside the blocks and the machine keys, the file is byte for byte what the person left.
    const outside = (text: string) => text.slice(text.indexOf('\n---\n')).replace(/<!-- model-ledger:facts [\s\S]*?<!-- \/model-ledger:facts -->/g, '');
    assert.equal(outside(updated), outside(card));
    assert.match(updated, /^license: apache-2\.0 # chosen by legal$/m);
    const front = parseCard(updated, CARD).frontMatter!.document.toJS() as { tags: string[] };
    assert.deepEqual(front.tags, ['model-ledger', 'tabular', 'gbm']);
    assert.deepEqual(readCardState(repo, 'churn', 'v0.0.1').sections.map((s) => s.title), SECTIONS, 'a heading inside a code fence is not a section');

    const again = cli(['card', 'churn', 'v0.0.1', '--update'], repo);
    assert.match(again.stderr, /facts already up to date/);
    assert.equal(fs.readFileSync(file, 'utf8'), updated);
  });

  it('a card with broken front matter says which file and line, and blocks nothing else', () => {
    const { repo } = registeredVersion();
    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    const card = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, card.replace('license: other', 'license: other: bad'));
    const state = readCardState(repo, 'churn', 'v0.0.1');
    assert.equal(state.exists, true);
    assert.match(state.error ?? '', /^cards\/churn@v0\.0\.1\.md:3: the front matter is not valid YAML/);
    const r = cli(['card', 'churn', 'v0.0.1', '--update'], repo);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cards\/churn@v0\.0\.1\.md:3: the front matter is not valid YAML.*Fix it/);
    assert.equal(fs.readFileSync(file, 'utf8'), card.replace('license: other', 'license: other: bad'), 'nothing was rewritten');
    assert.equal(cli(['card', 'churn', 'v0.0.1', '--json'], repo).code, 1);

    fs.writeFileSync(file, card.replace(/\n---\n\n# Model card/, '\n\n# Model card'));
    assert.match(readCardState(repo, 'churn', 'v0.0.1').error ?? '', /^cards\/churn@v0\.0\.1\.md:1: the front matter opened by "---" on line 1 has no closing "---" line/);
    // Listing and promoting do not read cards.
    assert.match(ok(['models'], repo), /churn/);
    assert.match(ok(['assign', 'churn', 'v0.0.1', 'staging'], repo), /staging/);
  });

  it('--json is Model Card Toolkit JSON that validates against the toolkit\'s own schema v0.0.2', () => {
    const { repo } = registeredVersion();
    // ajv 6 (draft-07, the schema's draft) comes with ESLint.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = require('ajv') as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown[] } };
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(fs.readFileSync(MCT_SCHEMA, 'utf8')) as object);

    const generated = JSON.parse(ok(['card', 'churn', 'v0.0.1', '--json'], repo)) as Mct;
    assert.ok(validate(generated), JSON.stringify(validate.errors));
    assert.equal(generated.schema_version, '0.0.2');
    assert.deepEqual(generated.quantitative_analysis.performance_metrics, [
      { type: 'loss', value: '0.2', slice: 'at registration' },
      { type: 'val/auc', value: '0.91', slice: 'at registration' },
      { type: 'val/auc', value: '0.87', slice: 'evaluation run january' },
    ]);
    assert.equal(generated.considerations, undefined, 'no person wrote anything yet');

    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('license: other', 'license: mit').replace('## Ethical considerations\n', '## Ethical considerations\n\nUses no personal data.\n'));
    const withText = JSON.parse(ok(['card', 'churn', 'v0.0.1', '--json'], repo)) as Mct;
    assert.ok(validate(withText), JSON.stringify(validate.errors));
    assert.deepEqual(withText.considerations, { ethical_considerations: [{ name: 'Uses no personal data.' }] });
    assert.deepEqual(withText.model_details.licenses, [{ identifier: 'mit' }]);
    // The schema refuses what it should: the check is not vacuous.
    assert.equal(validate({ ...withText, model_details: { ...withText.model_details, licenses: [{}] } }), false);
    assert.equal(validate({ ...withText, extra: 1 }), false);
  });

  it('refuses names that are not registry names and card files that lead outside the repository', () => {
    const repo = makeRepo('cards-hostile-');
    assert.deepEqual(cardPath('-rf', 'v1.0.0'), { problem: 'Model name "-rf" must not start with "-".' });
    assert.ok('problem' in cardPath('a/../../etc:x', 'v1.0.0'));
    assert.ok('problem' in cardPath('churn', '../v1.0.0'));
    assert.deepEqual(cardPath('team/churn', 'v1.0.0'), { path: 'cards/team/churn@v1.0.0.md' });
    assert.deepEqual(cardPath('models/dvc:churn', 'v1.0.0'), { path: 'cards/models/dvc=churn@v1.0.0.md' });
    assert.match(readCardState(repo, '-rf', 'v1.0.0').error ?? '', /must not start with "-"/);

    const r = cli(['card', '--', '-rf', 'v1.0.0'], repo);
    assert.notEqual(r.code, 0);
    assert.doesNotMatch(r.stderr, /internal error/i);

    const outside = tempDir('cards-outside-');
    fs.symlinkSync(outside, path.join(repo, 'cards'));
    const state = readCardState(repo, 'churn', 'v1.0.0');
    assert.match(state.error ?? '', /leads outside the repository/);
  });

  it('an update refuses a card whose facts markers do not pair, and leaves it byte for byte; a marker in code is text', () => {
    const { repo } = registeredVersion();
    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    const card = fs.readFileSync(file, 'utf8');
    // The Model details end marker deleted, and a person's text under Intended use below it.
    const endAt = card.indexOf('<!-- /model-ledger:facts -->');
    const broken = (card.slice(0, endAt) + card.slice(endAt + '<!-- /model-ledger:facts -->'.length)).replace('## Intended use\n', '## Intended use\n\nRanks customers for the retention team.\n');
    fs.writeFileSync(file, broken);
    const before = fs.readFileSync(file);
    const r = cli(['card', 'churn', 'v0.0.1', '--update'], repo);
    assert.equal(r.code, 1, r.stdout);
    const line = broken.slice(0, broken.indexOf('<!-- model-ledger:facts model-details -->')).split('\n').length;
    assert.match(r.stderr, new RegExp(`cards/churn@v0\\.0\\.1\\.md:${line}: the facts block "model-details" has no end marker .* before the heading on line \\d+.*Nothing was rewritten`));
    assert.ok(fs.readFileSync(file).equals(before), 'the card is unchanged byte for byte');

    // A start marker quoted in a fence and in a code span is text: left alone, and the update goes on.
    const quoted = card
      .replace(/(<!-- model-ledger:facts metrics -->\n)[\s\S]*?(\n<!-- \/model-ledger:facts -->)/, '$1| stale | 1 |$2')
      .replace('## Intended use\n', '## Intended use\n\n```\n<!-- model-ledger:facts metrics -->\nold numbers\n```\n\nThe marker is `<!-- model-ledger:facts metrics -->`, kept.\n');
    fs.writeFileSync(file, quoted);
    const update = cli(['card', 'churn', 'v0.0.1', '--update'], repo);
    assert.equal(update.code, 0, update.stderr);
    const updated = fs.readFileSync(file, 'utf8');
    assert.match(updated, /## Intended use\n\n```\n<!-- model-ledger:facts metrics -->\nold numbers\n```\n\nThe marker is `<!-- model-ledger:facts metrics -->`, kept\.\n/);
    assert.doesNotMatch(factsBlock(updated, 'metrics'), /stale/);
    assert.match(factsBlock(updated, 'metrics'), /^\| val\/auc \| 0\.91 \|$/m);
    const intended = parseCard(updated, CARD).sections.find((s) => s.title === 'Intended use')!;
    assert.match(intended.personText, /old numbers/);
  });

  it('an update keeps the front matter once when the card ends on its closing ---, and keeps CRLF line endings', () => {
    const { repo } = registeredVersion();
    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    const card = fs.readFileSync(file, 'utf8');
    const frontOnly = card.slice(0, card.indexOf('\n---\n') + '\n---'.length);
    fs.writeFileSync(file, frontOnly.replace('license: other', 'license: mit'));
    assert.equal(cli(['card', 'churn', 'v0.0.1', '--update'], repo).code, 0);
    const updated = fs.readFileSync(file, 'utf8');
    assert.equal(updated.match(/^---$/gm)?.length, 2, updated);
    assert.equal(updated.match(/^license: mit$/gm)?.length, 1);
    assert.equal(parseCard(updated, CARD).frontMatter!.bodyStart, updated.length);

    const crlf = card.replace(/\n/g, '\r\n').replace('## Intended use\r\n', '## Intended use\r\n\r\nCalls customers.\r\n');
    fs.writeFileSync(file, crlf);
    ok(['describe', 'churn', 'v0.0.1', '--labels', 'tabular'], repo);
    assert.equal(cli(['card', 'churn', 'v0.0.1', '--update'], repo).code, 0);
    const again = fs.readFileSync(file, 'utf8');
    assert.match(again, /\*\*Version labels:\*\* tabular\r\n/);
    assert.equal(again.replace(/\r\n/g, '').includes('\n'), false, 'every line ends in CRLF');
    assert.match(again, /## Intended use\r\n\r\nCalls customers\.\r\n/);
  });

  it('a card at the path whose front matter names another model or version is reported, and update and open refuse it', () => {
    const { repo } = registeredVersion();
    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    const card = fs.readFileSync(file, 'utf8');
    // What a case-insensitive file system does: Churn's card is the file churn's card would be.
    for (const [from, to] of [['  model: churn\n', '  model: Churn\n'], ['  version: v0.0.1\n', '  version: v0.0.2\n']] as const) {
      assert.ok(card.includes(from));
      const other = card.replace(from, to);
      fs.writeFileSync(file, other);
      const state = readCardState(repo, 'churn', 'v0.0.1');
      assert.match(state.error ?? '', /^cards\/churn@v0\.0\.1\.md: this card is the card of (Churn v0\.0\.1|churn v0\.0\.2) .*not of churn v0\.0\.1/);
      const r = cli(['card', 'churn', 'v0.0.1', '--update'], repo);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /this card is the card of .*Refusing to open or update it/);
      assert.equal(fs.readFileSync(file, 'utf8'), other, 'nothing was rewritten');
      assert.throws(() => locateCard(repo, 'churn', 'v0.0.1'), /not of churn v0\.0\.1/);
    }
    // The model_card gate fails with that reason.
    write(repo, '.modelledger/policy.yaml', 'version: 1\nmodels:\n  churn:\n    stages:\n      staging:\n        model_card: true\n');
    const check = cli(['check', 'churn', 'v0.0.1', 'staging'], repo);
    assert.equal(check.code, 4, check.stderr);
    assert.match(check.stdout, /model_card.*this card is the card of churn v0\.0\.2/);
  });

  it('an update adds Model Ledger\'s tags, datasets and metrics to a person\'s, keeping theirs and their order', () => {
    const { repo } = registeredVersion();
    ok(['card', 'churn', 'v0.0.1', '--write'], repo);
    const file = path.join(repo, CARD);
    const card = fs.readFileSync(file, 'utf8');
    const front = parseCard(card, CARD).frontMatter!.document;
    front.set('tags', ['tabular-classification', 'model-ledger']);
    front.set('datasets', ['company/customers']);
    front.set('metrics', 'accuracy');
    const end = card.indexOf('\n---\n');
    fs.writeFileSync(file, `---\n${front.toString({ lineWidth: 0 })}${card.slice(end + 1)}`);
    ok(['describe', 'churn', 'v0.0.1', '--labels', 'gbm'], repo);
    assert.equal(cli(['card', 'churn', 'v0.0.1', '--update'], repo).code, 0);
    const updated = parseCard(fs.readFileSync(file, 'utf8'), CARD).frontMatter!.document.toJS() as Record<string, unknown>;
    assert.deepEqual(updated.tags, ['tabular-classification', 'model-ledger', 'gbm']);
    assert.deepEqual(updated.datasets, ['company/customers', 'data/weather.csv', 'data/holdout.csv']);
    assert.deepEqual(updated.metrics, ['accuracy', 'loss', 'val/auc']);
    assert.equal((updated.model_ledger as { model: string }).model, 'churn', 'model_ledger stays machine-owned');
    assert.equal((updated['model-index'] as { name: string }[])[0]!.name, 'churn v0.0.1');
  });
});
