import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SWEEP_FILTERS, SWEEP_SORT, TEN_THOUSAND, tenThousandRunsShape, writeTenThousandRuns } from '../../../testkit/tenThousandRuns';
import { DEFAULT_RUN_QUERY, type RunQuery } from '../../../src/core/runQuery';
import { Store } from '../../../src/store/store';
import { tempDir } from '../helpers/temp';
import { filtered, idsByPages, sortedBy } from './handRuns';

const SHAPES = Array.from({ length: TEN_THOUSAND }, (_, i) => tenThousandRunsShape(i));

/** The order the listing must give, computed here from what the generator wrote: values first, ties newest first, then by id; missing last. */
function expectedOrder(value: (shape: (typeof SHAPES)[0]) => number | undefined, descending: boolean, keep = (_: (typeof SHAPES)[0]) => true): string[] {
  const byStart = (x: (typeof SHAPES)[0], y: (typeof SHAPES)[0]) => y.startTime - x.startTime || (x.id < y.id ? -1 : 1);
  const kept = SHAPES.filter(keep);
  const head = kept.filter((s) => value(s) !== undefined).sort((x, y) => (descending ? value(y)! - value(x)! : value(x)! - value(y)!) || byStart(x, y));
  const tail = kept.filter((s) => value(s) === undefined).sort(byStart);
  return [...head, ...tail].map((s) => s.id);
}

describe('run listing: an experiment of 10,000 runs', () => {
  let store: Store;
  const experiment = 'ten-thousand';
  before(() => {
    store = Store.open(tempDir());
    writeTenThousandRuns(store, experiment);
  });

  const last = (key: string) => (s: (typeof SHAPES)[0]) => s.metrics[key]?.at(-1);
  const cases: { name: string; query: RunQuery; expected: () => string[] }[] = [
    { name: 'newest first', query: DEFAULT_RUN_QUERY, expected: () => expectedOrder((s) => s.startTime, true) },
    { name: 'oldest first', query: sortedBy({ kind: 'startTime' }, false), expected: () => expectedOrder((s) => s.startTime, false) },
    { name: 'by a metric some runs lack, ascending', query: sortedBy({ kind: 'metric', key: 'val_loss' }, false), expected: () => expectedOrder(last('val_loss'), false) },
    { name: 'by a metric, descending', query: sortedBy({ kind: 'metric', key: 'accuracy' }, true), expected: () => expectedOrder(last('accuracy'), true) },
    { name: 'by a numeric param with many ties', query: sortedBy({ kind: 'param', key: 'batch_size' }, false), expected: () => expectedOrder((s) => Number(s.params.batch_size), false) },
    {
      name: 'filtered by a metric threshold',
      query: filtered({ metric: { key: 'accuracy', op: '>=', value: 0.9 } }),
      expected: () => expectedOrder((s) => s.startTime, true, (s) => last('accuracy')(s)! >= 0.9),
    },
    {
      name: 'filtered by status, sorted by a metric',
      query: filtered({ statuses: ['failed', 'running'] }, sortedBy({ kind: 'metric', key: 'loss' }, true)),
      expected: () => expectedOrder(last('loss'), true, (s) => s.status !== 'finished'),
    },
    {
      name: 'sorted by a metric, filtered by a param spread along the sort (its page found among the first index entries)',
      query: { sort: SWEEP_SORT, filter: SWEEP_FILTERS.uncorrelated },
      expected: () => expectedOrder(last('loss'), false, (s) => s.params.batch_size === '64'),
    },
    {
      name: 'sorted by a metric, filtered by a param the sort puts last (its matches listed once)',
      query: { sort: SWEEP_SORT, filter: SWEEP_FILTERS.correlated },
      expected: () => expectedOrder(last('loss'), false, (s) => s.params.optimizer === 'adam'),
    },
    {
      name: 'sorted by a metric some runs lack, descending, filtered by a param',
      query: filtered({ param: { key: 'lr', value: '0.01' } }, sortedBy({ kind: 'metric', key: 'val_loss' }, true)),
      expected: () => expectedOrder(last('val_loss'), true, (s) => s.params.lr === '0.01'),
    },
    {
      name: 'sorted by a param, filtered by another',
      query: filtered({ param: { key: 'optimizer', value: 'sgd' } }, sortedBy({ kind: 'param', key: 'batch_size' }, true)),
      expected: () => expectedOrder((s) => Number(s.params.batch_size), true, (s) => s.params.optimizer === 'sgd'),
    },
  ];

  for (const { name, query, expected } of cases) {
    it(`${name}: pages of 200 give the whole order, each with the total`, () => {
      const want = expected();
      assert.ok(want.length > 100, `${want.length} runs match`);
      const pages = idsByPages(store, experiment, query, 200);
      assert.deepEqual([...pages.totals], [want.length]);
      assert.deepEqual(pages.ids, want);
    });
  }

  it('a page deep in the runs without the sort metric', () => {
    const want = expectedOrder(last('val_loss'), false);
    const page = store.runList.listRuns(experiment, sortedBy({ kind: 'metric', key: 'val_loss' }, false), { offset: 9_900, limit: 50, keyMetric: 'val_loss' });
    assert.deepEqual(page.runs.map((l) => l.run.id), want.slice(9_900, 9_950));
    assert.ok(page.runs.every((l) => l.keyMetric === null), 'the tail lacks the metric');
  });
});
