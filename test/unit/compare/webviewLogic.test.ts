// The compare webview's pure logic (keyboard zoom, table windowing), in plain Node; its drawing is
// tested in Chromium (test/webview).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableRow } from '../../../src/core/compare/comparisonTable';
import { bandExtent, indexesWithin, stretches } from '../../../webview/compare/bandShape';
import { keyZoom } from '../../../webview/compare/keyboardZoom';
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

  it('cuts stretches at gaps, within a range of buckets when given one', () => {
    assert.deepEqual(stretches(min, max), [[0, 0], [2, 5]]);
    assert.deepEqual(stretches(min, max, 3, 4), [[3, 4]]);
    assert.deepEqual(stretches(min, max, 1, 1), []);
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
