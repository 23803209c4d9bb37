import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dvcArtifactNameWarning } from '../../../src/core/dvcArtifactNames';
import {
  assignTagName,
  deprecateTagName,
  deregisterTagName,
  modelNameProblem,
  nextCounter,
  parseTagName,
  registerTagName,
  stageNameProblem,
  unassignTagName,
  versionProblem,
  type ParsedTag,
} from '../../../src/core/gto';
import { bumpVersion, compareVersionText, greatestVersion, isVersion } from '../../../src/core/semver';
import { emptyMetadata, formatTagMessage, parseTagMessage, subjects } from '../../../src/core/tagMessage';

const tag = (action: ParsedTag['action'], model: string, extra: Partial<ParsedTag> = {}): ParsedTag => ({
  action,
  model,
  version: null,
  stage: null,
  counter: null,
  ...extra,
});

describe('GTO tag grammar', () => {
  // Tag names as gto writes them (its showcase, tests and the sample registry it tests against).
  const REAL_GTO_TAGS: [string, ParsedTag][] = [
    ['churn@v3.0.0', tag('register', 'churn', { version: 'v3.0.0' })],
    ['churn@v3.1.0', tag('register', 'churn', { version: 'v3.1.0' })],
    ['churn#staging#1', tag('assign', 'churn', { stage: 'staging', counter: 1 })],
    ['churn#prod#2', tag('assign', 'churn', { stage: 'prod', counter: 2 })],
    ['segment@v0.4.1', tag('register', 'segment', { version: 'v0.4.1' })],
    ['segment#dev#3', tag('assign', 'segment', { stage: 'dev', counter: 3 })],
    ['cv-class@v0.1.13', tag('register', 'cv-class', { version: 'v0.1.13' })],
    ['model-a@v0.0.2', tag('register', 'model-a', { version: 'v0.0.2' })],
    ['rf@v1.2.4!', tag('deregister', 'rf', { version: 'v1.2.4' })],
    ['rf#production!#3', tag('unassign', 'rf', { stage: 'production', counter: 3 })],
    ['rf#production', tag('assign', 'rf', { stage: 'production' })],
    ['rf#production!', tag('unassign', 'rf', { stage: 'production' })],
    ['rf@deprecated', tag('deprecate', 'rf')],
    ['rf@deprecated#7', tag('deprecate', 'rf', { counter: 7 })],
    ['rf@created', tag('create', 'rf')],
    ['nn@v0.0.1#4', tag('register', 'nn', { version: 'v0.0.1', counter: 4 })],
    ['namespace/model@v1.0.0', tag('register', 'namespace/model', { version: 'v1.0.0' })],
    ['1st-model@v2.0.0-rc.1+build.5', tag('register', '1st-model', { version: 'v2.0.0-rc.1+build.5' })],
    ['nested/dir=clf@v1.0.0', tag('register', 'nested/dir:clf', { version: 'v1.0.0' })],
    ['nested/dir=clf#prod#2', tag('assign', 'nested/dir:clf', { stage: 'prod', counter: 2 })],
    // Names as gto has read and written them since 1.4.0: uppercase letters and "_" (gto/constants.py `name`).
    ['My_Model@v1.0.0', tag('register', 'My_Model', { version: 'v1.0.0' })],
    ['My_Model#prod#1', tag('assign', 'My_Model', { stage: 'prod', counter: 1 })],
    ['My_Model@v1.0.0!', tag('deregister', 'My_Model', { version: 'v1.0.0' })],
    ['My_Model@deprecated', tag('deprecate', 'My_Model')],
    ['Churn@v1.0.0', tag('register', 'Churn', { version: 'v1.0.0' })],
    ['churn_model@v1.0.0', tag('register', 'churn_model', { version: 'v1.0.0' })],
    ['churn#Prod#1', tag('assign', 'churn', { stage: 'Prod', counter: 1 })],
    ['churn#Pre_Prod!#2', tag('unassign', 'churn', { stage: 'Pre_Prod', counter: 2 })],
    ['Team_A/Churn_V2@v0.1.0', tag('register', 'Team_A/Churn_V2', { version: 'v0.1.0' })],
    ['Models/Dir_1.v2=Clf_A@v1.0.0', tag('register', 'Models/Dir_1.v2:Clf_A', { version: 'v1.0.0' })],
  ];

  for (const [name, expected] of REAL_GTO_TAGS) {
    it(`reads ${name}`, () => assert.deepEqual(parseTagName(name), expected));
  }

  it('ignores tags that are not in the grammar, as GTO does', () => {
    const outside = [
      ...['v1.0.0', 'release-2022', 'churn@1.0.0', 'churn@v1.0', 'churn@v01.0.0', 'churn#', 'churn#prod#', 'churn#prod#x', 'churn@', '@v1.0.0', 'churn@latest', 'churn@v1.0.0!!', 'a b@v1.0.0'],
      // What gto's name rule refuses: a leading or trailing "-", "_" or "/", a "." or ":" in a name.
      ...['-churn@v1.0.0', 'churn-@v1.0.0', '_churn@v1.0.0', 'churn_@v1.0.0', 'My_Model_@v1.0.0', '/churn@v1.0.0', 'churn/@v1.0.0', 'ch.urn@v1.0.0', 'a:b@v1.0.0'],
      ...['churn#_prod#1', 'churn#prod_#1', 'churn#-prod#1', 'churn#Prod-#1', 'churn#pr.od#1', 'churn#Prod_!#2', 'dir+x=clf@v1.0.0', 'dir=clf_@v1.0.0'],
    ];
    for (const name of outside) {
      assert.equal(parseTagName(name), null, name);
    }
  });

  it('writes the tags GTO writes, and reads them back', () => {
    assert.equal(registerTagName('churn', 'v1.2.0'), 'churn@v1.2.0');
    assert.equal(deregisterTagName('churn', 'v1.2.0'), 'churn@v1.2.0!');
    assert.equal(assignTagName('churn', 'prod', 3), 'churn#prod#3');
    assert.equal(unassignTagName('churn', 'prod', 4), 'churn#prod!#4');
    assert.equal(deprecateTagName('churn'), 'churn@deprecated');
    assert.equal(deprecateTagName('churn', 9), 'churn@deprecated#9');
    assert.equal(registerTagName('a/b:clf', 'v1.0.0'), 'a/b=clf@v1.0.0');
    assert.equal(registerTagName('My_Model', 'v1.0.0'), 'My_Model@v1.0.0');
    assert.equal(assignTagName('My_Model', 'Pre_Prod', 2), 'My_Model#Pre_Prod#2');
    assert.equal(registerTagName('Dir_A:Clf', 'v1.0.0'), 'Dir_A=Clf@v1.0.0');
    for (const name of ['churn@v1.2.0', 'churn@v1.2.0!', 'churn#prod#3', 'churn#prod!#4', 'churn@deprecated', 'a/b=clf@v1.0.0', 'My_Model#Pre_Prod#2', 'Dir_A=Clf@v1.0.0']) assert.ok(parseTagName(name), name);
  });

  it('counts #N per model over every tag, one more than the largest', () => {
    const names = ['churn#prod#1', 'churn#dev#5', 'churn@v1.0.0', 'churn@deprecated#7', 'other#prod#40', 'churn-x#prod#99', 'v1.0.0'];
    assert.equal(nextCounter('churn', names), 8);
    assert.equal(nextCounter('other', names), 41);
    assert.equal(nextCounter('new', names), 1);
    assert.equal(nextCounter('Churn', [...names, 'Churn#prod#3']), 4, 'names differ by case, as in gto');
  });
});

describe('names people type are checked before git sees them', () => {
  it('accepts GTO names', () => {
    for (const name of ['nn', 'm1', '1', 'model-prod', 'model-prod-v1', 'namespace/model', 'a/b/c', 'dir/sub:clf', 'my_dir.v2:clf', 'My_Model', 'Churn', 'churn_model', 'Team_A/Churn_V2', 'A', 'a_-_b', 'Dir_1.v2:Clf_A']) {
      assert.equal(modelNameProblem(name), null, name);
    }
  });

  it('warns about a name outside DVC\'s dvc.yaml rule (uppercase or "_"), with one that fits both', () => {
    // The artifacts: key pattern of the dvc.yaml schema (iterative/dvcyaml-schema schema.json).
    const dvcYamlSchema = /^[a-z0-9]([a-z0-9-/]*[a-z0-9])?$/;
    const names = ['churn', 'team/churn-2', 'My_Model', 'Churn', 'churn_model', 'Team_A/Churn_V2', 'dir/sub:clf', 'My_Dir:clf', 'dir:Clf_A'];
    for (const name of names) {
      const namePart = name.slice(name.indexOf(':') + 1);
      const warning = dvcArtifactNameWarning(name);
      assert.equal(warning !== null, !dvcYamlSchema.test(namePart), name);
      if (warning === null) continue;
      assert.ok(!warning.includes('\n'), 'one line');
      const suggestion = JSON.parse(/("[^"]*") fits both\.$/.exec(warning)![1]!) as string;
      assert.equal(modelNameProblem(suggestion), null, suggestion);
      assert.equal(dvcArtifactNameWarning(suggestion), null, suggestion);
    }
    assert.equal(
      dvcArtifactNameWarning('My_Model'),
      '"My_Model" has uppercase letters and "_": gto and dvc accept it, but the dvc.yaml schema and DVC\'s docs name artifacts with lowercase letters, digits, "-" and "/" only; "my-model" fits both.',
    );
    assert.match(dvcArtifactNameWarning('churn_model')!, /^"churn_model" has "_": .* "churn-model" fits both\.$/);
    assert.match(dvcArtifactNameWarning('Churn')!, /^"Churn" has uppercase letters: .* "churn" fits both\.$/);
    assert.match(dvcArtifactNameWarning('My_Dir:Clf')!, /"My_Dir:clf" fits both\.$/, 'the folder of a nested dvc.yaml is a path, not a name');
  });

  it('refuses each bad name with one line saying why', () => {
    const cases: [string, RegExp][] = [
      ['', /^Model name is empty\.$/],
      ['-churn', /must not start with "-"/],
      ['--upload-pack=evil', /must not start with "-"/],
      ['my model', /must not contain spaces/],
      ['churn\tx', /must not contain spaces/],
      ['a..b', /must not contain "\.\."/],
      ['../evil:x', /must not contain "\.\."/],
      ['churn;rm', /contains ";"/],
      ['churn$(x)', /contains "\$"/],
      ['churn`x`', /contains "`"/],
      ['churn|x', /contains "\|"/],
      ['churn&x', /contains "&"/],
      ['churn@v1', /contains "@"/],
      ['churn#prod', /contains "#"/],
      ['churn-', /^Model name "churn-" is not a GTO name: use letters, digits, "_", "-" and "\/", starting and ending with a letter or digit\.$/],
      ['churn_', /not a GTO name/],
      ['_churn', /not a GTO name/],
      ['My_Model_', /not a GTO name/],
      ['/churn', /not a GTO name/],
      ['ch.urn', /not a GTO name/],
      ['churn+x', /contains "\+"/],
      ['a//b', /must not contain "\/\/"/],
      ['x'.repeat(201), /longer than 200/],
    ];
    for (const [name, pattern] of cases) {
      const problem = modelNameProblem(name);
      assert.ok(problem, `${JSON.stringify(name)} should be refused`);
      assert.match(problem, pattern, name);
      assert.ok(!problem.includes('\n'), 'one line');
    }
  });

  it('checks stages and versions the same way', () => {
    for (const stage of ['prod', 'Prod', 'pre_prod', 'Pre_Prod', 'canary/eu-1']) assert.equal(stageNameProblem(stage), null, stage);
    assert.match(stageNameProblem('-prod')!, /must not start with "-"/);
    assert.match(stageNameProblem('pro d')!, /spaces/);
    assert.match(stageNameProblem('prod_')!, /not a GTO name/);
    assert.match(stageNameProblem('_prod')!, /not a GTO name/);
    assert.match(stageNameProblem('prod-')!, /not a GTO name/);
    assert.match(stageNameProblem('a:b')!, /":"/);
    assert.equal(versionProblem('v1.2.0'), null);
    assert.equal(versionProblem('v2.0.0-rc.1'), null);
    assert.match(versionProblem('1.2.0')!, /needs a leading "v": v1\.2\.0/);
    assert.match(versionProblem('-v1.0.0')!, /must not start with "-"/);
    assert.match(versionProblem('v1.2')!, /not a GTO version/);
    assert.match(versionProblem('v1.0.0;ls')!, /not a GTO version/);
  });
});

describe('semver', () => {
  it('orders as semver does', () => {
    const sorted = ['v1.0.0', 'v0.9.9', 'v1.0.0-rc.1', 'v1.0.0-alpha', 'v1.0.0-alpha.1', 'v1.0.0-beta.2', 'v1.0.0-beta.11', 'v10.0.0', 'v2.0.0'].sort(compareVersionText);
    assert.deepEqual(sorted, ['v0.9.9', 'v1.0.0-alpha', 'v1.0.0-alpha.1', 'v1.0.0-beta.2', 'v1.0.0-beta.11', 'v1.0.0-rc.1', 'v1.0.0', 'v2.0.0', 'v10.0.0']);
    assert.equal(greatestVersion(['v0.1.9', 'v0.1.10', 'abc123']), 'v0.1.10');
    assert.equal(greatestVersion([]), null);
    assert.ok(isVersion('v1.0.0+build.1'));
    assert.ok(!isVersion('v1.0.0.0'));
  });

  it('bumps like python-semver (pre-release dropped), from v0.0.1 / v0.1.0 / v1.0.0 when new', () => {
    assert.equal(bumpVersion('v1.2.3', 'patch'), 'v1.2.4');
    assert.equal(bumpVersion('v1.2.3', 'minor'), 'v1.3.0');
    assert.equal(bumpVersion('v1.2.3', 'major'), 'v2.0.0');
    assert.equal(bumpVersion('v1.2.3-rc.1+b', 'patch'), 'v1.2.4');
    assert.equal(bumpVersion(null, 'patch'), 'v0.0.1');
    assert.equal(bumpVersion(null, 'minor'), 'v0.1.0');
    assert.equal(bumpVersion(null, 'major'), 'v1.0.0');
  });
});

describe('tag messages', () => {
  it('round-trips Model Ledger metadata, whatever the description holds', () => {
    const metadata = {
      run: 'run-42',
      artifact: { path: 'models/churn.pkl', sha256: 'a'.repeat(64), size: 1234 },
      metrics: { loss: 0.21, 'val/accuracy': 0.93 },
      description: '# Gradient boosting\n\nModel-Ledger: not the trailer\n  trailing spaces   ',
      dirty: true,
      version: null,
      data: [
        { path: 'data/train.csv', sha256: 'b'.repeat(64), role: 'training' as const, profile: null },
        { path: 's3://bucket/holdout.parquet', sha256: null, role: 'evaluation' as const, profile: 'c'.repeat(64) },
      ],
      labels: ['tabular', '<b>x</b>'],
      reason: 'superseded by churn-v2',
    };
    const message = formatTagMessage(subjects.register('churn', 'v1.2.0'), metadata);
    assert.match(message, /^Registering artifact churn version v1\.2\.0\n\n# Gradient boosting/);
    const parsed = parseTagMessage(message);
    assert.equal(parsed.subject, 'Registering artifact churn version v1.2.0');
    assert.deepEqual({ ...parsed.metadata!, metrics: { ...parsed.metadata!.metrics } }, metadata);
  });

  it('keeps the defaults small: a stage tag records its version only', () => {
    const message = formatTagMessage(subjects.assign('churn', 'v1.0.0', 'prod'), { ...emptyMetadata(), version: 'v1.0.0' });
    assert.equal(message, 'Assigning stage prod to artifact churn version v1.0.0\n\nModel-Ledger: {"format":1,"version":"v1.0.0"}\n');
  });

  it('reads messages gto and people write as messages without metadata', () => {
    for (const message of ['Registering artifact churn version v3.1.0', 'Promoting churn version v3.0.0 to stage prod\n', '', 'Model-Ledger: not json\n', 'Model-Ledger: {"no":"format"}']) {
      assert.equal(parseTagMessage(message).metadata, null, message);
    }
    assert.equal(parseTagMessage('Promoting churn version v3.0.0 to stage prod\n').subject, 'Promoting churn version v3.0.0 to stage prod');
  });

  it('reads a signed tag: the signature block is not part of the message', () => {
    const message = formatTagMessage('Registering artifact churn version v1.0.0', { ...emptyMetadata(), run: 'r1' }) + '-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n';
    assert.equal(parseTagMessage(message).metadata?.run, 'r1');
  });

  it('keeps only sound values from a trailer a person edited', () => {
    const parsed = parseTagMessage('x\n\nModel-Ledger: {"format":2,"run":5,"artifact":{"path":"m.pkl","sha256":"xyz","size":-1},"metrics":{"a":1,"b":"2","c":null},"dirty":"yes","later":true,"labels":["ok",3,""],"reason":7}');
    assert.deepEqual({ ...parsed.metadata!, metrics: { ...parsed.metadata!.metrics } }, {
      run: null,
      artifact: { path: 'm.pkl', sha256: null, size: null },
      metrics: { a: 1 },
      description: null,
      dirty: false,
      version: null,
      data: [],
      labels: ['ok'],
      reason: null,
    });
  });

  it('keeps old messages readable both ways: no data list reads as none, and none writes no field', () => {
    // A trailer Model Ledger wrote before versions recorded their data.
    const old = 'Registering artifact churn version v1.0.0\n\nModel-Ledger: {"format":1,"run":"r1","artifact":{"path":"m.pkl","sha256":null,"size":null},"metrics":{"auc":0.9}}\n';
    const parsed = parseTagMessage(old).metadata!;
    assert.deepEqual(parsed.data, []);
    assert.equal(parsed.run, 'r1');
    // Written again without data, it is byte for byte what the older version wrote, so its readers see no change.
    assert.equal(formatTagMessage('Registering artifact churn version v1.0.0', parsed), old);
    // A message with data read by the older reader's rules: the fields it knows keep their meaning.
    const withData = formatTagMessage('s', { ...parsed, data: [{ path: 'd.csv', sha256: null, role: 'training', profile: null }] });
    const json = JSON.parse(withData.trim().split('\n').at(-1)!.slice('Model-Ledger: '.length)) as Record<string, unknown>;
    assert.equal(json.format, 1);
    assert.deepEqual(json.data, [{ path: 'd.csv', sha256: null, role: 'training', profile: null }]);
  });

  it('drops data entries it cannot read rather than guess', () => {
    const parsed = parseTagMessage(
      'x\n\nModel-Ledger: {"format":1,"data":[{"path":"a.csv","role":"training","sha256":"BAD","profile":7},{"path":"b.csv","role":"monitoring"},{"role":"training"},"c.csv",{"path":"e.csv","role":"evaluation","sha256":"' + 'd'.repeat(64) + '"}]}',
    );
    assert.deepEqual(parsed.metadata!.data, [
      { path: 'a.csv', sha256: null, role: 'training', profile: null },
      { path: 'e.csv', sha256: 'd'.repeat(64), role: 'evaluation', profile: null },
    ]);
  });
});
