import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { exportModels } from '../../../src/store/export';
import type { Registry } from '../../../src/registry/registry';
import type { Store } from '../../../src/store/store';
import { commit, git, makeRepo, modelFile, openRegistry, write } from './gitRepos';

const GUSCHIN = { GIT_COMMITTER_NAME: 'Alexander Guschin', GIT_COMMITTER_EMAIL: '1aguschin@gmail.com' };
const AMRIT = { GIT_COMMITTER_NAME: 'Amrit Ghimire', GIT_COMMITTER_EMAIL: 'mail@amritghimire.com' };

/** `git tag -a NAME -m MESSAGE REF` with tagger and date from the environment, exactly as gto's create_tag runs it. */
function gtoTag(repo: string, name: string, ref: string, message: string, date: string, tagger = GUSCHIN): void {
  git(repo, ['tag', '-a', name, '-m', message, ref], { ...tagger, GIT_COMMITTER_DATE: date });
}

const ms = (iso: string) => Date.parse(iso);

/**
 * A repository whose registry was written by gto (its tag names, counters and messages,
 * old and new wordings), with lightweight and non-GTO tags around it.
 */
function makeGtoRepo(): { repo: string; c1: string; c2: string; c3: string } {
  const repo = makeRepo('gto-repo-');
  write(repo, 'nested/dir/dvc.yaml', 'artifacts:\n  clf:\n    path: clf.pkl\n    type: model\n    desc: Nested classifier\n');
  const c1 = commit(
    repo,
    'dvc.yaml',
    [
      'artifacts:',
      '  churn:',
      '    type: model',
      '    path: models/churn.pkl',
      '    desc: Churn classifier',
      '  dataset-x:',
      '    type: dataset',
      '    path: data/x.csv',
      '  planned:',
      '    type: model',
      '    path: models/planned.pkl',
      '  Bad_Name_:',
      '    type: model',
      '',
    ].join('\n'),
    'Annotate models with GTO',
  );
  git(repo, ['add', 'nested']);
  git(repo, ['commit', '-q', '-m', 'Nested project']);
  const c2 = commit(repo, 'train.py', 'print("v2")\n', 'Update model');
  const c3 = commit(repo, 'train.py', 'print("v3")\n', 'Random forest');

  // churn: as in gto's sample registry (tests/resources/sample_remote_repo_expected_*.json).
  gtoTag(repo, 'churn@v3.0.0', c1, 'Registering artifact churn version v3.0.0', '2022-05-20T03:09:52Z');
  gtoTag(repo, 'churn@v3.1.0', c2, 'Registering artifact churn version v3.1.0', '2022-05-24T18:16:32Z');
  gtoTag(repo, 'churn#staging#1', c2, 'Promoting churn version None to stage staging', '2022-05-25T22:03:12Z');
  gtoTag(repo, 'churn#prod#2', c1, 'Promoting churn version v3.0.0 to stage prod', '2022-05-27T01:49:52Z');
  // rf: promoted, unassigned, deregistered, in today's gto wording.
  gtoTag(repo, 'rf@v1.0.0', c2, 'Registering artifact rf version v1.0.0', '2022-06-01T10:00:00Z', AMRIT);
  gtoTag(repo, 'rf@v1.1.0', c3, 'Registering artifact rf version v1.1.0', '2022-06-02T10:00:00Z', AMRIT);
  gtoTag(repo, 'rf#prod#1', c2, 'Assigning stage prod to artifact rf version v1.0.0', '2022-06-03T10:00:00Z', AMRIT);
  gtoTag(repo, 'rf#prod#2', c3, 'Assigning stage prod to artifact rf version v1.1.0', '2022-06-04T10:00:00Z', AMRIT);
  gtoTag(repo, 'rf#prod!#3', c3, "Unassigning stage 'prod' to artifact 'rf' version 'v1.1.0'", '2022-06-05T10:00:00Z', AMRIT);
  gtoTag(repo, 'rf@v1.1.0!', c3, 'Deregistering artifact rf version v1.1.0', '2022-06-06T10:00:00Z', AMRIT);
  // old: registered, then deprecated.
  gtoTag(repo, 'old@v0.0.1', c1, 'Registering artifact old version v0.0.1', '2022-04-01T10:00:00Z');
  gtoTag(repo, 'old@deprecated', c1, "Deprecating artifact 'old'", '2022-08-26T06:55:09Z', AMRIT);
  // An artifact of the nested dvc.yaml, and a simple (counter-less) assignment.
  gtoTag(repo, 'nested/dir=clf@v1.0.0', c3, 'Registering artifact nested/dir:clf version v1.0.0', '2022-07-01T10:00:00Z');
  gtoTag(repo, 'nested/dir=clf#dev', c3, 'Assigning stage dev to artifact nested/dir:clf version v1.0.0', '2022-07-02T10:00:00Z');

  // What GTO ignores: lightweight tags (even with registry names), other names, tags on trees.
  git(repo, ['tag', 'churn@v9.9.9', c3]);
  git(repo, ['tag', 'churn#prod#50', c3]);
  gtoTag(repo, 'v1.0.0', c3, 'Release 1.0.0', '2022-05-01T00:00:00Z');
  gtoTag(repo, 'release/2022-05', c3, 'May release', '2022-05-01T00:00:00Z');
  gtoTag(repo, 'churn_@v1.0.0', c3, 'A name ending in "_"', '2022-05-01T00:00:00Z');
  gtoTag(repo, 'churn@1.0.0', c3, 'No v', '2022-05-01T00:00:00Z');
  gtoTag(repo, 'tree@v1.0.0', `${c3}^{tree}`, 'On a tree', '2022-05-01T00:00:00Z');
  return { repo, c1, c2, c3 };
}

describe('a registry written by gto with plain git tag -a', () => {
  let repo: string;
  let c1: string;
  let c2: string;
  let c3: string;
  let store: Store;
  let registry: Registry;

  before(async () => {
    ({ repo, c1, c2, c3 } = makeGtoRepo());
    ({ store, registry } = await openRegistry(repo));
  });

  it('scans into an empty store: annotated registry tags only', async () => {
    const result = await registry.scan();
    assert.equal(result.added, 15, 'the 14 registry tags, and the tag on a tree (indexed as ignored)');
    assert.equal(result.removed, 0);
    assert.deepEqual(result.changedModels, ['churn', 'nested/dir:clf', 'old', 'planned', 'rf']);
    assert.deepEqual(result.problems, [
      'dvc.yaml: artifact "Bad_Name_" skipped: Model name "Bad_Name_" is not a GTO name: use letters, digits, "_", "-" and "/", starting and ending with a letter or digit.',
    ]);
    assert.deepEqual(registry.models().map((m) => m.name), ['churn', 'nested/dir:clf', 'old', 'rf']);
  });

  it('resolves versions and stages as gto shows them', () => {
    const churn = registry.model('churn')!;
    assert.deepEqual(churn.versions.map((v) => [v.version, v.commit, v.stages]), [['v3.1.0', c2, ['staging']], ['v3.0.0', c1, ['prod']]]);
    const rf = registry.model('rf')!;
    assert.deepEqual(rf.versions.map((v) => [v.version, v.active, v.stages]), [['v1.1.0', false, []], ['v1.0.0', true, ['prod']]]);
    assert.equal(registry.model('old')!.deprecated, true);
    assert.deepEqual(registry.model('nested/dir:clf')!.stages.map((s) => [s.stage, s.version]), [['dev', 'v1.0.0']]);
  });

  it('keeps who and when from the tags, and reads gto messages as messages without metadata', () => {
    const history = registry.history('churn');
    assert.deepEqual(
      history.map((e) => [e.action, e.version, e.stage, e.at, e.actor, e.subject]),
      [
        ['register', 'v3.0.0', null, ms('2022-05-20T03:09:52Z'), 'Alexander Guschin <1aguschin@gmail.com>', 'Registering artifact churn version v3.0.0'],
        ['register', 'v3.1.0', null, ms('2022-05-24T18:16:32Z'), 'Alexander Guschin <1aguschin@gmail.com>', 'Registering artifact churn version v3.1.0'],
        ['assign', 'v3.1.0', 'staging', ms('2022-05-25T22:03:12Z'), 'Alexander Guschin <1aguschin@gmail.com>', 'Promoting churn version None to stage staging'],
        ['assign', 'v3.0.0', 'prod', ms('2022-05-27T01:49:52Z'), 'Alexander Guschin <1aguschin@gmail.com>', 'Promoting churn version v3.0.0 to stage prod'],
      ],
    );
    assert.ok(history.every((e) => e.metadata === null));
    assert.equal(registry.stageAt('churn', 'prod', new Date('2022-05-26T00:00:00Z')), null);
    assert.equal(registry.stageAt('churn', 'prod', new Date('2022-05-27T01:49:52Z')), 'v3.0.0');
    assert.equal(registry.stageAt('rf', 'prod', new Date('2022-06-04T12:00:00Z')), 'v1.1.0');
    assert.equal(registry.stageAt('rf', 'prod', new Date('2022-06-05T12:00:00Z')), 'v1.0.0');
  });

  it('fills the store the views and export read, with dvc.yaml descriptions and paths', () => {
    const models = exportModels(store);
    assert.deepEqual(models.map((m) => [m.name, m.description]), [
      ['churn', 'Churn classifier'],
      ['nested/dir:clf', 'Nested classifier'],
      ['old', null],
      ['planned', null],
      ['rf', null],
    ]);
    const churn = models.find((m) => m.name === 'churn')!;
    assert.deepEqual(churn.versions.map((v) => [v.version, v.commit, v.stages, v.artifact, v.createdBy, v.createdAt]), [
      ['v3.1.0', c2, ['staging'], { path: 'models/churn.pkl', sha256: null, size: null }, 'Alexander Guschin <1aguschin@gmail.com>', ms('2022-05-24T18:16:32Z')],
      ['v3.0.0', c1, ['prod'], { path: 'models/churn.pkl', sha256: null, size: null }, 'Alexander Guschin <1aguschin@gmail.com>', ms('2022-05-20T03:09:52Z')],
    ]);
    assert.deepEqual(models.find((m) => m.name === 'nested/dir:clf')!.versions[0]!.artifact, { path: 'nested/dir/clf.pkl', sha256: null, size: null });
    assert.deepEqual(models.find((m) => m.name === 'planned')!.versions, [], 'a declared model with no tag yet');
    assert.equal(store.models.list().find((m) => m.name === 'old')!.deprecated, true);
    const rf = store.models.versions('rf');
    assert.deepEqual(rf.map((v) => [v.version, v.deregistered, v.stages]), [['v1.1.0', true, []], ['v1.0.0', false, ['prod']]]);
  });

  it('rescans incrementally: nothing new, then a deleted tag, a moved tag and a new one', async () => {
    const again = await registry.scan();
    assert.deepEqual([again.added, again.removed, again.changedModels, again.problems.length], [0, 0, [], 1], 'the dvc.yaml problem is reported again');
    git(repo, ['tag', '-d', 'churn#prod#2']);
    git(repo, ['tag', '-a', '-f', 'rf@v1.0.0', '-m', 'Registering artifact rf version v1.0.0', c3], AMRIT);
    gtoTag(repo, 'segment@v0.4.1', c3, 'Registering artifact segment version v0.4.1', '2022-09-01T00:00:00Z');
    const result = await registry.scan();
    assert.deepEqual([result.added, result.removed, result.changedModels], [2, 1, ['churn', 'rf', 'segment']]);
    assert.deepEqual(registry.model('churn')!.stages.map((s) => s.stage), ['staging']);
    assert.equal(registry.model('rf')!.versions.find((v) => v.version === 'v1.0.0')!.commit, c3);
  });

  it('counts past every tag for the next assignment, lightweight ones included (as gto does)', async () => {
    const result = await registry.assign('churn', 'v3.0.0', 'prod');
    assert.equal(result.tag, 'churn#prod#51');
    assert.equal(git(repo, ['tag', '--list', 'churn#prod#51']), 'churn#prod#51');
    assert.deepEqual(registry.model('churn')!.stages.map((s) => [s.stage, s.version]), [['prod', 'v3.0.0'], ['staging', 'v3.1.0']]);
    store.close();
  });
});

/**
 * A registry gto 1.4.0 or later wrote with the names it has accepted since (uppercase letters and
 * "_" in artifacts, stages and nested folders), beside tags gto's name rule still refuses.
 */
function makeMixedCaseRepo(): { repo: string; c1: string; c2: string; c3: string } {
  const repo = makeRepo('gto-names-');
  write(repo, 'Team_Models/dvc.yaml', 'artifacts:\n  Clf_X:\n    path: clf.pkl\n    type: model\n');
  write(repo, '.gto', 'stages: [dev, Pre_Prod, prod]\n');
  const c1 = commit(repo, 'dvc.yaml', 'artifacts:\n  My_Model:\n    type: model\n    path: models/my_model.pkl\n    desc: Declared as gto 1.4+ allows\n', 'Annotate My_Model');
  git(repo, ['add', '.']);
  git(repo, ['commit', '-q', '-m', 'Nested project and stages']);
  const c2 = commit(repo, 'train.py', 'print("v2")\n', 'Update model');
  const c3 = commit(repo, 'train.py', 'print("v3")\n', 'Retrain');

  gtoTag(repo, 'My_Model@v1.0.0', c1, 'Registering artifact My_Model version v1.0.0', '2024-03-01T10:00:00Z');
  gtoTag(repo, 'My_Model@v1.1.0', c2, 'Registering artifact My_Model version v1.1.0', '2024-03-02T10:00:00Z');
  gtoTag(repo, 'My_Model#Pre_Prod#1', c2, 'Assigning stage Pre_Prod to artifact My_Model version v1.1.0', '2024-03-03T10:00:00Z');
  gtoTag(repo, 'My_Model#prod#2', c1, 'Assigning stage prod to artifact My_Model version v1.0.0', '2024-03-04T10:00:00Z', AMRIT);
  gtoTag(repo, 'churn_v2@v0.1.0', c3, 'Registering artifact churn_v2 version v0.1.0', '2024-03-05T10:00:00Z');
  gtoTag(repo, 'churn_v2#dev#1', c3, 'Assigning stage dev to artifact churn_v2 version v0.1.0', '2024-03-06T10:00:00Z');
  gtoTag(repo, 'Team_Models=Clf_X@v2.0.0', c3, 'Registering artifact Team_Models:Clf_X version v2.0.0', '2024-03-07T10:00:00Z');
  gtoTag(repo, 'Team_Models=Clf_X@deprecated', c3, "Deprecating artifact 'Team_Models:Clf_X'", '2024-03-08T10:00:00Z');
  // What gto's name rule refuses, so gto ignores these tags: a trailing or leading "_", a "." in a stage.
  gtoTag(repo, 'My_Model_@v9.0.0', c3, 'Trailing "_"', '2024-03-09T10:00:00Z');
  gtoTag(repo, '_My_Model@v9.0.0', c3, 'Leading "_"', '2024-03-09T10:00:00Z');
  gtoTag(repo, 'My_Model#prod_#7', c3, 'Stage ending in "_"', '2024-03-09T10:00:00Z');
  gtoTag(repo, 'My_Model#pro.d#8', c3, 'Stage with "."', '2024-03-09T10:00:00Z');
  return { repo, c1, c2, c3 };
}

describe('names gto has read and written since 1.4.0: uppercase letters and "_"', () => {
  let repo: string;
  let c1: string;
  let c2: string;
  let c3: string;
  let store: Store;
  let registry: Registry;

  before(async () => {
    ({ repo, c1, c2, c3 } = makeMixedCaseRepo());
    ({ store, registry } = await openRegistry(repo));
  });

  it('reads every tag gto reads, and none that it ignores', async () => {
    const result = await registry.scan();
    assert.equal(result.added, 8);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(registry.models().map((m) => m.name).sort(), ['My_Model', 'Team_Models:Clf_X', 'churn_v2']);
    const my = registry.model('My_Model')!;
    assert.deepEqual(my.versions.map((v) => [v.version, v.commit, v.stages]), [['v1.1.0', c2, ['Pre_Prod']], ['v1.0.0', c1, ['prod']]]);
    assert.deepEqual(registry.history('My_Model').map((e) => [e.tag, e.actor]), [
      ['My_Model@v1.0.0', 'Alexander Guschin <1aguschin@gmail.com>'],
      ['My_Model@v1.1.0', 'Alexander Guschin <1aguschin@gmail.com>'],
      ['My_Model#Pre_Prod#1', 'Alexander Guschin <1aguschin@gmail.com>'],
      ['My_Model#prod#2', 'Amrit Ghimire <mail@amritghimire.com>'],
    ]);
    assert.deepEqual(registry.model('churn_v2')!.stages.map((s) => [s.stage, s.version]), [['dev', 'v0.1.0']]);
    const nested = registry.model('Team_Models:Clf_X')!;
    assert.deepEqual([nested.deprecated, nested.versions.map((v) => [v.version, v.commit])], [true, [['v2.0.0', c3]]]);
  });

  it('fills the store the views and export read, with the dvc.yaml declarations of those names', () => {
    const models = exportModels(store);
    assert.deepEqual(models.map((m) => [m.name, m.description]), [
      ['churn_v2', null],
      ['My_Model', 'Declared as gto 1.4+ allows'],
      ['Team_Models:Clf_X', null],
    ]);
    assert.deepEqual(models.find((m) => m.name === 'My_Model')!.versions[1]!.artifact, { path: 'models/my_model.pkl', sha256: null, size: null });
    assert.deepEqual(models.find((m) => m.name === 'Team_Models:Clf_X')!.versions[0]!.artifact, { path: 'Team_Models/clf.pkl', sha256: null, size: null });
  });

  it('writes to those models as gto would: counters past the model\'s own tags, stages from .gto', async () => {
    const promoted = await registry.assign('My_Model', 'v1.1.0', 'prod');
    assert.deepEqual([promoted.tag, promoted.previous], ['My_Model#prod#3', 'v1.0.0'], 'the ignored My_Model#prod_#7 does not count');
    const back = await registry.rollback('My_Model', 'prod');
    assert.deepEqual([back.tag, back.version], ['My_Model#prod#4', 'v1.0.0']);
    const off = await registry.unassign('My_Model', 'v1.1.0', 'Pre_Prod');
    assert.equal(off.tag, 'My_Model#Pre_Prod!#5');
    modelFile(repo, 'models/my_model.pkl', 'weights 3\n');
    const third = await registry.register({ model: 'My_Model', artifactPath: 'models/my_model.pkl', commit: c3, bump: 'minor' });
    assert.deepEqual([third.tag, third.warnings], ['My_Model@v1.2.0', []], 'no warning for a name the registry has already');
    assert.equal(git(repo, ['cat-file', '-t', 'My_Model@v1.2.0']), 'tag');
    assert.deepEqual(registry.model('My_Model')!.stages.map((s) => [s.stage, s.version]), [['prod', 'v1.0.0']]);
    store.close();
  });
});
