import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { watchedStages, type WatchedStage } from '../../../src/core/monitor/monitorConfig';
import { parseMonitorConfig } from '../../../src/core/monitor/parseMonitorConfig';
import { BatchMonitor } from '../../../src/monitor/batchMonitor';
import type { CheckBatch } from '../../../src/monitor/checkBatch';
import { Store } from '../../../src/store/store';
import { seattleWeather, fileDriftCheck, writeCsv } from '../../../testkit/weatherBatches';
import { tempDir } from '../helpers/temp';

const year = (y: string) => seattleWeather((date) => date.startsWith(y));
const summer = (y: string) => seattleWeather((date) => date.startsWith(y) && /-0[678]-/.test(date));

/** A workspace whose weather stage is checked against 2012's data by the drift engine, its checks counted. */
function setUp(config = 'models:\n  weather:\n    stages:\n      prod:\n        batches: data/incoming/*.csv\n        reference: data/train.csv\n') {
  const workspace = tempDir('monitor-');
  writeCsv(path.join(workspace, 'data', 'train.csv'), year('2012'));
  const calls: string[] = [];
  const engine = fileDriftCheck({});
  const check: CheckBatch = (reference, batch, rules, context) => {
    calls.push(path.relative(workspace, batch));
    return engine(reference, batch, rules, context);
  };
  const { config: parsed, errors } = parseMonitorConfig(config);
  assert.deepEqual(errors, []);
  const store = Store.open(workspace);
  return { workspace, calls, store, stage: watchedStages(parsed)[0]!, monitor: new BatchMonitor({ workspace, store, check }) };
}

function batch(workspace: string, name: string, table: ReturnType<typeof year>): string {
  const file = path.join(workspace, 'data', 'incoming', name);
  writeCsv(file, table);
  return file;
}

describe('monitored batches: each content checked once per stage', () => {
  it('checks a new batch once; an unchanged file, a copy or a touched file is not checked again; a changed one is', async () => {
    const { workspace, calls, store, stage, monitor } = setUp();
    const first = batch(workspace, '2013.csv', year('2013'));
    const run1 = await monitor.checkStage(stage);
    assert.equal(run1.problem, null);
    assert.deepEqual(run1.batches.map((b) => [b.kind, b.path]), [['checked', 'data/incoming/2013.csv']]);
    assert.deepEqual(calls, ['data/incoming/2013.csv']);

    const again = await monitor.checkStage(stage);
    assert.deepEqual(again.batches.map((b) => b.kind), ['already-checked']);
    fs.copyFileSync(first, path.join(workspace, 'data', 'incoming', 'copy-of-2013.csv'));
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(first, later, later);
    const copies = await monitor.checkStage(stage);
    assert.deepEqual(copies.batches.map((b) => [b.kind, b.path, b.kind === 'already-checked' ? b.check.batchPath : null]).sort(), [
      ['already-checked', 'data/incoming/2013.csv', 'data/incoming/2013.csv'],
      ['already-checked', 'data/incoming/copy-of-2013.csv', 'data/incoming/2013.csv'],
    ]);
    assert.equal(calls.length, 1, 'the copy and the touched file were recognised by their content');

    writeCsv(first, summer('2013'));
    const changed = await monitor.checkStage(stage);
    assert.deepEqual(changed.batches.filter((b) => b.kind === 'checked').map((b) => b.path), ['data/incoming/2013.csv']);
    assert.equal(calls.length, 2);
    store.close();
  });

  it('keeps each check with its columns, and reads a model\'s checks back as a time series after reopening', async () => {
    const { workspace, store, stage, monitor } = setUp();
    const times = [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3)];
    const files = [batch(workspace, 'a-2013.csv', year('2013')), batch(workspace, 'b-2014-summer.csv', summer('2014')), batch(workspace, 'c-2015.csv', year('2015'))];
    files.forEach((file, i) => fs.utimesSync(file, new Date(times[i]!), new Date(times[i]!)));
    const outcome = await monitor.checkStage(stage);
    assert.deepEqual(outcome.batches.map((b) => [b.kind, b.path]), [['checked', 'data/incoming/a-2013.csv'], ['checked', 'data/incoming/b-2014-summer.csv'], ['checked', 'data/incoming/c-2015.csv']], 'oldest first');
    store.close();

    const reopened = Store.open(workspace);
    const checks = reopened.driftChecks;
    const series = checks.series('weather');
    assert.deepEqual(series.map((c) => c.batchPath), ['data/incoming/a-2013.csv', 'data/incoming/b-2014-summer.csv', 'data/incoming/c-2015.csv']);
    const summerCheck = series[1]!;
    // The whole year of 2012 against one summer: the temperatures moved, the wind and the weather less so.
    assert.equal(summerCheck.rows, summer('2014').rows.length);
    assert.equal(summerCheck.reference, 'data/train.csv', 'the reference as reports name it: its path in the workspace');
    assert.deepEqual(summerCheck.columns.map((c) => c.name).sort(), ['precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
    const drifted = summerCheck.columns.filter((c) => c.drift).map((c) => c.name).sort();
    assert.ok(drifted.includes('temp_max') && drifted.includes('temp_min'), `summer temperatures drift: ${drifted}`);
    assert.equal(summerCheck.driftShare, drifted.length / 5);
    assert.equal(summerCheck.datasetDrift, summerCheck.driftShare >= 0.5);
    const scores = summerCheck.columns.map((c) => c.score!);
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'columns most drifted first');
    const tempMax = (c: typeof summerCheck) => c.columns.find((col) => col.name === 'temp_max')!.score!;
    assert.ok(tempMax(series[0]!) < tempMax(summerCheck), 'a whole year\'s temperatures drift less from 2012\'s than a summer\'s do');
    const report = checks.report(summerCheck.id)!;
    assert.equal(report.format, 'model-ledger-drift');
    assert.deepEqual(report.columns.map((c) => c.name).sort(), ['precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
    assert.deepEqual(checks.series('weather', { stage: 'prod', limit: 2 }).map((c) => c.batchPath), ['data/incoming/b-2014-summer.csv', 'data/incoming/c-2015.csv'], 'the last two, oldest first');
    assert.equal(checks.latest('weather', 'prod')!.batchPath, 'data/incoming/c-2015.csv');
    assert.deepEqual(checks.series('weather', { stage: 'staging' }), []);

    // The same content kept twice (the watcher and the CLI at once): the first check stands.
    const again = { model: 'weather', stage: 'prod', version: null, batchPath: 'elsewhere.csv', batchSha256: summerCheck.batchSha256, batchStamp: '1:1', report };
    assert.equal(checks.record(again), null);
    assert.equal(checks.series('weather').length, 3);
    reopened.close();
  });

  it('a batch that cannot be read is an error naming it, kept nowhere and tried again; the others are still checked', async () => {
    const { workspace, calls, store, stage, monitor } = setUp();
    batch(workspace, '2013.csv', year('2013'));
    const empty = batch(workspace, 'empty.csv', { header: year('2013').header, rows: [] });
    const first = await monitor.checkStage(stage);
    const failed = first.batches.find((b) => b.kind === 'failed');
    assert.deepEqual(failed && [failed.path, failed.kind === 'failed' && failed.error], ['data/incoming/empty.csv', 'data/incoming/empty.csv has no rows of data: nothing to check.']);
    assert.ok(first.batches.some((b) => b.kind === 'checked' && b.path === 'data/incoming/2013.csv'));
    const second = await monitor.checkStage(stage);
    assert.deepEqual(second.batches.map((b) => [b.path, b.kind]).sort(), [['data/incoming/2013.csv', 'already-checked'], ['data/incoming/empty.csv', 'failed']]);
    assert.equal(calls.filter((c) => c.endsWith('empty.csv')).length, 2, 'tried again: it may be fixed');
    assert.equal(store.driftChecks.series('weather').length, 1);

    // A caller that looks again and again (the editor's poll) keeps the failures: a bad file is read again only once it changes.
    const failures = new Map<string, { stamp: string; error: string }>();
    const polling = new BatchMonitor({ workspace, store, check: fileDriftCheck({}), failures });
    const before = calls.length;
    assert.deepEqual((await polling.checkStage(stage)).batches.find((b) => b.kind === 'failed'), { kind: 'failed', stage, path: 'data/incoming/empty.csv', error: 'data/incoming/empty.csv has no rows of data: nothing to check.', again: false });
    assert.deepEqual((await polling.checkStage(stage)).batches.find((b) => b.kind === 'failed'), { kind: 'failed', stage, path: 'data/incoming/empty.csv', error: 'data/incoming/empty.csv has no rows of data: nothing to check.', again: true });
    fs.appendFileSync(empty, '2013-05-05,0.0,20.0,10.0,3.0,sun\n');
    const fixed = await polling.checkStage(stage);
    assert.deepEqual(fixed.batches.filter((b) => b.kind === 'checked').map((b) => b.path), ['data/incoming/empty.csv'], 'read again once it changed, and checked');
    assert.equal(calls.length, before, 'the polling monitor has its own check');
    store.close();
  });

  it('a file modified moments ago is left for later when asked (a poll must not check half a copy)', async () => {
    const { workspace, calls, store, stage } = setUp();
    batch(workspace, '2013.csv', year('2013'));
    const polling = new BatchMonitor({ workspace, store, check: fileDriftCheck({}), quietForMs: 60_000 });
    assert.deepEqual((await polling.checkStage(stage)).batches.map((b) => b.kind), ['changing']);
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(path.join(workspace, 'data', 'incoming', '2013.csv'), old, old);
    assert.deepEqual((await polling.checkStage(stage)).batches.map((b) => b.kind), ['checked']);
    assert.deepEqual(calls, []);
    store.close();
  });

  it('a batch written to while it is checked is not kept, and is checked once it settles', async () => {
    const workspace = tempDir('monitor-');
    writeCsv(path.join(workspace, 'data', 'train.csv'), year('2012'));
    const file = batch(workspace, '2013.csv', year('2013'));
    const engine = fileDriftCheck({});
    let appendOnce = true;
    const check: CheckBatch = async (reference, batchPath, rules, context) => {
      const report = await engine(reference, batchPath, rules, context);
      if (appendOnce) fs.appendFileSync(file, '2014-01-01,0.0,5.0,1.0,2.0,sun\n');
      appendOnce = false;
      return report;
    };
    const store = Store.open(workspace);
    const stage = watchedStages(parseMonitorConfig('models: {weather: {stages: {prod: {batches: data/incoming/*.csv, reference: data/train.csv}}}}').config)[0]!;
    const monitor = new BatchMonitor({ workspace, store, check });
    assert.deepEqual((await monitor.checkStage(stage)).batches.map((b) => b.kind), ['changing']);
    assert.equal(store.driftChecks.series('weather').length, 0);
    const settled = await monitor.checkStage(stage);
    assert.deepEqual(settled.batches.map((b) => b.kind), ['checked']);
    assert.equal(settled.batches[0]!.kind === 'checked' && settled.batches[0]!.check.rows, year('2013').rows.length + 1);
    store.close();
  });

  it('a stage no version holds, or whose reference file is missing, is a problem that says what to do, and nothing is marked seen', async () => {
    const byVersion = setUp('models:\n  weather:\n    stages:\n      prod:\n        batches: data/incoming/*.csv\n');
    batch(byVersion.workspace, '2013.csv', year('2013'));
    const outcome = await byVersion.monitor.checkStage(byVersion.stage);
    assert.equal(outcome.problem, 'no version of "weather" holds stage "prod" (.modelledger/monitor.yaml:4): assign one (model-ledger assign weather VERSION prod), or set "reference" to a data file');
    assert.deepEqual(outcome.batches, []);
    byVersion.store.close();

    const missing = setUp('models:\n  weather:\n    stages:\n      prod:\n        batches: data/incoming/*.csv\n        reference: data/nope.csv\n');
    batch(missing.workspace, '2013.csv', year('2013'));
    const problem = (await missing.monitor.checkStage(missing.stage)).problem!;
    assert.match(problem, /^the reference of weather#prod \(\.modelledger\/monitor\.yaml:4\): .*data\/nope\.csv does not exist \(ENOENT\); check the path\.$/);
    assert.deepEqual(missing.calls, []);
    writeCsv(path.join(missing.workspace, 'data', 'nope.csv'), year('2012'));
    assert.deepEqual((await missing.monitor.checkStage(missing.stage)).batches.map((b) => b.kind), ['checked'], 'checked once the reference is there');
    missing.store.close();
  });

  it('a folder that does not exist yet has no batches; ** reaches sub-folders but not .git or .modelledger', async () => {
    const { workspace, store, monitor } = setUp();
    const deep: WatchedStage = watchedStages(parseMonitorConfig('models: {weather: {stages: {prod: {batches: "**/*.csv", reference: data/train.csv}}}}').config)[0]!;
    const none: WatchedStage = watchedStages(parseMonitorConfig('models: {weather: {stages: {prod: {batches: "later/*.csv", reference: data/train.csv}}}}').config)[0]!;
    assert.deepEqual(await monitor.checkStage(none), { stage: none, problem: null, batches: [] });
    writeCsv(path.join(workspace, 'a', 'b', '2013.csv'), year('2013'));
    writeCsv(path.join(workspace, '.git', 'x.csv'), year('2013'));
    writeCsv(path.join(workspace, '.modelledger', 'y.csv'), year('2013'));
    const found = (await monitor.checkStage(deep)).batches.map((b) => b.path).sort();
    assert.deepEqual(found, ['a/b/2013.csv', 'data/train.csv']);
    store.close();
  });
});
