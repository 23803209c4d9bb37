import * as assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { collectChart, collectComparison, type CompareRequest } from '../../../src/store/compareQueries';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { tempDir } from '../helpers/temp';

const START = 1_700_000_000_000;

describe('compare: state from the store', () => {
  const store = Store.open(tempDir());
  after(() => store.close());
  // Run a: 20,000 loss points (a pyramid) with a NaN; run b: 300 points and an accuracy; run c: params only.
  const a = addRun(store, { id: 'a', name: 'first', startTime: START, endTime: START + 100_000, git: { commit: 'aaa', branch: 'main', dirty: false } });
  const b = addRun(store, { id: 'b', name: '<img src=x onerror=alert(1)>', startTime: START + 5_000, endTime: START + 50_000 });
  addRun(store, { id: 'c', name: 'third', startTime: null, endTime: null });
  store.write(() => {
    store.runs.setParams(a, { lr: '0.1', layers: '4' });
    store.runs.setParams(b, { lr: '0.01', layers: '4' });
    store.runs.setParams('c', { lr: '0.001', layers: '4' });
    store.runs.setTags(b, { note: 'baseline' });
    const n = 20_000;
    const steps = Float64Array.from({ length: n }, (_, i) => i);
    const times = Float64Array.from({ length: n }, (_, i) => START + 1_000 + i * 10);
    const values = Float64Array.from({ length: n }, (_, i) => (i === 12_345 ? Number.NaN : 1 / (1 + i) + (i === 777 ? -1 : 0)));
    store.metrics.appendSeries(a, 'loss', { steps, timestamps: times, values, length: n });
    store.metrics.append(b, Array.from({ length: 300 }, (_, i) => ({ key: 'loss', step: i * 10, timestamp: START + 5_000 + i * 100, value: 2 - i / 300 })));
    store.metrics.append(b, [{ key: 'acc', step: 1, timestamp: START + 6_000, value: 0.5 }]);
  });
  const request: CompareRequest = {
    runIds: ['a', 'b', 'c', 'gone'], baselineRunId: null, chosenMetrics: null, directions: {}, onlyDifferences: true, sort: null, xAxis: 'step', zoom: null, width: 500,
  };

  it('builds the table, runs in column order with stable colours, and reports runs that are gone', () => {
    const state = collectComparison(store, { ...request, baselineRunId: 'b' });
    assert.deepEqual(state.runs.map((r) => [r.id, r.colour]), [['b', 1], ['a', 0], ['c', 2]]);
    assert.equal(state.runs[0]!.name, '<img src=x onerror=alert(1)>', 'names are data; the webview renders them as text');
    assert.deepEqual(state.missingRunIds, ['gone']);
    assert.deepEqual(state.table.runIds, ['b', 'a', 'c']);
    const rows = new Map(state.table.rows.map((r) => [r.id, r]));
    assert.ok(rows.has('param:lr') && !rows.has('param:layers'), 'only differences');
    assert.deepEqual(rows.get('metric:min:loss')!.values, [2 - 299 / 300, -1 + 1 / 778, null]);
    assert.deepEqual(rows.get('metric:bestStep:loss')!.values, [2990, 777, null], 'best step of a lower-is-better metric, from the pyramid for run a');
    assert.deepEqual(rows.get('metric:last:loss')!.values, [2 - 299 / 300, 1 / 20_000, null]);
    assert.ok(!rows.has('metric:bestStep:acc') && !rows.has('metric:min:acc'), 'acc was logged once: its last row alone');
    assert.equal(rows.get('metric:last:acc')!.loggedOnce, true);
    assert.equal(rows.get('metric:last:loss')!.loggedOnce, undefined);
    assert.deepEqual(state.metrics, ['acc', 'loss']);
    assert.deepEqual(state.chosenMetrics, ['acc', 'loss'], 'default charts: the metrics most runs have');
  });

  it('opens with the charts of histories before final scores, known directions first', () => {
    const other = Store.open(tempDir());
    try {
      for (const id of ['x', 'y']) {
        addRun(other, { id, name: id, startTime: START, endTime: null });
        const history = (key: string) => Array.from({ length: 5 }, (_, step) => ({ key, step, timestamp: START + step, value: step }));
        other.write(() =>
          other.metrics.append(id, [
            ...['b_gpu', 'c_loss', 'd_acc', 'f_rmse'].flatMap(history),
            { key: 'a_final_accuracy', step: 0, timestamp: START, value: 0.9 },
            { key: 'e_final_error', step: 0, timestamp: START, value: 0.1 },
          ]),
        );
      }
      const state = collectComparison(other, { ...request, runIds: ['x', 'y'] });
      assert.deepEqual(state.chosenMetrics, ['b_gpu', 'c_loss', 'd_acc', 'f_rmse']);
    } finally {
      other.close();
    }
  });

  it('cuts every run of a chart into the same pixel columns over all their points', () => {
    const state = collectComparison(store, { ...request, chosenMetrics: ['loss', 'unknown'] });
    assert.deepEqual(state.chosenMetrics, ['loss'], 'metrics no run has are dropped');
    const chart = state.charts[0]!;
    assert.deepEqual(chart.range, { xFrom: 0, xTo: 19_999 });
    assert.equal(chart.direction, 'lower');
    assert.deepEqual(chart.series.map((s) => s.runId), ['a', 'b'], 'a run without the metric has no line');
    const [sa, sb] = chart.series;
    assert.ok(sa!.firstX.length <= 500 && sa!.level > 0, 'run a from its pyramid');
    assert.equal(sb!.level, 0, 'run b from its raw points');
    assert.equal(sa!.count.reduce((x, y) => x + y, 0), 20_000);
    assert.ok(sa!.nonFinite.some(([, nan]) => nan === 1), 'the NaN point is reported');
    assert.equal(Math.min(...sa!.min.filter((v): v is number => v !== null)), -1 + 1 / 778, 'the spike survives in the band');
    assert.deepEqual(JSON.parse(JSON.stringify(state)), state, 'the state survives postMessage (JSON) unchanged');
  });

  it('tells runs that share a name apart by the params that differ, else by a short id', () => {
    const other = Store.open(tempDir());
    try {
      for (const [id, lr] of [['3f2a9c1d77', '0.1'], ['9b8c7d6e5f', '0.01'], ['5e5e5e5e5e', '0.01']] as const) {
        addRun(other, { id, name: 'Random Forest', startTime: START, endTime: null });
        other.write(() => other.runs.setParams(id, { lr, seed: '1' }));
      }
      addRun(other, { id: 'lone', name: 'baseline', startTime: START, endTime: null });
      const state = collectComparison(other, { ...request, runIds: ['lone', '3f2a9c1d77', '9b8c7d6e5f', '5e5e5e5e5e'] });
      assert.deepEqual(state.runs.map((r) => [r.name, r.qualifier]), [
        ['baseline', null],
        ['Random Forest', 'lr=0.1'],
        ['Random Forest', 'lr=0.01, #9b8c7d6e'],
        ['Random Forest', 'lr=0.01, #5e5e5e5e'],
      ]);
    } finally {
      other.close();
    }
  });

  it('draws a metric every run logged once as dots by run, whatever the zoom', () => {
    const once = collectComparison(store, { ...request, chosenMetrics: ['acc', 'loss'], zoom: { xFrom: 5, xTo: 9 } });
    const [acc, loss] = once.charts;
    assert.deepEqual([acc!.metric, acc!.kind, loss!.kind], ['acc', 'dots', 'lines']);
    assert.deepEqual(acc!.range, { xFrom: 1, xTo: 1 }, 'not cut to the zoom: its point is outside it');
    assert.deepEqual(acc!.series.map((s) => [s.runId, s.y]), [['b', [0.5]]]);
    assert.deepEqual(loss!.range, { xFrom: 5, xTo: 9 });
  });

  it('puts relative time from each run\'s start, and answers a zoom at full resolution', () => {
    const relative = collectChart(store, { runs: [store.runs.get(a)!, store.runs.get(b)!], metric: 'loss', directions: {}, xAxis: 'relativeTime', zoom: null, width: 300 });
    assert.deepEqual(relative.range, { xFrom: 0, xTo: 1_000 + 19_999 * 10 }, 'run a logs from 1 s after its start, run b from its start');
    assert.equal(relative.series[1]!.firstX[0], 0, 'run b starts logging at its start');
    const wall = collectChart(store, { runs: [store.runs.get(a)!], metric: 'loss', directions: {}, xAxis: 'wallTime', zoom: null, width: 300 });
    assert.equal(wall.series[0]!.firstX[0], START + 1_000);
    const zoom = collectChart(store, { runs: [store.runs.get(a)!], metric: 'loss', directions: { loss: 'higher' }, xAxis: 'step', zoom: { xFrom: 700, xTo: 800 }, width: 300 });
    assert.equal(zoom.direction, 'higher');
    assert.deepEqual(zoom.range, { xFrom: 700, xTo: 800 });
    assert.deepEqual(zoom.extent, { xFrom: 0, xTo: 19_999 }, 'the axis still spans every point');
    assert.deepEqual(relative.extent, relative.range, 'unzoomed, the series span the extent');
    assert.equal(zoom.series[0]!.level, 0);
    assert.equal(zoom.series[0]!.count.reduce((x, y) => x + y, 0), 101);
    assert.ok(zoom.series[0]!.count.every((n) => n === 1), 'one point per bucket: full resolution');
    assert.deepEqual(collectChart(store, { runs: [store.runs.get('c')!], metric: 'loss', directions: {}, xAxis: 'step', zoom: null, width: 300 }).range, null);
  });
});
