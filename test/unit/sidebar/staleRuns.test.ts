import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { DEFAULT_STALE_RUN_HOURS, isStaleRun, staleAfterMs, staleAt } from '../../../src/core/runStaleness';
import { importMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import type { Store } from '../../../src/store/store';
import { cli } from '../helpers/cli';
import { copyFixture, ingestContext } from '../helpers/fixtures';
import { ALL, writeRuns } from './handRuns';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('stale runs: the rule', () => {
  it('reads the setting in hours; 0, a negative or a non-number turns it off', () => {
    assert.equal(staleAfterMs(DEFAULT_STALE_RUN_HOURS), DAY);
    assert.equal(staleAfterMs(1.5), 1.5 * HOUR);
    for (const off of [0, -3, Number.NaN, Number.POSITIVE_INFINITY, '24', undefined, null]) assert.equal(staleAfterMs(off), 0, String(off));
  });

  it('is a running run whose last data is older than the setting, never a run of unknown age', () => {
    const now = 100 * DAY;
    assert.equal(isStaleRun('running', now - DAY - 1, now, DAY), true);
    assert.equal(isStaleRun('running', now - DAY, now, DAY), false, 'exactly the limit is not past it');
    assert.equal(isStaleRun('running', now - HOUR, now, DAY), false);
    for (const status of ['finished', 'failed', 'killed', 'scheduled'] as const) assert.equal(isStaleRun(status, 0 + 1, now, DAY), false, status);
    assert.equal(isStaleRun('running', null, now, DAY), false, 'no time known');
    assert.equal(isStaleRun('running', 0, now, DAY), false, 'DVCLive\'s time 0 says nothing');
    assert.equal(isStaleRun('running', 1, now, 0), false, 'the setting is off');
  });

  it('says when a running run turns stale, if it will', () => {
    assert.equal(staleAt('running', 5 * DAY, DAY), 6 * DAY);
    assert.equal(staleAt('finished', 5 * DAY, DAY), null);
    assert.equal(staleAt('running', null, DAY), null);
    assert.equal(staleAt('running', 5 * DAY, 0), null);
  });
});

describe('stale runs: what the store says of them', () => {
  /** A real MLflow store (1kruidenp/TaxiFareModel) whose two runs never ended: RUNNING since June 2021. */
  function taxiFare(): { store: Store; runIds: string[] } {
    const ctx = ingestContext(copyFixture('1kruidenp__TaxiFareModel'));
    importMlflowStore(ctx, `${ctx.workspace}/mlruns`);
    const runIds = ['337531b3ddc34c38a1db55f814c1900d', 'c58351333ad74139843ff972cda7b70b'];
    return { store: ctx.store, runIds };
  }

  it('takes the last update of a run from its start and its newest metric point', () => {
    const { store, runIds } = taxiFare();
    assert.deepEqual(runIds.map((id) => store.runs.get(id)?.status), ['running', 'running']);
    // 337531…: started 1622557738980, its one rmse point at 1622557738984.
    assert.equal(store.runs.lastUpdate(runIds[0]!), 1622557738984);
    store.write(() => store.metrics.append(runIds[0]!, [{ key: 'rmse', step: 1, timestamp: 1622557800000, value: 4.2 }]));
    assert.equal(store.runs.lastUpdate(runIds[0]!), 1622557800000);
    assert.equal(store.runs.lastUpdate('no-such-run'), null);
  });

  it('leaves runs with no data for longer than the setting out of the live poll, and takes one back when it logs again', () => {
    const { store, runIds } = taxiFare();
    const now = Date.now();
    assert.deepEqual([...store.runs.runningOriginIds('mlflow')].sort(), runIds, 'without a limit: every running run');
    assert.deepEqual([...store.runs.runningOriginIds('mlflow', now - DAY)], [], 'both stale since 2021');
    store.write(() => store.metrics.append(runIds[1]!, [{ key: 'rmse', step: 1, timestamp: now, value: 4.1 }]));
    assert.deepEqual([...store.runs.runningOriginIds('mlflow', now - DAY)], [runIds[1]]);
  });

  it('keeps a running run of unknown age in the live poll', () => {
    const { store } = taxiFare();
    store.write(() => {
      const experimentId = store.experiments.upsert({ name: 'no times', origin: { source: 'mlflow', id: 'x', path: 'mlruns' } });
      store.runs.upsert({ id: 'ageless', experimentId, name: 'ageless', status: 'running', deleted: false, startTime: null, endTime: null, git: null, command: null, parentRunId: null, origin: { source: 'mlflow', id: 'ageless', path: 'mlruns' } });
    });
    assert.ok(store.runs.runningOriginIds('mlflow', Date.now() - DAY).has('ageless'));
    assert.equal(store.runs.lastUpdate('ageless'), null);
  });

  it('the CLI\'s runs listing says stale, with the last data, where a running run\'s process died', () => {
    const ctx = ingestContext(copyFixture('1kruidenp__TaxiFareModel'));
    importMlflowStore(ctx, `${ctx.workspace}/mlruns`);
    ctx.store.close();
    const r = cli(['runs'], ctx.workspace);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.match(/stale \(last data 2021-06-01 14:28\)/g)?.length, 2, r.stdout);
  });

  it('lists a running run with its last update, and other runs without one', () => {
    const { store } = taxiFare();
    const experimentId = writeRuns(store, 'mixed', [
      { id: 'live', name: 'live', start: 1000, status: 'running', params: {}, metrics: { loss: 1 } },
      { id: 'done', name: 'done', start: 2000, status: 'finished', params: {}, metrics: { loss: 1 } },
    ]);
    store.write(() => store.metrics.append('live', [{ key: 'loss', step: 5, timestamp: 9000, value: 0.5 }]));
    const listed = store.runList.listRuns(experimentId, DEFAULT_RUN_QUERY, ALL).runs;
    assert.deepEqual(listed.map((l) => [l.run.id, l.lastUpdate]), [['done', null], ['live', 9000]]);
  });
});
