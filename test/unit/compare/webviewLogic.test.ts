// The compare webview's pure logic (keyboard zoom, table windowing, the runs layer's map and pointer), in plain Node; its drawing is
// tested in Chromium (test/webview).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableRow } from '../../../src/core/compare/comparisonTable';
import { bandExtent, indexesWithin } from '../../../webview/compare/bandShape';
import type { MetricChart } from '../../../src/protocol/compare';
import { keyZoom } from '../../../webview/compare/keyboardZoom';
import { pixelMap } from '../../../webview/compare/pixelMap';
import { runDrawings } from '../../../webview/compare/runDrawing';
import { HIT_PX, runAt, valuesAt } from '../../../webview/compare/runPointer';
import { tableLines, visibleSlice } from '../../../webview/compare/tableLayout';
import { zoomedWindow } from '../../../webview/compare/zoomEvent';

const EXTENT = { xFrom: 0, xTo: 100 };

describe('compare webview: keyboard zoom', () => {
  it('zooms in around the middle, out up to the whole extent, and 0 shows everything', () => {
    assert.deepEqual(keyZoom('+', EXTENT, EXTENT), { xFrom: 25, xTo: 75 });
    assert.deepEqual(keyZoom('=', { xFrom: 20, xTo: 40 }, EXTENT), { xFrom: 25, xTo: 35 });
    assert.deepEqual(keyZoom('-', { xFrom: 40, xTo: 60 }, EXTENT), { xFrom: 30, xTo: 70 });
    assert.equal(keyZoom('-', { xFrom: 10, xTo: 90 }, EXTENT), null, 'zooming out past the extent shows everything');
    assert.equal(keyZoom('0', { xFrom: 10, xTo: 20 }, EXTENT), null);
  });

  it('pans by a fifth and stops at the edges, keeping the width', () => {
    assert.deepEqual(keyZoom('ArrowRight', { xFrom: 10, xTo: 20 }, EXTENT), { xFrom: 12, xTo: 22 });
    assert.deepEqual(keyZoom('ArrowLeft', { xFrom: 1, xTo: 11 }, EXTENT), { xFrom: 0, xTo: 10 });
    assert.deepEqual(keyZoom('ArrowRight', { xFrom: 89, xTo: 99 }, EXTENT), { xFrom: 90, xTo: 100 });
  });

  it('ignores other keys', () => {
    for (const key of ['a', 'Enter', 'ArrowUp', ' ']) assert.equal(keyZoom(key, EXTENT, EXTENT), undefined, key);
  });
});

describe('compare webview: the window a datazoom event moved to', () => {
  it('reads percentages of the extent (wheel, slider) and values (keys), a wheel\'s from its batch', () => {
    assert.deepEqual(zoomedWindow({ type: 'datazoom', start: 25, end: 50 }, EXTENT), { xFrom: 25, xTo: 50 });
    assert.deepEqual(zoomedWindow({ type: 'datazoom', batch: [{ dataZoomId: 'x', start: 10, end: 30 }] }, { xFrom: 100, xTo: 300 }), { xFrom: 120, xTo: 160 });
    assert.deepEqual(zoomedWindow({ type: 'datazoom', startValue: 12, endValue: 40 }, EXTENT), { xFrom: 12, xTo: 40 });
  });

  it('says everything (null) for the whole extent, and nothing (undefined) for an event without both ends', () => {
    assert.equal(zoomedWindow({ start: 0, end: 100 }, EXTENT), null);
    assert.equal(zoomedWindow({ startValue: -5, endValue: 100 }, EXTENT), null);
    assert.equal(zoomedWindow({ start: 10 }, EXTENT), undefined);
    assert.equal(zoomedWindow({ batch: [] }, EXTENT), undefined);
  });
});

describe('compare webview: band shapes', () => {
  const xs = [0, 10, 20, 30, 40, 50];
  const min = [1, null, 2, 3, 0.5, 4];
  const max = [2, null, 5, 4, 1, 6];

  it('spans the buckets that have a band, and nothing when none has', () => {
    assert.deepEqual(bandExtent(xs, min, max), { xFrom: 0, xTo: 50, yFrom: 0.5, yTo: 6 });
    assert.equal(bandExtent([0, 1], [null, null], [null, null]), null);
  });

  it('finds the buckets in an x window with one more each side, clamped to the ends', () => {
    assert.deepEqual(indexesWithin(xs, 15, 35), [1, 4]);
    assert.deepEqual(indexesWithin(xs, 20, 30), [1, 4]);
    assert.deepEqual(indexesWithin(xs, -100, 100), [0, 5]);
    assert.deepEqual(indexesWithin(xs, 12, 13), [1, 2], 'between two buckets: both, for the band crossing the window');
  });
});

describe('compare webview: table windowing', () => {
  it('draws the items in view plus a margin, never past either end', () => {
    assert.deepEqual(visibleSlice(0, 100, 20, 1000, 2), { start: 0, end: 7 });
    assert.deepEqual(visibleSlice(2000, 100, 20, 1000, 2), { start: 98, end: 107 });
    assert.deepEqual(visibleSlice(19_990, 100, 20, 1000, 2), { start: 997, end: 1000 });
    assert.deepEqual(visibleSlice(50_000, 100, 20, 1000, 2), { start: 1000, end: 1000 }, 'scrolled past the end: nothing');
    assert.deepEqual(visibleSlice(0, -5, 20, 10, 0), { start: 0, end: 0 }, 'no viewport yet');
  });

  it('puts each section under one heading with its row count, and a folded section keeps only its heading', () => {
    const row = (section: TableRow['section'], key: string) => ({ id: `${section}:${key}`, section, key, format: 'text', values: [], differs: true, direction: null, best: [], deltas: null }) as TableRow;
    const rows = [row('run', 'status'), row('param', 'lr'), row('param', 'seed'), row('metric', 'loss')];
    const lines = tableLines(rows, new Set(['param']));
    assert.deepEqual(
      lines.map((l) => (l.kind === 'section' ? `# ${l.section} ${l.count}` : l.row.id)),
      ['# run 1', 'run:status', '# param 2', '# metric 1', 'metric:loss'],
    );
  });
});

describe('compare webview: the runs layer\'s pixels and pointer', () => {
  // A plot whose x 0…100 spans pixels 50…250 and whose y 0…10 spans pixels 300…100 (up).
  const map = pixelMap([0, 0], [50, 300], [100, 10], [250, 100], false);
  const theme = { runColours: ['#111111', '#222222'], foreground: '#000', muted: '#666', grid: '#ccc', background: '#fff', font: 'sans-serif' };
  const series = (runId: string, y: (number | null)[]) => ({
    runId, firstX: y.map((_, i) => i * 10), lastX: y.map((_, i) => i * 10), y, min: y, max: y, count: y.map(() => 1), nonFinite: [] as [number, number, number, number][],
  });
  const chart = { metric: 'loss', kind: 'lines' as const, direction: null, range: null, extent: null, series: [series('a', [0, 1, 2, 3, 4, 5]), series('b', [5, 5, null, 5, 5, 5]), series('c', [null, 7, null])] };
  const runs = new Map(['a', 'b', 'c'].map((id, i) => [id, { id, name: id, qualifier: null, experiment: 'e', status: 'finished' as const, colour: i }]));
  const drawings = runDrawings({ chart: chart as unknown as MetricChart, runs, theme, smoothing: 0, hovered: 'b' });

  it('maps data to pixels through two points, linear and logarithmic, and back', () => {
    assert.deepEqual([map.x(0), map.y(0), map.x(100), map.y(10), map.x(50), map.y(5)], [50, 300, 250, 100, 150, 200]);
    assert.equal(map.xAt(150), 50);
    const log = pixelMap([1, 1], [0, 200], [10, 100], [100, 0], true);
    assert.deepEqual([1, 10, 100].map((v) => Math.round(log.y(v) * 1e9) / 1e9 + 0), [200, 100, 0], 'each tenfold the same pixels');
    const flat = pixelMap([5, 5], [10, 10], [5, 5], [10, 10], false);
    assert.deepEqual([flat.x(99), flat.y(99), flat.xAt(1234)], [10, 10, 5], 'a single point: everything at its pixel');
  });

  it('draws a run of one finite value as a dot, and marks the hovered run', () => {
    assert.deepEqual(drawings.map((d) => [d.runId, d.single, d.focus]), [['a', false, 'dimmed'], ['b', false, 'hovered'], ['c', true, 'dimmed']]);
    assert.deepEqual(drawings.map((d) => d.xs.length), [6, 6, 3]);
  });

  it('names the run whose line passes within a few pixels of the pointer, the nearest of several', () => {
    // Run a at x 25 (between buckets 2 and 3) is at y 2.5: pixel 100, 250.
    assert.equal(runAt(drawings, map, 100, 250), 'a');
    assert.equal(runAt(drawings, map, 100, 250 + 2 * HIT_PX), null, 'too far below (the line runs at 45°: 7 px from it)');
    // Run b is at y 5 (pixel 200) but has no value at x 20: its line breaks there.
    assert.equal(runAt(drawings, map, 90, 200), null, 'in the gap of b');
    assert.equal(runAt(drawings, map, 130, 201), 'b');
    // Run c is one point (x 10, y 7: pixel 70, 160).
    assert.equal(runAt(drawings, map, 72, 162), 'c');
  });

  it('gives each run\'s value at the bucket nearest the pointer, leaving out runs that do not reach it', () => {
    assert.deepEqual(valuesAt(drawings, 21, 3), { x: 20, values: [{ runId: 'a', y: 2 }, { runId: 'b', y: null }, { runId: 'c', y: null }] });
    assert.deepEqual(valuesAt(drawings, 48, 3), { x: 50, values: [{ runId: 'a', y: 5 }, { runId: 'b', y: 5 }] }, 'c ends at 20');
    assert.equal(valuesAt([], 5, 3), null);
  });
});
