import { indexesWithin } from './bandShape';
import { DIMMED, type RunShape } from './palette';
import type { PixelMap } from './pixelMap';
import type { RunDrawing } from './runDrawing';

export interface PlotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What was drawn of a run in a frame: its styles and its buckets in view (tests read it). */
export interface PaintedRun {
  runId: string;
  colour: string;
  dash: 'solid' | number[];
  lineWidth: number;
  lineAlpha: number;
  /** The faint raw line's opacity; null when not smoothed. */
  rawAlpha: number | null;
  /** The band's opacity; null when it waited for the window to rest. */
  bandAlpha: number | null;
  marker: RunShape | null;
  markers: number;
  dot: boolean;
  /** Its first and last bucket in view (one beyond each edge). */
  first: number;
  last: number;
}

/**
 * One pixel wide: software rasterisers (the webview without a GPU) draw a one-pixel line about
 * twenty times faster than a 1.5-pixel one, and a hundred runs' lines are drawn every zoom frame.
 */
const LINE_WIDTH = 1;
const HOVERED_WIDTH = 2.5;
const BAND_ALPHA = 0.18;
const RAW_ALPHA = 0.3;
/** About this many markers along a line: enough to tell its shape, few enough not to hide it. */
const MARKERS_PER_LINE = 10;
const MARKER_SIZE = 6;
const DOT_SIZE = 8;
/**
 * Band columns drawn in a frame while the window moves: more (about twenty runs' bands across the
 * plot) would cost that frame more than its 16 ms, so the bands then wait until the window rests.
 */
export const MOVING_BAND_COLUMNS = 20_000;

/**
 * Draws the runs on the plot: every band, then the faint raw lines, the lines and their markers,
 * the hovered run's on top, then marks for non-finite buckets on the plot's bottom edge. `moving`:
 * the window is moving, so bands wait if they would take too long.
 */
export function paintRuns(ctx: CanvasRenderingContext2D, plot: PlotRect, map: PixelMap, drawings: readonly RunDrawing[], moving: boolean): PaintedRun[] {
  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.width, plot.height);
  ctx.clip();
  const inView = drawings.map((d) => indexesWithin(d.xs, map.xAt(plot.x), map.xAt(plot.x + plot.width)));
  const columns = inView.reduce((sum, [first, last]) => sum + Math.min(plot.width, last - first + 1), 0);
  const bands = !moving || columns <= MOVING_BAND_COLUMNS;
  const painted = drawings.map((d, i): PaintedRun => {
    const [first, last] = inView[i]!;
    const alpha = d.focus === 'dimmed' ? DIMMED : 1;
    const band = bands || d.focus === 'hovered';
    if (band) paintBand(ctx, plot, map, d, first, last, BAND_ALPHA * alpha);
    return {
      runId: d.runId, colour: d.style.colour, dash: d.style.dash, first, last,
      lineWidth: d.focus === 'hovered' ? HOVERED_WIDTH : LINE_WIDTH, lineAlpha: alpha, rawAlpha: d.raw ? RAW_ALPHA * alpha : null, bandAlpha: band ? BAND_ALPHA * alpha : null,
      marker: d.single ? null : d.style.marker, markers: 0, dot: d.single,
    };
  });
  // The hovered run last, on top of the others.
  const order = drawings.map((_, i) => i).sort((a, b) => Number(drawings[a]!.focus === 'hovered') - Number(drawings[b]!.focus === 'hovered'));
  for (const i of order) {
    const d = drawings[i]!;
    const p = painted[i]!;
    if (d.raw && p.rawAlpha !== null) paintLine(ctx, map, d, d.raw, p.first, p.last, p.lineWidth, p.rawAlpha);
    paintLine(ctx, map, d, d.y, p.first, p.last, p.lineWidth, p.lineAlpha);
    p.markers = paintMarkers(ctx, map, d, p);
  }
  for (const d of drawings) paintNonFinite(ctx, plot, map, d);
  ctx.restore();
  return painted;
}

/**
 * The band as one vertical stroke per pixel column, from each bucket's max to its min (every
 * finite value of the bucket lies on it), over the bucket's columns up to the next bucket's. One-
 * pixel strokes on whole columns draw fast where a polygon through a thousand buckets' corners is
 * a hundred times slower to fill.
 */
function paintBand(ctx: CanvasRenderingContext2D, plot: PlotRect, map: PixelMap, d: RunDrawing, first: number, last: number, alpha: number): void {
  const left = Math.floor(plot.x) - 1;
  const right = Math.ceil(plot.x + plot.width);
  ctx.beginPath();
  for (let i = first; i <= last; i++) {
    const lo = d.min[i];
    const hi = d.max[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
    const top = map.y(hi);
    const bottom = map.y(lo);
    const from = Math.round(map.x(d.firstX[i]!));
    const next = i + 1 < d.xs.length && d.min[i + 1] !== null && d.max[i + 1] !== null ? Math.round(map.x(d.firstX[i + 1]!)) - 1 : -Infinity;
    const to = Math.min(right, Math.max(from, Math.round(map.x(d.lastX[i]!)), next));
    for (let column = Math.max(left, from); column <= to; column++) {
      ctx.moveTo(column + 0.5, top);
      ctx.lineTo(column + 0.5, bottom);
    }
  }
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = d.style.colour;
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.stroke();
}

/** A line through the buckets first…last, broken where a bucket has no finite value. */
function paintLine(ctx: CanvasRenderingContext2D, map: PixelMap, d: RunDrawing, ys: readonly (number | null)[], first: number, last: number, width: number, alpha: number): void {
  ctx.beginPath();
  let down = false;
  for (let i = first; i <= last; i++) {
    const y = ys[i];
    if (y === null || y === undefined) {
      down = false;
      continue;
    }
    if (down) ctx.lineTo(map.x(d.xs[i]!), map.y(y));
    else ctx.moveTo(map.x(d.xs[i]!), map.y(y));
    down = true;
  }
  ctx.globalAlpha = alpha;
  ctx.strokeStyle = d.style.colour;
  ctx.lineWidth = width;
  ctx.lineJoin = 'bevel';
  ctx.setLineDash(d.style.dash === 'solid' ? [] : d.style.dash);
  ctx.stroke();
}

/**
 * The run's marker shape at about MARKERS_PER_LINE of its buckets (staggered by run), or its one
 * point as a dot in its shape; how many were drawn.
 */
function paintMarkers(ctx: CanvasRenderingContext2D, map: PixelMap, d: RunDrawing, p: PaintedRun): number {
  const shape = d.single ? d.style.shape : d.style.marker;
  if (!shape) return 0;
  const every = d.single ? 1 : Math.max(1, Math.round(d.xs.length / MARKERS_PER_LINE));
  const size = d.single ? DOT_SIZE : MARKER_SIZE;
  const empty = shape.startsWith('empty');
  ctx.beginPath();
  let drawn = 0;
  for (let i = p.first; i <= p.last; i++) {
    const y = d.y[i];
    if (y === null || y === undefined || i % every !== d.markerOffset % every) continue;
    shapePath(ctx, shape, map.x(d.xs[i]!), map.y(y), size / 2);
    drawn++;
  }
  ctx.globalAlpha = p.lineAlpha;
  ctx.setLineDash([]);
  if (empty) {
    ctx.strokeStyle = d.style.colour;
    ctx.lineWidth = 1.5;
    ctx.stroke();
  } else {
    ctx.fillStyle = d.style.colour;
    ctx.fill();
  }
  return drawn;
}

/** Adds a marker's outline, centred at x, y with radius r, to the current path. */
function shapePath(ctx: CanvasRenderingContext2D, shape: RunShape, x: number, y: number, r: number): void {
  const kind = shape.startsWith('empty') ? shape.slice('empty'.length).toLowerCase() : shape;
  if (kind === 'circle') {
    ctx.moveTo(x + r, y);
    ctx.arc(x, y, r, 0, 2 * Math.PI);
  } else if (kind === 'rect') {
    ctx.rect(x - r, y - r, 2 * r, 2 * r);
  } else {
    const corners: [number, number][] = kind === 'triangle' ? [[x, y - r], [x + r, y + r], [x - r, y + r]] : [[x, y - r], [x + r, y], [x, y + r], [x - r, y]];
    ctx.moveTo(...corners[0]!);
    for (const corner of corners.slice(1)) ctx.lineTo(...corner);
    ctx.closePath();
  }
}

/** A triangle on the plot's bottom edge at each bucket holding NaN or ±Infinity (such values have no y); the words are under the chart. */
function paintNonFinite(ctx: CanvasRenderingContext2D, plot: PlotRect, map: PixelMap, d: RunDrawing): void {
  if (d.nonFinite.length === 0) return;
  const bottom = plot.y + plot.height;
  ctx.beginPath();
  for (const i of d.nonFinite) {
    const x = map.x(d.xs[i]!);
    if (x < plot.x || x > plot.x + plot.width) continue;
    ctx.moveTo(x, bottom - 9);
    ctx.lineTo(x - 5, bottom);
    ctx.lineTo(x + 5, bottom);
    ctx.closePath();
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = d.style.colour;
  ctx.fill();
}
