import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, cliOk as ok, cliUserError as userError } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { ACTOR, commit, git, makeRepo, modelFile, tags } from './gitRepos';

const REGISTRY_COMMANDS = ['register', 'assign', 'promote', 'unassign', 'rollback', 'deregister', 'deprecate', 'history', 'verify', 'push-registry', 'fetch-registry'];

/** Runs the CLI and asserts its exit code; returns standard output. */

describe('cli: the git registry', () => {
  it('lists the registry commands, each with --help', () => {
    const dir = tempDir();
    const help = ok(['--help'], dir);
    for (const name of REGISTRY_COMMANDS) {
      assert.match(help, new RegExp(`^  ${name} `, 'm'), name);
      assert.match(ok([name, '--help'], dir), new RegExp(`^Usage: model-ledger ${name}`), name);
    }
  });

  it('register, promote, roll back, history, verify, from the command line', () => {
    const repo = makeRepo();
    modelFile(repo, 'models/churn.pkl', 'weights 1\n');
    fs.mkdirSync(path.join(repo, 'src'));
    const sub = path.join(repo, 'src');
    assert.match(ok(['register', 'churn', '--artifact', '../models/churn.pkl', '-m', 'Baseline', '-C', repo], sub), /^Registered churn v0\.0\.1 at [0-9a-f]{8}: tag churn@v0\.0\.1\n$/);
    commit(repo, 'train.py', 'print("2")\n');
    modelFile(repo, 'models/churn.pkl', 'weights 2\n');
    const second = JSON.parse(ok(['register', 'churn', '--artifact', 'models/churn.pkl', '--bump', 'major', '--json'], repo));
    assert.deepEqual([second.version, second.tag, second.dirty], ['v1.0.0', 'churn@v1.0.0', false]);
    assert.equal(ok(['assign', 'churn', 'v0.0.1', 'prod'], repo), 'churn v0.0.1 is in prod: tag churn#prod#1\n');
    assert.equal(ok(['promote', 'churn', 'v1.0.0', 'prod'], repo), 'churn v1.0.0 is in prod (was v0.0.1): tag churn#prod#2\n');
    assert.equal(ok(['rollback', 'churn', 'prod'], repo), 'churn prod is back to v0.0.1 (was v1.0.0): tag churn#prod#3\n');

    const table = ok(['history', 'churn'], repo);
    const lines = table.trimEnd().split('\n');
    assert.match(lines[0]!, /^TIME \(UTC\)\s+EVENT\s+VERSION\s+STAGE\s+GATE\s+COMMIT\s+BY\s+TAG$/);
    assert.equal(lines.length, 6);
    assert.match(lines[1]!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+register\s+v0\.0\.1\s+[0-9a-f]{8}\s+Ada Lovelace <ada@example\.com>\s+churn@v0\.0\.1$/);
    assert.match(lines[5]!, /\s+assign\s+v0\.0\.1\s+prod\s+[0-9a-f]{8}\s+Ada Lovelace <ada@example\.com>\s+churn#prod#3$/);
    assert.ok(table.includes(ACTOR));
    const events = JSON.parse(ok(['history', 'churn', '--stage', 'prod', '--json'], repo));
    assert.deepEqual(events.map((e: { tag: string }) => e.tag), ['churn#prod#1', 'churn#prod#2', 'churn#prod#3']);
    assert.match(ok(['history', 'churn', '--stage', 'prod', '--at', '2000-01-01'], repo), /^churn prod at 2000-01-01 23:59 UTC: \(empty\)\n$/);
    const now = JSON.parse(ok(['history', 'churn', '--stage', 'prod', '--at', new Date(Date.now() + 60_000).toISOString(), '--json'], repo));
    assert.equal(now.version, 'v0.0.1');

    assert.match(ok(['verify', 'churn', 'v1.0.0'], repo), /^ok: models\/churn\.pkl matches churn v1\.0\.0 \(sha256 [0-9a-f]{12}…\)\n$/);
    userError(['verify', 'churn', 'v0.0.1'], repo, /^model-ledger verify: models\/churn\.pkl of churn v0\.0\.1 was modified since it was registered/);
    fs.rmSync(path.join(repo, 'models', 'churn.pkl'));
    userError(['verify', 'churn', 'v1.0.0'], repo, /is missing\.$/);

    assert.equal(ok(['unassign', 'churn', 'prod'], repo), 'churn v0.0.1 is no longer in prod: tag churn#prod!#4\n');
    assert.equal(ok(['deregister', 'churn', 'v0.0.1'], repo), 'churn v0.0.1 is deregistered: tag churn@v0.0.1!\n');
    assert.equal(ok(['deprecate', 'churn'], repo), 'churn is deprecated: tag churn@deprecated\n');
    const models = JSON.parse(ok(['models', '--json'], repo));
    assert.deepEqual(models[0].versions.map((v: { version: string; stages: string[] }) => [v.version, v.stages]), [['v1.0.0', ['prod']], ['v0.0.1', []]]);
  });

  it('user errors are one line with exit 1, and write nothing', () => {
    const repo = makeRepo();
    modelFile(repo);
    userError(['register', '--artifact', 'models/churn.pkl', '--', '-churn'], repo, /^model-ledger register: Model name "-churn" must not start with "-"\.$/);
    userError(['register', 'my;model', '--artifact', 'models/churn.pkl'], repo, /contains ";"/);
    userError(['register', 'churn'], repo, /--artifact PATH is required/);
    userError(['register', 'churn', '--artifact', 'models/churn.pkl', '--bump', 'huge'], repo, /--bump must be one of patch, minor, major/);
    userError(['assign', 'churn', 'v1.0.0'], repo, /expected 3 argument\(s\), got 2/);
    userError(['assign', 'churn', 'v1.0.0', 'prod'], repo, /No model named "churn" in the git registry/);
    userError(['history', 'churn', '--at', '2020-01-01'], repo, /--at needs --stage/);
    userError(['history', 'churn', '--stage', 'prod', '--at', 'yesterday'], repo, /is not a date/);
    userError(['push-registry'], repo, /has no git remote/);
    assert.deepEqual(tags(repo), []);
    const outside = tempDir();
    userError(['register', 'churn', '--artifact', 'x'], outside, /is not in a git repository/);
    assert.equal(fs.existsSync(path.join(outside, '.modelledger')), false, 'no store is made outside a repository');
  });

  it('writes gto\'s names with uppercase letters and "_", warning once on stderr that DVC documents a narrower rule', () => {
    const repo = makeRepo();
    commit(repo, '.gto', 'stages: [dev, Pre_Prod, prod]\n');
    modelFile(repo, 'models/my_model.pkl', 'weights 1\n');
    const first = cli(['register', 'My_Model', '--artifact', 'models/my_model.pkl'], repo);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Registered My_Model v0\.0\.1 at [0-9a-f]{8}: tag My_Model@v0\.0\.1\n$/);
    assert.equal(
      first.stderr,
      'warning: "My_Model" has uppercase letters and "_": gto and dvc accept it, but the dvc.yaml schema and DVC\'s docs name artifacts with lowercase letters, digits, "-" and "/" only; "my-model" fits both.\n',
    );
    assert.equal(ok(['assign', 'My_Model', 'v0.0.1', 'Pre_Prod'], repo), 'My_Model v0.0.1 is in Pre_Prod: tag My_Model#Pre_Prod#1\n');
    commit(repo, 'train.py', 'print("2")\n');
    const second = cli(['register', 'My_Model', '--artifact', 'models/my_model.pkl', '--json'], repo);
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stderr, '', 'the name is in the registry already: no warning again');
    assert.deepEqual(JSON.parse(second.stdout).warnings, []);
    assert.equal(ok(['promote', 'My_Model', 'v0.0.2', 'prod'], repo), 'My_Model v0.0.2 is in prod: tag My_Model#prod#2\n');
    const json = JSON.parse(cli(['register', 'team_b/Churn', '--artifact', 'models/my_model.pkl', '--json'], repo).stdout);
    assert.deepEqual([json.tag, json.warnings.length], ['team_b/Churn@v0.0.1', 1]);
    assert.deepEqual(tags(repo), ['My_Model#Pre_Prod#1', 'My_Model#prod#2', 'My_Model@v0.0.1', 'My_Model@v0.0.2', 'team_b/Churn@v0.0.1']);
    const models = JSON.parse(ok(['models', '--json'], repo));
    assert.deepEqual(models.find((m: { name: string }) => m.name === 'My_Model').versions.map((v: { version: string; stages: string[] }) => [v.version, v.stages]), [['v0.0.2', ['prod']], ['v0.0.1', ['Pre_Prod']]]);

    // What gto's rule refuses is still refused, before git is called.
    userError(['register', 'My_Model_', '--artifact', 'models/my_model.pkl'], repo, /^model-ledger register: Model name "My_Model_" is not a GTO name: use letters, digits, "_", "-" and "\/", starting and ending with a letter or digit\.$/);
    userError(['register', '_churn', '--artifact', 'models/my_model.pkl'], repo, /"_churn" is not a GTO name/);
    userError(['register', '--artifact', 'models/my_model.pkl', '--', '-My_Model'], repo, /must not start with "-"/);
    userError(['assign', 'My_Model', 'v0.0.1', 'Pre_Prod_'], repo, /Stage "Pre_Prod_" is not a GTO name/);
    userError(['assign', 'My_Model', 'v0.0.1', 'pre_prod'], repo, /Stage "pre_prod" is not allowed here \(allowed: dev, Pre_Prod, prod/);
    assert.equal(tags(repo).length, 5, 'nothing written');
  });

  it('models in a fresh clone shows the registry rebuilt from its tags', () => {
    const repo = makeRepo();
    modelFile(repo);
    ok(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
    ok(['assign', 'churn', 'v0.0.1', 'staging'], repo);
    const bare = path.join(tempDir('bare-'), 'remote.git');
    git(path.dirname(bare), ['init', '-q', '--bare', bare]);
    git(repo, ['remote', 'add', 'origin', bare]);
    git(repo, ['push', '-q', 'origin', 'main']);
    assert.equal(ok(['push-registry'], repo), 'Pushed 2 registry tag(s) and 0 review(s) to origin.\n');

    const copy = path.join(tempDir('clone-'), 'copy');
    git(path.dirname(copy), ['clone', '-q', bare, copy]);
    assert.match(ok(['models'], copy), /churn\s+v0\.0\.1\s+staging\s+[0-9a-f]{8}/);
    ok(['assign', 'churn', 'v0.0.1', 'prod'], repo);
    ok(['push-registry', 'origin'], repo);
    assert.equal(ok(['fetch-registry'], copy), 'Fetched from origin: 1 new tag(s), 0 gone; models changed: churn; 0 new review(s).\n');
    assert.match(ok(['models'], copy), /churn\s+v0\.0\.1\s+prod,staging/);
  });
});
