import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { makeDemo } from '../../../scripts/make-demo';
import { cli, cliOk as ok } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { git, tags } from './gitRepos';

/** Every ref of a repository with the object it names: equal for two builds that wrote the same commits and tags. */
function refs(repo: string): string {
  return git(repo, ['for-each-ref', '--format=%(objectname) %(refname)']);
}

describe('the demo workspace: a registry of git tags written through the registry', () => {
  let demo: string;
  before(async () => {
    demo = path.join(tempDir('demo-registry-'), 'demo');
    await makeDemo(demo);
  });

  it('holds GTO tags by a fixed tagger at fixed times, ending with v1.0.0 in prod, v1.1.0 in staging and the baseline deprecated', () => {
    assert.deepEqual(
      git(demo, ['for-each-ref', '--sort=taggerdate', '--format=%(taggerdate:iso-strict) %(taggername) <%(taggeremail:trim)> %(refname:short)', 'refs/tags']).split('\n'),
      [
        '2026-11-02T10:30:00+00:00 Demo Trainer <trainer@example.com> churn-logreg@v0.1.0',
        '2026-11-02T11:00:00+00:00 Demo Trainer <trainer@example.com> churn-logreg#staging#1',
        '2026-11-04T10:30:00+00:00 Demo Trainer <trainer@example.com> churn-classifier@v1.0.0',
        '2026-11-04T11:00:00+00:00 Demo Trainer <trainer@example.com> churn-classifier#staging#1',
        '2026-11-05T09:00:00+00:00 Demo Trainer <trainer@example.com> churn-classifier#prod#2',
        '2026-11-05T09:15:00+00:00 Demo Trainer <trainer@example.com> churn-logreg#staging!#2',
        '2026-11-05T09:30:00+00:00 Demo Trainer <trainer@example.com> churn-logreg@deprecated',
        '2026-11-06T10:30:00+00:00 Demo Trainer <trainer@example.com> churn-classifier@v1.1.0',
        '2026-11-06T11:00:00+00:00 Demo Trainer <trainer@example.com> churn-classifier#staging#3',
        '2026-11-07T09:00:00+00:00 Demo Trainer <trainer@example.com> churn-classifier#prod#4',
        '2026-11-07T15:00:00+00:00 Demo Trainer <trainer@example.com> churn-classifier#prod#5',
      ],
    );
    assert.ok(tags(demo).every((tag) => git(demo, ['cat-file', '-t', tag]) === 'tag'), 'annotated tags, as gto reads');
    assert.equal(git(demo, ['rev-parse', 'churn-classifier@v1.1.0^{commit}']), git(demo, ['rev-parse', 'HEAD']));
    assert.equal(git(demo, ['rev-parse', 'churn-classifier@v1.0.0^{commit}']), git(demo, ['log', '--format=%H', '--grep', '^Train gbm-lr-0.1$']));
    const models = JSON.parse(ok(['models', '--json'], demo)) as { name: string; versions: { version: string; stages: string[]; runId: string | null }[] }[];
    assert.deepEqual(
      models.map((m) => [m.name, m.versions.map((v) => [v.version, v.stages, v.runId])]),
      [
        ['churn-classifier', [['v1.1.0', ['staging'], 'demo0005000000000000000000000000'], ['v1.0.0', ['prod'], 'demo0003000000000000000000000000']]],
        ['churn-logreg', [['v0.1.0', [], 'demo0001000000000000000000000000']]],
      ],
    );
    assert.match(git(demo, ['tag', '--list', '--format=%(contents)', 'churn-classifier@v1.0.0']), /^Registering artifact churn-classifier version v1\.0\.0\n\nGradient boosting, gbm-lr-0\.1\n\nModel-Ledger: .*"metrics":\{"loss":0\.2074,"val\/accuracy":0\.8134\}/s);
  });

  it('builds the same commits and tags again, whatever identity and dates the environment holds', async () => {
    const again = path.join(tempDir('demo-registry-'), 'demo');
    const hostile = { GIT_COMMITTER_NAME: 'Someone Else', GIT_AUTHOR_EMAIL: 'else@example.com', GIT_COMMITTER_DATE: '2001-01-01T00:00:00Z' };
    Object.assign(process.env, hostile);
    try {
      await makeDemo(again);
    } finally {
      for (const key of Object.keys(hostile)) delete process.env[key];
    }
    assert.equal(refs(again), refs(demo));
  });

  it('answers every registry command, as the CLI and the editor run them', () => {
    assert.match(ok(['verify', 'churn-classifier', 'v1.1.0'], demo), /^ok: models\/churn\.pkl matches churn-classifier v1\.1\.0/);
    const older = cli(['verify', 'churn-classifier', 'v1.0.0'], demo);
    assert.deepEqual([older.code, /was modified since it was registered/.test(older.stderr)], [1, true], 'the working tree holds the newer weights');
    assert.equal(ok(['promote', 'churn-classifier', 'v1.1.0', 'prod'], demo), 'churn-classifier v1.1.0 is in prod (was v1.0.0): tag churn-classifier#prod#6\n');
    assert.equal(ok(['rollback', 'churn-classifier', 'prod'], demo), 'churn-classifier prod is back to v1.0.0 (was v1.1.0): tag churn-classifier#prod#7\n');
    assert.equal(ok(['unassign', 'churn-classifier', 'staging'], demo), 'churn-classifier v1.1.0 is no longer in staging: tag churn-classifier#staging!#8\n');
    assert.equal(ok(['deregister', 'churn-classifier', 'v1.1.0'], demo), 'churn-classifier v1.1.0 is deregistered: tag churn-classifier@v1.1.0!\n');
    assert.match(ok(['register', 'churn-logreg', '--artifact', 'models/churn-logreg.pkl', '--run', 'demo0002000000000000000000000000'], demo), /^Registered churn-logreg v0\.1\.1 at [0-9a-f]{8}: tag churn-logreg@v0\.1\.1\n$/);
    assert.equal(ok(['deprecate', 'churn-classifier'], demo), 'churn-classifier is deprecated: tag churn-classifier@deprecated\n');
    assert.match(ok(['history', 'churn-logreg'], demo), /deprecate[\s\S]*register\s+v0\.1\.1/);
  });
});
