import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DEFAULT_RUN_QUERY, type RunQuery } from '../../../src/core/runQuery';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';
import { ALL, filtered, HAND_RUNS, ids, idsByPages, sortedBy, writeRuns } from './handRuns';

/** Every sort of the hand-made experiment with the order it must give (deleted id-6 hidden). */
const SORTS: { name: string; query: RunQuery; expected: string[] }[] = [
  { name: 'start time, newest first (ties by id, no start time last)', query: DEFAULT_RUN_QUERY, expected: ['id-3', 'id-4', 'id-2', 'id-1', 'id-5'] },
  { name: 'start time, oldest first', query: sortedBy({ kind: 'startTime' }, false), expected: ['id-1', 'id-2', 'id-3', 'id-4', 'id-5'] },
  { name: 'name A to Z, ignoring case', query: sortedBy({ kind: 'name' }, false), expected: ['id-1', 'id-2', 'id-4', 'id-5', 'id-3'] },
  { name: 'name Z to A', query: sortedBy({ kind: 'name' }, true), expected: ['id-3', 'id-5', 'id-4', 'id-2', 'id-1'] },
  { name: 'metric ascending (ties newest first, missing last)', query: sortedBy({ kind: 'metric', key: 'acc' }, false), expected: ['id-2', 'id-4', 'id-1', 'id-3', 'id-5'] },
  { name: 'metric descending (missing still last)', query: sortedBy({ kind: 'metric', key: 'acc' }, true), expected: ['id-3', 'id-4', 'id-1', 'id-2', 'id-5'] },
  { name: 'metric whose last value is NaN sorts with the missing', query: sortedBy({ kind: 'metric', key: 'loss' }, false), expected: ['id-5', 'id-1', 'id-2', 'id-3', 'id-4'] },
  { name: 'metric descending with NaN', query: sortedBy({ kind: 'metric', key: 'loss' }, true), expected: ['id-2', 'id-1', 'id-5', 'id-3', 'id-4'] },
  { name: 'param ascending: numbers as numbers, then text, then missing', query: sortedBy({ kind: 'param', key: 'batch' }, false), expected: ['id-2', 'id-4', 'id-1', 'id-3', 'id-5'] },
  { name: 'param descending: the exact reverse, missing still last', query: sortedBy({ kind: 'param', key: 'batch' }, true), expected: ['id-3', 'id-1', 'id-4', 'id-2', 'id-5'] },
  { name: 'param with exponent notation and ties', query: sortedBy({ kind: 'param', key: 'lr' }, false), expected: ['id-4', 'id-3', 'id-1', 'id-2', 'id-5'] },
  { name: 'a metric no run has', query: sortedBy({ kind: 'metric', key: 'nope' }, false), expected: ['id-3', 'id-4', 'id-2', 'id-1', 'id-5'] },
];

describe('run listing: sorts', () => {
  let store: Store;
  let experiment: string;
  before(() => {
    store = Store.open(tempDir());
    experiment = writeRuns(store, 'hand', HAND_RUNS);
    // Another experiment with the same keys and better values must never leak in.
    writeRuns(store, 'other', [{ id: 'other-1', name: 'aaa', start: 9000, status: 'failed', params: { batch: '1', lr: '0' }, metrics: { acc: 0.1, loss: 0 } }]);
  });

  for (const { name, query, expected } of SORTS) {
    it(`${name}: whole and page by page`, () => {
      assert.deepEqual(ids(store, experiment, query), expected);
      for (const size of [1, 2, 3]) {
        const pages = idsByPages(store, experiment, query, size);
        assert.deepEqual(pages.ids, expected, `pages of ${size}`);
        assert.deepEqual([...pages.totals], [expected.length]);
      }
    });
  }

  it('puts pinned runs first, in the sort order, on every sort and page size', () => {
    store.runAnnotations.setPinned(['id-1', 'id-5'], true, null);
    try {
      for (const { query, expected } of SORTS) {
        const pinnedFirst = [...expected.filter((id) => id === 'id-1' || id === 'id-5'), ...expected.filter((id) => id !== 'id-1' && id !== 'id-5')];
        assert.deepEqual(ids(store, experiment, query), pinnedFirst, JSON.stringify(query.sort));
        for (const size of [1, 2, 4]) assert.deepEqual(idsByPages(store, experiment, query, size).ids, pinnedFirst);
      }
      const listed = store.runList.listRuns(experiment, DEFAULT_RUN_QUERY, ALL).runs;
      assert.deepEqual(listed.map((l) => l.pinned), [true, true, false, false, false]);
    } finally {
      store.runAnnotations.setPinned(['id-1', 'id-5'], false, null);
    }
  });

  it('pages past the end are empty and keep the total', () => {
    const page = store.runList.listRuns(experiment, sortedBy({ kind: 'metric', key: 'acc' }, false), { offset: 50, limit: 10, keyMetric: null });
    assert.deepEqual(page, { runs: [], total: 5 });
    const before = store.runList.listRuns(experiment, sortedBy({ kind: 'metric', key: 'acc' }, false), { offset: -3, limit: 2, keyMetric: null });
    assert.deepEqual(before.runs.map((l) => l.run.id), ['id-2', 'id-4'], 'a negative offset reads from the start');
    assert.deepEqual(store.runList.listRuns(experiment, DEFAULT_RUN_QUERY, { offset: 0, limit: 0, keyMetric: null }), { runs: [], total: 5 });
    const tailOnly = store.runList.listRuns(experiment, sortedBy({ kind: 'metric', key: 'loss' }, false), { offset: 4, limit: 10, keyMetric: null });
    assert.deepEqual(tailOnly.runs.map((l) => l.run.id), ['id-4']);
  });

  it('carries the key metric of each run: its last value, NaN kept, null without the metric', () => {
    const listed = store.runList.listRuns(experiment, DEFAULT_RUN_QUERY, { ...ALL, keyMetric: 'loss' }).runs;
    const byId = new Map(listed.map((l) => [l.run.id, l.keyMetric]));
    assert.equal(byId.get('id-3'), null);
    assert.ok(Number.isNaN(byId.get('id-4')!.last));
    assert.deepEqual(byId.get('id-1'), { key: 'loss', last: 0.3 });
    assert.ok(listed.every((l) => l.note === null && l.originalName === null && !l.pinned && !l.run.deleted));
    assert.ok(store.runList.listRuns(experiment, DEFAULT_RUN_QUERY, ALL).runs.every((l) => l.keyMetric === null));
  });
});

describe('run listing: filters', () => {
  let store: Store;
  let experiment: string;
  before(() => {
    store = Store.open(tempDir());
    experiment = writeRuns(store, 'hand', HAND_RUNS);
    writeRuns(store, 'other', [{ id: 'other-1', name: 'alpha%', start: 1, status: 'failed', params: { lr: '0.01' }, metrics: { acc: 0.99 } }]);
    store.runAnnotations.setNote('id-1', 'Best so far; 50% faster', null);
  });

  const cases: { name: string; filter: Parameters<typeof filtered>[0]; expected: string[] }[] = [
    { name: 'statuses', filter: { statuses: ['failed', 'killed'] }, expected: ['id-2', 'id-5'] },
    { name: 'no status at all', filter: { statuses: [] }, expected: [] },
    { name: 'a param value, exactly', filter: { param: { key: 'lr', value: '0.01' } }, expected: ['id-3', 'id-1'] },
    { name: 'a param value spelled otherwise', filter: { param: { key: 'lr', value: '0.010' } }, expected: [] },
    { name: 'a metric threshold (>=)', filter: { metric: { key: 'acc', op: '>=', value: 0.9 } }, expected: ['id-3', 'id-4', 'id-1'] },
    { name: 'a metric threshold (>)', filter: { metric: { key: 'acc', op: '>', value: 0.9 } }, expected: ['id-3'] },
    { name: 'a metric threshold (=)', filter: { metric: { key: 'acc', op: '=', value: 0.9 } }, expected: ['id-4', 'id-1'] },
    { name: 'a metric threshold never matches NaN', filter: { metric: { key: 'loss', op: '<', value: 0.4 } }, expected: ['id-1', 'id-5'] },
    { name: 'a metric threshold (<=)', filter: { metric: { key: 'loss', op: '<=', value: 0.5 } }, expected: ['id-2', 'id-1', 'id-5'] },
    { name: 'text in the name, any case', filter: { text: 'ALPHA' }, expected: ['id-1'] },
    { name: 'text in the id', filter: { text: 'ID-2' }, expected: ['id-2'] },
    { name: 'text in the note', filter: { text: 'so far' }, expected: ['id-1'] },
    { name: 'text "%" is literal (no LIKE wildcard)', filter: { text: '%' }, expected: ['id-3', 'id-1'] },
    { name: 'text "_" is literal', filter: { text: '_' }, expected: ['id-4'] },
    { name: 'text with a double quote', filter: { text: '"quoted"' }, expected: ['id-5'] },
    { name: 'text with a single quote only matches a deleted run', filter: { text: "o'b" }, expected: [] },
    { name: 'text with a backslash matches nothing', filter: { text: '\\' }, expected: [] },
    { name: 'deleted runs shown', filter: { showDeleted: true }, expected: ['id-3', 'id-4', 'id-2', 'id-1', 'id-6', 'id-5'] },
    { name: 'deleted shown with text', filter: { showDeleted: true, text: "o'b" }, expected: ['id-6'] },
    {
      name: 'every filter combined',
      filter: { statuses: ['finished', 'running'], param: { key: 'lr', value: '0.01' }, metric: { key: 'acc', op: '>=', value: 0.9 }, text: 'a' },
      expected: ['id-3', 'id-1'],
    },
    { name: 'combined filters that exclude each other', filter: { statuses: ['failed'], metric: { key: 'acc', op: '>', value: 0.85 } }, expected: [] },
  ];

  for (const { name, filter, expected } of cases) {
    it(`${name}: rows and total, on a default and an indexed sort`, () => {
      const listing = store.runList.listRuns(experiment, filtered(filter), ALL);
      assert.deepEqual(listing.runs.map((l) => l.run.id), expected);
      assert.equal(listing.total, expected.length);
      const byAcc = filtered(filter, sortedBy({ kind: 'metric', key: 'acc' }, true));
      const pages = idsByPages(store, experiment, byAcc, 1);
      assert.deepEqual([...pages.ids].sort(), [...expected].sort());
      assert.deepEqual([...pages.totals], [expected.length]);
    });
  }
});

describe('run listing: deletion, renames and children', () => {
  it('hides runs the user deleted everywhere a run is listed, and shows them flagged when asked', () => {
    const store = Store.open(tempDir());
    const experiment = writeRuns(store, 'hand', HAND_RUNS);
    store.runAnnotations.softDelete(['id-1', 'id-3'], 'Ada <ada@example.com>');
    assert.deepEqual(ids(store, experiment, DEFAULT_RUN_QUERY), ['id-4', 'id-2', 'id-5']);
    assert.deepEqual(ids(store, experiment, sortedBy({ kind: 'metric', key: 'acc' }, true)), ['id-4', 'id-2', 'id-5']);
    assert.equal(store.runList.listRuns(experiment, DEFAULT_RUN_QUERY, { offset: 0, limit: 1, keyMetric: null }).total, 3);
    assert.deepEqual(store.runs.listByExperiment(experiment, { limit: -1 }).map((r) => r.id), ['id-4', 'id-2', 'id-5']);
    assert.equal(store.runs.countByExperiment(experiment), 3);
    assert.equal(store.runs.countByExperiment(experiment, true), 6);
    assert.deepEqual(store.runs.countsOfExperiment(experiment), { all: 6, shown: 3 });
    assert.equal(store.runs.get('id-1')?.deleted, true);
    const shown = store.runList.listRuns(experiment, filtered({ showDeleted: true }), ALL).runs;
    assert.deepEqual(shown.filter((l) => l.run.deleted).map((l) => l.run.id).sort(), ['id-1', 'id-3', 'id-6']);
    store.runAnnotations.restore(['id-1', 'id-3', 'id-6'], null);
    assert.deepEqual(ids(store, experiment, DEFAULT_RUN_QUERY), ['id-3', 'id-4', 'id-2', 'id-1', 'id-5'], 'a run deleted at its source stays deleted');
  });

  it('lists and sorts a renamed run under its new name, keeps the imported one, and finds it by either', () => {
    const store = Store.open(tempDir());
    const experiment = writeRuns(store, 'hand', HAND_RUNS);
    store.runAnnotations.rename('id-1', 'zeta', null);
    assert.deepEqual(ids(store, experiment, sortedBy({ kind: 'name' }, false)), ['id-2', 'id-4', 'id-5', 'id-3', 'id-1']);
    const [listed] = store.runList.listRuns(experiment, filtered({ text: 'ZET' }), ALL).runs;
    assert.equal(listed?.run.name, 'zeta');
    assert.equal(listed?.originalName, 'alpha');
    assert.deepEqual(ids(store, experiment, filtered({ text: 'alph' })), ['id-1']);
    assert.equal(store.runs.get('id-1')?.name, 'zeta');
  });

  it('lists a run’s children, oldest first, deleted ones flagged', () => {
    const store = Store.open(tempDir());
    writeRuns(store, 'nested', [HAND_RUNS[0]!]);
    const experimentId = store.runs.get('id-1')!.experimentId;
    store.write(() => {
      for (const [id, start] of [['child-b', 20], ['child-a', 10], ['child-c', null]] as const) {
        store.runs.upsert({ ...store.runs.get('id-1')!, id, name: id, startTime: start, parentRunId: 'id-1', experimentId });
      }
    });
    store.runAnnotations.softDelete(['child-b'], null);
    assert.deepEqual(store.runList.childRuns('id-1').map((r) => [r.id, r.deleted]), [['child-a', false], ['child-b', true], ['child-c', false]]);
    assert.deepEqual(store.runList.childRuns('child-a'), []);
  });
});

describe('run listing: keys and values for the pickers', () => {
  it('lists metric and param keys per experiment or for all, values most common first, and the default key metric', () => {
    const store = Store.open(tempDir());
    const experiment = writeRuns(store, 'hand', HAND_RUNS);
    const other = writeRuns(store, 'other', [{ id: 'o-1', name: 'o', start: 1, status: 'finished', params: { depth: '3', lr: '0.5' }, metrics: { f1: 1 } }]);
    assert.deepEqual(store.runList.metricKeys(experiment), ['acc', 'loss']);
    assert.deepEqual(store.runList.metricKeys(null), ['acc', 'f1', 'loss']);
    assert.deepEqual(store.runList.paramKeys(experiment), ['batch', 'lr', 'opt']);
    assert.deepEqual(store.runList.paramKeys(null), ['batch', 'depth', 'lr', 'opt']);
    assert.deepEqual(store.runList.paramValues(experiment, 'lr', 10), ['0.01', '0.1', '1e-3']);
    assert.deepEqual(store.runList.paramValues(experiment, 'lr', 1), ['0.01']);
    assert.deepEqual(store.runList.paramValues(null, 'lr', 10), ['0.01', '0.1', '0.5', '1e-3']);
    assert.deepEqual(store.runList.paramValues(experiment, 'nope', 10), []);
    assert.equal(store.runList.defaultKeyMetric(experiment), 'acc');
    assert.equal(store.runList.defaultKeyMetric(other), 'f1');
    // The answer follows the data: two more runs with loss make it the most common.
    writeRuns(store, 'hand', [
      { id: 'id-7', name: 'x', start: 1, status: 'finished', params: {}, metrics: { loss: 1 } },
      { id: 'id-8', name: 'y', start: 2, status: 'finished', params: {}, metrics: { loss: 2 } },
    ]);
    assert.equal(store.runList.defaultKeyMetric(experiment), 'loss');
    const empty = store.write(() => store.experiments.upsert({ name: 'empty', origin: { source: 'native', id: 'empty', path: null } }));
    assert.equal(store.runList.defaultKeyMetric(empty), null);
  });
});
