// The compare webview's pure logic (keyboard zoom, table windowing), in plain Node; its drawing is
// tested in Chromium (test/webview).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TableRow } from '../../../src/core/compare/comparisonTable';
import { keyZoom } from '../../../webview/compare/keyboardZoom';
import { tableLines, visibleSlice } from '../../../webview/compare/tableLayout';

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
