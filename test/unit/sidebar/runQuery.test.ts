import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runNameProblem, runNoteProblem } from '../../../src/core/runAnnotationRules';
import {
  DEFAULT_RUN_QUERY,
  describeRunQuery as describeWith,
  isDefaultSort,
  isFiltered,
  parseMetricFilter,
  parseParamFilter,
  parseRunQuery,
  type RunQuery,
  type RunQueryWords,
} from '../../../src/core/runQuery';

const FULL: RunQuery = {
  sort: { field: { kind: 'metric', key: 'val_loss' }, descending: true },
  filter: {
    statuses: ['running', 'failed'],
    param: { key: 'lr', value: '0.01' },
    metric: { key: 'acc', op: '>=', value: 0.9 },
    text: 'resnet',
    showDeleted: false,
  },
};

const WORDS: RunQueryWords = { startTime: 'start time', name: 'name', noStatus: 'no status', withDeleted: '+ deleted', localOwner: 'this workspace', status: (s) => s };
const describeRunQuery = (q: RunQuery) => describeWith(q, WORDS);

describe('run query: describe', () => {
  it('is empty for the default query and names every part of a full one, in order', () => {
    assert.equal(describeRunQuery(DEFAULT_RUN_QUERY), '');
    assert.equal(describeRunQuery(FULL), '↓ val_loss · running, failed · lr = 0.01 · acc ≥ 0.9 · “resnet”');
  });

  it('names an ascending sort, a non-default start-time sort, other comparisons and shown deleted runs', () => {
    const ascendingName: RunQuery = { ...DEFAULT_RUN_QUERY, sort: { field: { kind: 'name' }, descending: false } };
    assert.equal(describeRunQuery(ascendingName), '↑ name');
    assert.equal(describeRunQuery({ ...DEFAULT_RUN_QUERY, sort: { field: { kind: 'startTime' }, descending: false } }), '↑ start time');
    assert.equal(describeRunQuery({ ...DEFAULT_RUN_QUERY, sort: { field: { kind: 'param', key: 'batch' }, descending: true } }), '↓ batch');
    const filtered: RunQuery = { ...DEFAULT_RUN_QUERY, filter: { ...DEFAULT_RUN_QUERY.filter, metric: { key: 'loss', op: '<', value: 0.25 }, showDeleted: true } };
    assert.equal(describeRunQuery(filtered), 'loss < 0.25 · + deleted');
  });

  it('tells a default sort and an unfiltered query apart', () => {
    assert.equal(isDefaultSort(DEFAULT_RUN_QUERY), true);
    assert.equal(isFiltered(DEFAULT_RUN_QUERY), false);
    assert.equal(isDefaultSort(FULL), false);
    assert.equal(isFiltered(FULL), true);
    // Showing deleted runs hides nothing: a toggle of its own, not a filter.
    assert.equal(isFiltered({ ...DEFAULT_RUN_QUERY, filter: { ...DEFAULT_RUN_QUERY.filter, showDeleted: true } }), false);
    assert.equal(isFiltered({ ...DEFAULT_RUN_QUERY, filter: { ...DEFAULT_RUN_QUERY.filter, statuses: [] } }), true);
  });
});

describe('run query: parse filters typed by a user', () => {
  it('reads metric comparisons with or without spaces, in ASCII or math signs', () => {
    assert.deepEqual(parseMetricFilter('acc >= 0.9'), { key: 'acc', op: '>=', value: 0.9 });
    assert.deepEqual(parseMetricFilter('loss<0.2'), { key: 'loss', op: '<', value: 0.2 });
    assert.deepEqual(parseMetricFilter('  val/loss (ema) ≤ 1e-3 '), { key: 'val/loss (ema)', op: '<=', value: 0.001 });
    assert.deepEqual(parseMetricFilter('acc ≥ -2'), { key: 'acc', op: '>=', value: -2 });
    assert.deepEqual(parseMetricFilter('epoch == 3'), { key: 'epoch', op: '=', value: 3 });
    assert.deepEqual(parseMetricFilter('epoch=3'), { key: 'epoch', op: '=', value: 3 });
    assert.deepEqual(parseMetricFilter('f1 > .5'), { key: 'f1', op: '>', value: 0.5 });
  });

  it('refuses metric filters without a key, a comparison or a finite number', () => {
    for (const text of ['', 'acc', '>= 0.9', 'acc >= ', 'acc >= high', 'acc >= NaN', 'acc >= Infinity', 'acc => 0.9', 'acc >= 0.9 1']) {
      assert.equal(parseMetricFilter(text), undefined, text);
    }
  });

  it('reads param filters at the first "=", trimming both sides', () => {
    assert.deepEqual(parseParamFilter('lr=0.01'), { key: 'lr', value: '0.01' });
    assert.deepEqual(parseParamFilter(' optimizer = adam '), { key: 'optimizer', value: 'adam' });
    assert.deepEqual(parseParamFilter('expr=a=b'), { key: 'expr', value: 'a=b' });
    assert.deepEqual(parseParamFilter('note='), { key: 'note', value: '' });
    assert.equal(parseParamFilter('lr'), undefined);
    assert.equal(parseParamFilter(' = 3'), undefined);
  });
});

describe('run query: persisted form', () => {
  it('round-trips every query through JSON unchanged', () => {
    const queries: RunQuery[] = [
      DEFAULT_RUN_QUERY,
      FULL,
      { sort: { field: { kind: 'param', key: 'batch_size' }, descending: false }, filter: { ...DEFAULT_RUN_QUERY.filter, showDeleted: true, statuses: [] } },
      { sort: { field: { kind: 'name' }, descending: true }, filter: { ...DEFAULT_RUN_QUERY.filter, text: '%_"\'' } },
    ];
    for (const query of queries) {
      const parsed = parseRunQuery(JSON.parse(JSON.stringify(query)));
      assert.deepEqual(parsed, query);
      assert.equal(describeRunQuery(parsed), describeRunQuery(query));
    }
  });

  it('falls back to the default for each malformed part, keeping the parts that are well formed', () => {
    for (const value of [undefined, null, 42, 'x', [], { sort: 'name' }, { filter: [] }]) assert.deepEqual(parseRunQuery(value), DEFAULT_RUN_QUERY);
    const mixed = parseRunQuery({
      sort: { field: { kind: 'metric' }, descending: false },
      filter: { statuses: ['failed', 'exploded'], param: { key: 'lr', value: 0.01 }, metric: { key: 'acc', op: '>=', value: 0.5 }, text: '', showDeleted: 'yes' },
    });
    assert.deepEqual(mixed, {
      sort: DEFAULT_RUN_QUERY.sort,
      filter: { statuses: null, param: null, metric: { key: 'acc', op: '>=', value: 0.5 }, text: null, showDeleted: false },
    });
    assert.equal(parseRunQuery({ filter: { metric: { key: 'acc', op: '~', value: 1 } } }).filter.metric, null);
    assert.equal(parseRunQuery({ filter: { metric: { key: 'acc', op: '>', value: Number.NaN } } }).filter.metric, null);
    assert.equal(parseRunQuery({ sort: { field: { kind: 'param', key: '' }, descending: true } }).sort, DEFAULT_RUN_QUERY.sort);
  });

  it('keeps statuses once each, in their canonical order', () => {
    assert.deepEqual(parseRunQuery({ filter: { statuses: ['killed', 'running', 'killed'] } }).filter.statuses, ['running', 'killed']);
  });
});

describe('run annotation rules', () => {
  it('accepts names of 1..200 characters after trimming, and says why it refuses others', () => {
    assert.equal(runNameProblem('  resnet <b>baseline</b>  '), undefined);
    assert.equal(runNameProblem('-rf'), undefined);
    assert.equal(runNameProblem('x'.repeat(200)), undefined);
    assert.match(runNameProblem('   ') ?? '', /cannot be empty/);
    assert.match(runNameProblem('x'.repeat(201)) ?? '', /at most 200 characters; this one has 201/);
    assert.match(runNameProblem('two\nlines') ?? '', /control characters/);
    assert.equal(runNoteProblem('n'.repeat(10_000)), undefined);
    assert.match(runNoteProblem('n'.repeat(10_001)) ?? '', /at most 10000 characters/);
  });
});
