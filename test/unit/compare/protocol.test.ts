import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toSeriesColumns } from '../../../src/core/compare/chart';
import { LIMITS, parseComparePanelState, parseFromCompareWebview } from '../../../src/protocol/compare';

describe('compare: protocol', () => {
  it('accepts exactly the known messages', () => {
    const good = [
      { type: 'ready', width: 800 },
      { type: 'resize', width: 1 },
      { type: 'chooseMetrics', metrics: ['loss', 'val/acc'] },
      { type: 'chooseMetrics', metrics: [] },
      { type: 'setXAxis', axis: 'relativeTime' },
      { type: 'zoom', id: 7, metric: 'loss', xFrom: -5, xTo: 1e12, width: 1200 },
      { type: 'zoom', id: 0, metric: 'loss', xFrom: 3, xTo: 3, width: 10 },
      { type: 'resetZoom' },
      { type: 'setBaseline', runId: 'abc' },
      { type: 'setOnlyDifferences', on: false },
      { type: 'setDirection', metric: 'gpu_util', direction: 'higher' },
      { type: 'setDirection', metric: 'loss', direction: null },
      { type: 'sortRuns', sort: { rowId: 'metric:last:loss', descending: true } },
      { type: 'sortRuns', sort: null },
      { type: 'exportTable', format: 'markdown', target: 'clipboard' },
      { type: 'exportTable', format: 'csv', target: 'file' },
      { type: 'setCodeRun', runId: 'b' },
      { type: 'openDiff', path: 'src/train.py' },
    ];
    for (const message of good) assert.deepEqual(parseFromCompareWebview(message), message, JSON.stringify(message));
  });

  it('returns copies, so a later change to the message object changes nothing', () => {
    const message = { type: 'chooseMetrics', metrics: ['a'] };
    const parsed = parseFromCompareWebview(message) as { metrics: string[] };
    message.metrics.push('b');
    assert.deepEqual(parsed.metrics, ['a']);
  });

  it('drops anything else: wrong types, extra keys, non-finite numbers, oversized input', () => {
    const long = 'x'.repeat(LIMITS.text + 1);
    const hostile: unknown[] = [
      null, undefined, 'ready', 42, [], {}, [{ type: 'ready', width: 1 }],
      { type: 'exec', command: 'rm -rf /' },
      { type: 'ready' }, { type: 'ready', width: 0 }, { type: 'ready', width: 1.5 }, { type: 'ready', width: LIMITS.width + 1 }, { type: 'ready', width: '800' },
      { type: 'ready', width: 800, extra: true }, { type: 'resetZoom', now: 1 },
      { type: 'chooseMetrics', metrics: 'loss' }, { type: 'chooseMetrics', metrics: [1] }, { type: 'chooseMetrics', metrics: [''] },
      { type: 'chooseMetrics', metrics: [long] }, { type: 'chooseMetrics', metrics: ['a', 'a'] },
      { type: 'chooseMetrics', metrics: Array.from({ length: LIMITS.chosenMetrics + 1 }, (_, i) => `m${i}`) },
      { type: 'setXAxis', axis: 'epoch' }, { type: 'setXAxis', axis: null },
      { type: 'zoom', id: 1, metric: 'loss', xFrom: Number.NaN, xTo: 1, width: 10 },
      { type: 'zoom', id: 1, metric: 'loss', xFrom: 0, xTo: Infinity, width: 10 },
      { type: 'zoom', id: 1, metric: 'loss', xFrom: 5, xTo: 1, width: 10 },
      { type: 'zoom', id: -1, metric: 'loss', xFrom: 0, xTo: 1, width: 10 },
      { type: 'zoom', id: 2 ** 53, metric: 'loss', xFrom: 0, xTo: 1, width: 10 },
      { type: 'zoom', id: 1, metric: 'loss', xFrom: '0', xTo: 1, width: 10 },
      { type: 'zoom', id: 1, metric: 'loss', xFrom: 0, xTo: 1 },
      { type: 'setBaseline', runId: 5 }, { type: 'setBaseline', runId: long },
      { type: 'setOnlyDifferences', on: 'yes' }, { type: 'setOnlyDifferences' },
      { type: 'setDirection', metric: 'loss', direction: 'sideways' }, { type: 'setDirection', metric: 'loss' },
      { type: 'sortRuns', sort: { rowId: 'x' } }, { type: 'sortRuns', sort: { rowId: 'x', descending: 1 } },
      { type: 'sortRuns', sort: { rowId: 'x', descending: true, type: 'y' } }, { type: 'sortRuns' },
      { type: 'exportTable', format: 'xlsx', target: 'file' }, { type: 'exportTable', format: 'csv', target: '/etc/passwd' },
      { type: 'exportTable', format: 'csv' },
      { type: 'setCodeRun' }, { type: 'setCodeRun', runId: '' }, { type: 'openDiff', path: 7 }, { type: 'openDiff', path: long },
      { type: 'openDiff', path: 'a', line: 1 },
      JSON.parse('{"type": "ready", "width": 800, "__proto__": {"polluted": true}}'),
    ];
    for (const message of hostile) assert.equal(parseFromCompareWebview(message), undefined, JSON.stringify(message) ?? String(message));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('restores panel state: the runs are required, other settings fall back to defaults', () => {
    const saved = {
      folder: '/w', runIds: ['a', 'b'], baselineRunId: 'b', chosenMetrics: ['loss'], directions: { gpu: 'higher' }, onlyDifferences: false,
      sort: { rowId: 'param:lr', descending: false }, xAxis: 'wallTime', zoom: { xFrom: 1, xTo: 2 }, codeRunId: 'a',
    };
    assert.deepEqual(parseComparePanelState(saved), saved);
    assert.deepEqual(parseComparePanelState({ folder: '/w', runIds: ['a'], directions: { loss: 'up', acc: 'higher' }, zoom: { xFrom: 2, xTo: 1 }, xAxis: 'epoch', sort: 'x' }), {
      folder: '/w', runIds: ['a'], baselineRunId: null, chosenMetrics: null, directions: { acc: 'higher' }, onlyDifferences: true, sort: null, xAxis: 'step', zoom: null, codeRunId: null,
    });
    for (const bad of [null, 'x', { folder: '/w' }, { folder: '/w', runIds: [] }, { folder: 1, runIds: ['a'] }, { folder: '/w', runIds: [1] }]) {
      assert.equal(parseComparePanelState(bad), undefined, JSON.stringify(bad));
    }
  });

  it('puts buckets on the wire as columns, NaN as null, non-finite points listed apart', () => {
    const columns = toSeriesColumns('r', {
      level: 2,
      buckets: [
        { firstX: 100, lastX: 109, count: 10, y: 1.5, min: 1, max: 2, nan: 0, posInf: 0, negInf: 0 },
        { firstX: 110, lastX: 119, count: 3, y: Number.NaN, min: Number.NaN, max: Number.NaN, nan: 2, posInf: 1, negInf: 0 },
      ],
    }, 100);
    assert.deepEqual(columns, { runId: 'r', firstX: [0, 10], lastX: [9, 19], y: [1.5, null], min: [1, null], max: [2, null], count: [10, 3], nonFinite: [[1, 2, 1, 0]], level: 2 });
    assert.deepEqual(JSON.parse(JSON.stringify(columns)), columns, 'survives JSON unchanged');
  });
});
