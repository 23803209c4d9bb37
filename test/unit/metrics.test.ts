import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Store } from '../../src/store/store';
import { addRun } from './helpers/sample';
import { tempDir } from './helpers/temp';

describe('store: metrics', () => {
  it('summarises count, last by (step, timestamp), min and max', () => {
    const store = Store.open(tempDir());
    const id = addRun(store);
    store.write(() =>
      store.metrics.append(id, [
        { key: 'loss', step: 0, timestamp: 100, value: 1.0 },
        { key: 'loss', step: 2, timestamp: 90, value: 0.5 }, // greatest step, though not the latest timestamp
        { key: 'loss', step: 1, timestamp: 300, value: 0.7 },
      ]),
    );
    const loss = store.metrics.summaries(id).get('loss')!;
    assert.deepEqual(loss, { count: 3, last: 0.5, lastStep: 2, min: 0.5, max: 1.0 });
    store.close();
  });

  it('breaks a step tie by timestamp, across separate appends', () => {
    const store = Store.open(tempDir());
    const id = addRun(store);
    store.write(() => store.metrics.append(id, [{ key: 'acc', step: 5, timestamp: 200, value: 0.9 }]));
    store.write(() => store.metrics.append(id, [{ key: 'acc', step: 5, timestamp: 100, value: 0.1 }]));
    store.write(() => store.metrics.append(id, [{ key: 'acc', step: 4, timestamp: 999, value: 0.2 }]));
    const acc = store.metrics.summaries(id).get('acc')!;
    assert.equal(acc.last, 0.9);
    assert.equal(acc.count, 3);
    assert.equal(acc.min, 0.1);
    store.close();
  });

  it('keeps NaN and ±Infinity as values but leaves them out of min and max', () => {
    const store = Store.open(tempDir());
    const id = addRun(store);
    store.write(() =>
      store.metrics.append(id, [
        { key: 'x', step: 0, timestamp: 1, value: Number.POSITIVE_INFINITY },
        { key: 'x', step: 1, timestamp: 2, value: 3 },
        { key: 'x', step: 2, timestamp: 3, value: Number.NEGATIVE_INFINITY },
        { key: 'x', step: 3, timestamp: 4, value: Number.NaN },
      ]),
    );
    const x = store.metrics.summaries(id).get('x')!;
    assert.equal(x.count, 4);
    assert.ok(Number.isNaN(x.last), 'last is NaN');
    assert.equal(x.min, 3);
    assert.equal(x.max, 3);
    const values = store.metrics.points(id, 'x').map((p) => p.value);
    assert.deepEqual(values, [Number.POSITIVE_INFINITY, 3, Number.NEGATIVE_INFINITY, Number.NaN]);
    store.close();
  });

  it('a series of only non-finite values has no min or max', () => {
    const store = Store.open(tempDir());
    const id = addRun(store);
    store.write(() => store.metrics.append(id, [{ key: 'nan', step: 0, timestamp: 0, value: Number.NaN }]));
    assert.deepEqual({ ...store.metrics.summaries(id).get('nan')!, last: 'nan' }, { count: 1, last: 'nan', lastStep: 0, min: null, max: null });
    store.close();
  });

  it('returns points in step order with keys that hold slashes and spaces', () => {
    const store = Store.open(tempDir());
    const id = addRun(store);
    const key = 'val/loss (smoothed)';
    store.write(() => store.metrics.append(id, [3, 1, 2].map((step) => ({ key, step, timestamp: step, value: step * 10 }))));
    assert.deepEqual(store.metrics.points(id, key).map((p) => p.step), [1, 2, 3]);
    assert.deepEqual([...store.metrics.summaries(id).keys()], [key]);
    store.close();
  });
});
