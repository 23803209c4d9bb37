import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ToCompareWebview } from '../../../src/protocol/compare';
import { packChart, packCompareMessage, unpackCompareMessage, type PackedSeries } from '../../../src/protocol/compareWire';
import { compactChart } from '../../../src/core/compare/wireNumbers';
import { collectChart, collectComparison, type CompareRequest } from '../../../src/store/compareQueries';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';

const START = 1_700_000_000_000;
/** Steps of the sweep's runs: 3,000 each, enough for coarse pyramid buckets at 200 px. */
const SWEEP_STEPS = 3_000;

/** What the webview receives: the packed message through JSON, as postMessage carries it. */
const overTheWire = (message: ToCompareWebview) => unpackCompareMessage(JSON.parse(JSON.stringify(packCompareMessage(message))));

describe('compare: the packed wire form of charts', () => {
  const store = Store.open(tempDir());
  after(() => store.close());
  // A sweep of three runs over the same steps (one with NaN and ±Infinity), a shorter run with a stretch of NaN only, a run logged at other steps, and one without the metric.
  store.write(() => {
    for (const [r, id] of ['s0', 's1', 's2'].entries()) {
      addRun(store, { id, name: id, startTime: START, endTime: START + SWEEP_STEPS });
      const n = SWEEP_STEPS;
      const values = Float64Array.from({ length: n }, (_, i) => (r === 1 && i === 100 ? Number.NaN : r === 1 && i === 2_000 ? Number.POSITIVE_INFINITY : r === 1 && i === 2_001 ? Number.NEGATIVE_INFINITY : 1 / (1 + i + r)));
      const steps = Float64Array.from({ length: n }, (_, i) => i);
      store.metrics.appendSeries(id, 'loss', { steps, timestamps: steps.map((s) => START + s), values, length: n });
    }
    addRun(store, { id: 'short', name: 'short', startTime: START, endTime: null });
    store.metrics.append('short', Array.from({ length: 40 }, (_, i) => ({ key: 'loss', step: i, timestamp: START + i, value: i % 7 === 0 || (i >= 15 && i < 30) ? Number.NaN : 2 - i / 40 })));
    addRun(store, { id: 'odd', name: 'odd', startTime: START, endTime: null });
    store.metrics.append('odd', Array.from({ length: 500 }, (_, i) => ({ key: 'loss', step: i * 3 + 1, timestamp: START + i, value: Math.sqrt(i) })));
    addRun(store, { id: 'none', name: 'none', startTime: START, endTime: null });
    store.runs.setParams('none', { lr: '0.1' });
  });
  const runIds = ['s0', 's1', 'short', 's2', 'odd', 'none'];
  const request: CompareRequest = { runIds, baselineRunId: null, chosenMetrics: null, directions: {}, onlyDifferences: true, sort: null, xAxis: 'step', zoom: null, width: 200 };
  const state = () => {
    const comparison = collectComparison(store, request);
    const saved = { folder: '/w', codeRunId: null, ...request, runIds: [...runIds], chosenMetrics: null };
    return { ...comparison, charts: comparison.charts.map(compactChart), code: null, media: { runs: [] }, saved };
  };
  const zoomed = (zoom: { xFrom: number; xTo: number }) =>
    compactChart(collectChart(store, { runs: runIds.map((id) => store.runs.get(id)!), metric: 'loss', directions: {}, xAxis: 'step', zoom, width: 200 }));

  it('gives back exactly the state it packed: nulls, non-finite buckets, series of other lengths', () => {
    const message: ToCompareWebview = { type: 'state', state: state() };
    const series = message.state.charts.find((c) => c.metric === 'loss')!.series;
    assert.ok(series.some((s) => s.y.includes(null)) && series.some((s) => s.nonFinite.length > 0), 'the chart has buckets without a finite value and non-finite marks');
    assert.ok(new Set(series.map((s) => s.y.length)).size > 1, 'series of different lengths');
    assert.deepEqual(overTheWire(message), message);
  });

  it('sends the shared x columns of a sweep once, and counts of one repeated value as runs', () => {
    const chart = state().charts.find((c) => c.metric === 'loss')!;
    const packed = new Map(packChart(chart).series.map((s): [string, PackedSeries] => [s.runId, s]));
    assert.ok('firstX' in packed.get('s0')!.x);
    assert.deepEqual(packed.get('s1')!.x, { sameAs: 0 }, 'same buckets as the first run of the sweep');
    assert.deepEqual(packed.get('s2')!.x, { sameAs: 0 }, 'refers to the first owner, past a series of other buckets');
    assert.ok('firstX' in packed.get('short')!.x && 'firstX' in packed.get('odd')!.x, 'other steps carry their own');
    const sweepCount = packed.get('s0')!.count;
    assert.ok(!Array.isArray(sweepCount) && sweepCount.runs.length < chart.series[0]!.count.length, 'equal buckets: a few runs of one count');
    assert.ok(Array.isArray(packed.get('short')!.count), 'one point a bucket: as it is, where runs would not be shorter');
    assert.ok(JSON.stringify(packChart(chart)).length < JSON.stringify(chart).length);
  });

  it('gives back a zoom answer exactly, narrow and wide', () => {
    for (const zoom of [{ xFrom: 90, xTo: 130 }, { xFrom: 0, xTo: 2_500 }]) {
      const message: ToCompareWebview = { type: 'series', id: 12, chart: zoomed(zoom) };
      assert.deepEqual(overTheWire(message), message);
    }
  });

  it('drops a malformed message instead of handing the page something it would crash on', () => {
    const packed = packCompareMessage({ type: 'series', id: 3, chart: zoomed({ xFrom: 0, xTo: 2_500 }) });
    assert.equal(packed.type, 'series');
    const first = packed.chart.series[0]!;
    const withSeries = (patch: Partial<Record<keyof PackedSeries, unknown>>) => ({ ...packed, chart: { ...packed.chart, series: [{ ...first, ...patch }] } });
    const counted = !Array.isArray(first.count) ? first.count.runs : first.count;
    const malformed: unknown[] = [
      null,
      'state',
      { type: 'state' },
      { type: 'state', state: { charts: 'none' } },
      { type: 'series', id: 'x', chart: packed.chart },
      { type: 'other', chart: packed.chart },
      withSeries({ x: { sameAs: 0 } }),
      withSeries({ x: { sameAs: -1 } }),
      withSeries({ x: { sameAs: 'length' } }),
      withSeries({ x: { firstX: [1] } }),
      withSeries({ y: first.y.slice(1) }),
      withSeries({ min: null }),
      withSeries({ count: { runs: [1, 1e12] } }),
      withSeries({ count: { runs: [1] } }),
      withSeries({ count: { runs: [1, -1] } }),
      withSeries({ count: counted.slice(1) }),
      withSeries({ nonFinite: undefined }),
    ];
    for (const message of malformed) assert.equal(unpackCompareMessage(message), undefined, JSON.stringify(message).slice(0, 120));
    assert.ok(unpackCompareMessage(packed), 'the message itself reads');
  });
});
