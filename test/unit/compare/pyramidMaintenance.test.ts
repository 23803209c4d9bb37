import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COUNT, FIELDS, FIRST_STEP, LAST_STEP, MAX, MAX_TIME, MIN, MIN_TIME, NAN, NEG_INF, POS_INF, SUM } from '../../../src/core/compare/packedBuckets';
import { FAN_OUT, MIN_POINTS } from '../../../src/core/compare/pyramid';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';
import { pyramidFromScratch, rankOrder, seriesIdOf, storedLevels, type TestPoint } from './pyramidHelpers';
import { prng, randomInt, randomValue } from './random';

/** Appends a batch through append() or appendSeries() (the two paths importers use), each in its own write. */
function appendBatch(store: Store, runId: string, key: string, batch: TestPoint[], viaSeries: boolean): void {
  store.write(() => {
    if (!viaSeries) return store.metrics.append(runId, batch.map((p) => ({ key, ...p })));
    const n = batch.length;
    const arrays = { steps: new Float64Array(n + 7), timestamps: new Float64Array(n + 7), values: new Float64Array(n + 7), length: n };
    batch.forEach((p, i) => ((arrays.steps[i] = p.step), (arrays.timestamps[i] = p.timestamp), (arrays.values[i] = p.value)));
    store.metrics.appendSeries(runId, key, arrays);
  });
}

function assertSameAsFromScratch(store: Store, runId: string, key: string, all: TestPoint[], label: string): void {
  const stored = storedLevels(store, seriesIdOf(store, runId, key));
  if (all.length < MIN_POINTS) return assert.equal(stored.length, 0, `${label}: no pyramid under ${MIN_POINTS} points`);
  const expected = pyramidFromScratch(all);
  assert.equal(stored.length, expected.length, `${label}: levels`);
  expected.forEach((level, i) => assert.deepEqual(stored[i], level, `${label}: level ${i + 1}`));
}

describe('compare: pyramid maintenance', () => {
  it('in-order appends of any size, through both append paths, give the pyramid built from scratch', () => {
    const random = prng(7);
    const store = Store.open(tempDir());
    const runId = addRun(store);
    const all: TestPoint[] = [];
    // Crosses MIN_POINTS (4,096), then 16,384 points where the top level moves from 2 to 3.
    for (let b = 0; all.length < 40_000; b++) {
      const size = random() < 0.3 ? randomInt(random, 1, 20) : randomInt(random, 1, 5_000);
      const batch = Array.from({ length: size }, () => {
        const last = all[all.length - 1];
        const step = last ? last.step + (random() < 0.2 ? 0 : randomInt(random, 1, 5)) : 0;
        const point = { step, timestamp: 1_000 + all.length, value: randomValue(random, 0.05) };
        all.push(point);
        return point;
      });
      appendBatch(store, runId, 'loss', batch, b % 2 === 0);
      assertSameAsFromScratch(store, runId, 'loss', all, `after batch ${b} (${all.length} points)`);
    }
    store.close();
  });

  it('points appended out of step order (as MLflow allows) rebuild what they change, as from scratch', () => {
    const random = prng(11);
    const store = Store.open(tempDir());
    const runId = addRun(store);
    const all: TestPoint[] = [];
    let next = 0;
    for (let b = 0; b < 40; b++) {
      const size = randomInt(random, 1, 2_000);
      const kind = b % 4;
      const batch = Array.from({ length: size }, (_, i) => {
        let step: number;
        if (kind === 0) step = random() < 0.5 ? next : next++; // in order, steps often repeated
        else if (kind === 1) step = next + randomInt(random, -50, 50); // shuffled near the tail
        else if (kind === 2) step = i === 0 ? randomInt(random, 0, Math.max(0, next - 1)) : random() < 0.5 ? next : next++; // one late point far back
        else step = Math.max(0, next - 1); // repeats of the last step, with earlier timestamps below
        const timestamp = kind === 3 ? 500 - i : 1_000 + b * 10_000 + i;
        return { step, timestamp, value: randomValue(random, 0.05) };
      });
      next = Math.max(next, ...batch.map((p) => p.step + 1));
      all.push(...batch);
      appendBatch(store, runId, 'val/loss', batch, b % 3 !== 0);
      assertSameAsFromScratch(store, runId, 'val/loss', all, `after batch ${b} (kind ${kind}, ${all.length} points)`);
    }
    store.close();
  });

  it('a series whose steps all tie (old MLflow files have step 0) orders its points by timestamp', () => {
    const store = Store.open(tempDir());
    const runId = addRun(store);
    const all: TestPoint[] = [];
    for (let b = 0; b < 6; b++) {
      const batch = Array.from({ length: 1_500 }, (_, i) => ({ step: 0, timestamp: b % 2 ? 10_000 - b * 1_500 - i : 20_000 + b * 1_500 + i, value: i }));
      all.push(...batch);
      appendBatch(store, runId, 'acc', batch, true);
      assertSameAsFromScratch(store, runId, 'acc', all, `batch ${b}`);
    }
    store.close();
  });

  it('each level-1 summary is exactly that of its 16 points in rank order', () => {
    const random = prng(3);
    const store = Store.open(tempDir());
    const runId = addRun(store);
    const points = Array.from({ length: 5_000 }, (_, i) => ({ step: randomInt(random, 0, 3_000), timestamp: i, value: randomValue(random, 0.1) }));
    appendBatch(store, runId, 'm', points, true);
    const ranked = rankOrder(points);
    const level1 = storedLevels(store, seriesIdOf(store, runId, 'm'))[0]!;
    assert.equal(level1.length / FIELDS, Math.ceil(points.length / FAN_OUT));
    for (let s = 0; s < level1.length / FIELDS; s++) {
      const own = ranked.slice(s * FAN_OUT, (s + 1) * FAN_OUT);
      const finite = own.filter((p) => Number.isFinite(p.value)).map((p) => p.value);
      const at = s * FIELDS;
      assert.deepEqual(
        [COUNT, FIRST_STEP, LAST_STEP, MIN_TIME, MAX_TIME, MIN, MAX, NAN, POS_INF, NEG_INF].map((f) => level1[at + f]),
        [own.length, own[0]!.step, own.at(-1)!.step, Math.min(...own.map((p) => p.timestamp)), Math.max(...own.map((p) => p.timestamp)),
          finite.length ? Math.min(...finite) : Infinity, finite.length ? Math.max(...finite) : -Infinity,
          own.filter((p) => Number.isNaN(p.value)).length, own.filter((p) => p.value === Infinity).length, own.filter((p) => p.value === -Infinity).length],
        `summary ${s}`,
      );
      assert.equal(level1[at + SUM], finite.reduce((a, v) => a + v, 0), `summary ${s} sum`);
    }
    store.close();
  });

  it('deleteSeries and deleting the run remove the pyramid', () => {
    const store = Store.open(tempDir());
    const runId = addRun(store);
    const points = Array.from({ length: 10_000 }, (_, i) => ({ step: i, timestamp: i, value: i }));
    appendBatch(store, runId, 'a', points, true);
    appendBatch(store, runId, 'b', points, false);
    const count = () => store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM metric_pyramid').get()!.n;
    const perSeries = count() / 2;
    assert.ok(perSeries > 0);
    store.write(() => store.metrics.deleteSeries(runId, 'a'));
    assert.equal(count(), perSeries);
    store.write(() => store.db.prepare('DELETE FROM runs WHERE id = ?').run(runId));
    assert.equal(count(), 0);
    store.close();
  });
});
