import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { currentMetadata, metadataTagName, parseLabels, parseMetadataTagName } from '../../../src/core/governance/metadataRecord';
import { parseTagName } from '../../../src/core/gto';
import { parseTagMessage } from '../../../src/core/tagMessage';
import { Store } from '../../../src/store/store';
import { cli, cliOk as ok } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { configureUser, git, makeRepo, modelFile, write } from '../registry/gitRepos';

function describeJson(cwd: string, ...target: string[]): { description: string | null; labels: string[] } {
  return JSON.parse(ok(['describe', ...target, '--json'], cwd)) as { description: string | null; labels: string[] };
}

describe('editable metadata', () => {
  it('metadata record tags: GTO ignores them, names round-trip, the latest record wins', () => {
    for (const [model, version] of [['churn', 'v1.0.0'], ['team/model', 'v2.0.0-rc.1'], ['models/dvc:churn', 'v0.1.0+build.5']] as const) {
      const tag = metadataTagName(model, version, 12);
      assert.equal(parseTagName(tag), null, `${tag} is not a GTO tag`);
      assert.deepEqual(parseMetadataTagName(tag), { model, version, counter: 12 });
    }
    assert.equal(parseMetadataTagName('churn@v1.0.0'), null);
    const record = (counter: number, at: number, description: string) => ({ tag: `t${counter}`, model: 'm', version: 'v1.0.0', counter, at, actor: null, description, labels: [String(counter)] });
    // The counter orders records: the third edit wins though its writer's clock ran behind.
    const now = currentMetadata({ description: 'registered', labels: [] }, [record(2, 1000, 'second'), record(1, 1000, 'first'), record(3, 500, 'behind clock')]);
    assert.deepEqual([now.description, now.labels], ['behind clock', ['3']]);
    assert.deepEqual(parseLabels(' tabular, gbm gbm,team/a '), ['tabular', 'gbm', 'team/a']);
    assert.throws(() => parseLabels('ok,<script>'), /Label "<script>" is not allowed/);
  });

  it('descriptions, labels and a deprecation reason travel through a bare remote to a fresh clone', () => {
    const repo = makeRepo('metadata-');
    modelFile(repo);
    ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--description', 'first words'], repo);
    assert.deepEqual(describeJson(repo, 'churn', 'v0.0.1'), { model: 'churn', version: 'v0.0.1', description: 'first words', labels: [] });

    const out = ok(['describe', 'churn', 'v0.0.1', '--description', 'Gradient boosting <i>v2</i>', '--labels', 'tabular,gbm'], repo);
    assert.match(out, /recorded as tag model-ledger\/metadata\/churn\/v0\.0\.1\/1/);
    ok(['describe', 'churn', 'v0.0.1', '--labels', 'tabular'], repo);
    const record = parseTagMessage(git(repo, ['tag', '-l', '--format=%(contents)', 'model-ledger/metadata/churn/v0.0.1/2'])).metadata!;
    assert.deepEqual([record.description, record.labels, record.version], ['Gradient boosting <i>v2</i>', ['tabular'], 'v0.0.1'], 'a record holds the whole state');
    const same = cli(['describe', 'churn', 'v0.0.1', '--labels', 'tabular'], repo);
    assert.equal(same.code, 1);
    assert.match(same.stderr, /already has that description and those labels; nothing was written/);

    ok(['describe', 'churn', '--description', 'Who leaves, and when', '--labels', 'team-retention'], repo);
    assert.match(fs.readFileSync(path.join(repo, 'artifacts.yaml'), 'utf8'), /churn:\n {2}description: Who leaves, and when\n {2}labels:\n {4}- team-retention\n/);
    git(repo, ['add', 'artifacts.yaml']);
    git(repo, ['commit', '-q', '-m', 'Describe churn']);
    ok(['deprecate', 'churn', '--reason', 'replaced by churn-v2'], repo);

    const bare = path.join(tempDir('metadata-remote-'), 'origin.git');
    git(path.dirname(bare), ['init', '-q', '--bare', '-b', 'main', bare]);
    git(repo, ['remote', 'add', 'origin', bare]);
    git(repo, ['push', '-q', 'origin', 'main']);
    assert.match(ok(['push-registry'], repo), /origin/);

    const clone = path.join(tempDir('metadata-clone-'), 'repo');
    git(path.dirname(clone), ['clone', '-q', bare, clone]);
    configureUser(clone);
    ok(['fetch-registry'], clone);
    assert.deepEqual(describeJson(clone, 'churn', 'v0.0.1'), { model: 'churn', version: 'v0.0.1', description: 'Gradient boosting <i>v2</i>', labels: ['tabular'] });
    assert.deepEqual(describeJson(clone, 'churn'), { model: 'churn', version: null, description: 'Who leaves, and when', labels: ['team-retention'] });
    // What the Models view reads: the store the scan wrote.
    const store = Store.open(clone);
    try {
      const churn = store.models.list().find((m) => m.name === 'churn')!;
      assert.deepEqual([churn.description, churn.deprecated], ['Who leaves, and when', true]);
      assert.equal(store.models.versions('churn').find((v) => v.version === 'v0.0.1')!.description, 'Gradient boosting <i>v2</i>', 'the store shows the latest record');
    } finally {
      store.close();
    }
    const card = ok(['card', 'churn', 'v0.0.1'], clone);
    assert.match(card, /\*\*Deprecated:\*\* replaced by churn-v2/);
    assert.match(card, /\*\*Version labels:\*\* tabular/);
    assert.match(card, /\*\*Model labels:\*\* team-retention/);
    assert.match(card, /^Gradient boosting &#60;i&#62;v2&#60;\/i&#62;$/m);

    // A teammate's edit in the clone reaches the first repository on fetch.
    ok(['describe', 'churn', 'v0.0.1', '--description', 'edited in the clone'], clone);
    ok(['push-registry'], clone);
    ok(['fetch-registry'], repo);
    assert.equal(describeJson(repo, 'churn', 'v0.0.1').description, 'edited in the clone');
  });

  it('a model declared in dvc.yaml is annotated there (desc, labels), its other keys and comments kept', () => {
    const repo = makeRepo('metadata-dvc-');
    write(repo, 'dvc.yaml', '# pipeline\nstages:\n  train:\n    cmd: python train.py\nartifacts:\n  churn:\n    path: models/churn.pkl  # the model\n    type: model\n');
    modelFile(repo);
    ok(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
    ok(['describe', 'churn', '--description', 'From the pipeline', '--labels', 'a,b'], repo);
    const text = fs.readFileSync(path.join(repo, 'dvc.yaml'), 'utf8');
    assert.match(text, /^# pipeline$/m);
    assert.match(text, /path: models\/churn\.pkl +# the model/);
    assert.match(text, /desc: From the pipeline\n {4}labels:\n {6}- a\n {6}- b/);
    assert.equal(fs.existsSync(path.join(repo, 'artifacts.yaml')), false);
    assert.deepEqual(describeJson(repo, 'churn'), { model: 'churn', version: null, description: 'From the pipeline', labels: ['a', 'b'] });
  });

  it('annotating a model in a real-shaped dvc.yaml rewrites only its entry, writes nothing when nothing changes, and audits before and after', () => {
    const repo = makeRepo('metadata-dvc-shape-');
    const dvc = [
      '# Churn pipeline: see README',
      'stages:',
      '  prepare:',
      '    cmd: python src/prepare.py --input data/raw/customers.csv --output data/prepared --seed 20240611 --holdout-share 0.2',
      '    deps: [data/raw/customers.csv, src/prepare.py]',
      '',
      '    outs:',
      '    - data/prepared',
      '  train:',
      '    cmd: >-',
      '      python src/train.py --data data/prepared',
      '      --params params.yaml',
      '    deps:',
      '    - data/prepared    # from prepare',
      '    params: [train.lr, train.epochs]',
      '',
      'artifacts:',
      '  churn:',
      '    path: models/churn.pkl',
      '    type: model',
      '',
      '  # the older model, kept for comparison',
      '  churn-baseline:',
      '    path: models/baseline.pkl   # frozen',
      '    type: model',
      '',
    ].join('\n');
    write(repo, 'dvc.yaml', dvc);
    modelFile(repo);
    ok(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
    ok(['describe', 'churn', '--description', 'Who leaves, and when', '--labels', 'tabular,gbm'], repo);
    const after = fs.readFileSync(path.join(repo, 'dvc.yaml'), 'utf8');
    const entryEnd = dvc.indexOf('    type: model\n') + '    type: model\n'.length;
    assert.equal(after, `${dvc.slice(0, entryEnd)}    desc: Who leaves, and when\n    labels:\n    - tabular\n    - gbm\n${dvc.slice(entryEnd)}`, 'every other line is as it was');
    assert.deepEqual(describeJson(repo, 'churn'), { model: 'churn', version: null, description: 'Who leaves, and when', labels: ['tabular', 'gbm'] });

    fs.utimesSync(path.join(repo, 'dvc.yaml'), new Date(0), new Date(0));
    ok(['describe', 'churn', '--description', 'Who leaves, and when'], repo);
    assert.equal(fs.statSync(path.join(repo, 'dvc.yaml')).mtimeMs, 0, 'an edit that changes nothing does not write');

    ok(['describe', 'churn', '--description', 'Who leaves'], repo);
    const store = Store.open(repo);
    try {
      const last = store.audit.list().filter((e) => e.action === 'model.describe').at(-1)!;
      assert.deepEqual(last.before, { description: 'Who leaves, and when', labels: ['tabular', 'gbm'], file: 'dvc.yaml' });
      assert.deepEqual(last.after, { description: 'Who leaves', labels: ['tabular', 'gbm'], file: 'dvc.yaml' });
    } finally {
      store.close();
    }
  });

  it('refuses to annotate through an artifacts.yaml or dvc.yaml that links outside the repository', () => {
    for (const name of ['artifacts.yaml', 'dvc.yaml']) {
      const repo = makeRepo('metadata-link-');
      const outside = path.join(tempDir('metadata-outside-'), name);
      const declared = name === 'dvc.yaml' ? 'artifacts:\n  churn:\n    path: models/churn.pkl\n    type: model\n' : 'churn:\n  type: model\n  path: models/churn.pkl\n';
      fs.writeFileSync(outside, declared);
      fs.symlinkSync(outside, path.join(repo, name));
      modelFile(repo);
      ok(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
      const r = cli(['describe', 'churn', '--description', 'written outside?'], repo);
      assert.equal(r.code, 1, `${name}: ${r.stdout}`);
      assert.match(r.stderr, new RegExp(`${name.replace('.', '\\.')} leads outside the repository`));
      assert.equal(fs.readFileSync(outside, 'utf8'), declared, `${name}: the file outside is untouched`);
    }
  });
});
