import type { EChartsType } from './echartsSetup';
import { pixelMap, type PixelMap } from './pixelMap';
import { paintRuns, type PaintedRun, type PlotRect } from './runPaint';
import type { RunDrawing } from './runDrawing';

/** A frame that moves the axes this soon after the last one's end is a moving window (a wheel, a drag, the slider). */
const MOVING_MS = 100;
/** The full frame (every band) this long after the window's last move. */
const REST_MS = 120;

/**
 * Every run's line, band and marks, drawn on a canvas of our own over the chart, which ECharts'
 * one series per run made too slow at a hundred runs (8 frames a second while zooming, most of it
 * building and rasterising paths). ECharts keeps the axes, the grid and the zoom; after each of
 * its frames this layer redraws if the axes moved (a zoom) or the runs changed, through a pixel
 * map read from ECharts at the plot's corners.
 */
export class RunsLayer {
  /** What the last frame drew of each run (tests read it). */
  painted: readonly PaintedRun[] = [];
  /** The last frame's map from data to pixels; null before the first. */
  map: PixelMap | null = null;
  private drawings: readonly RunDrawing[] = [];
  private logY = false;
  private changed = true;
  /** The last frame's axes and size, to tell a frame that moved them. */
  private frameKey = '';
  /** When the last frame that moved the axes ended. */
  private lastMove = -Infinity;
  private rest: ReturnType<typeof setTimeout> | undefined;
  private lastPlot: PlotRect | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly chart: EChartsType,
    private readonly plotOf: (chart: EChartsType) => PlotRect,
  ) {}

  get runs(): readonly RunDrawing[] {
    return this.drawings;
  }

  /** New runs or styles: drawn at once, on the axes the new option set. */
  set(drawings: readonly RunDrawing[], logY: boolean): void {
    this.drawings = drawings;
    this.logY = logY;
    this.changed = true;
    this.draw();
  }

  /** The last frame's plot rectangle in CSS px (the pointer's, with `map`); null before the first. */
  plot(): PlotRect | null {
    return this.lastPlot;
  }

  /** After each of ECharts' frames: a frame that moved the axes is drawn, light while they keep moving. */
  draw(): void {
    const width = this.chart.getWidth();
    const height = this.chart.getHeight();
    const plot = this.plotOf(this.chart);
    const map = this.readMap(plot);
    if (!map) return;
    const key = [width, height, plot.x, plot.y, plot.width, plot.height, map.xAt(plot.x), map.xAt(plot.x + plot.width), map.y(1), map.y(2)].join();
    if (!this.changed && key === this.frameKey) return;
    const moved = !this.changed;
    // From the end of the last move's frame: a frame slower than MOVING_MS must not make every next one a full one.
    const moving = moved && performance.now() - this.lastMove < MOVING_MS;
    this.changed = false;
    this.frameKey = key;
    this.map = map;
    this.lastPlot = plot;
    this.paint(plot, map, width, height, moving);
    if (moved) this.lastMove = performance.now();
    clearTimeout(this.rest);
    if (moving) this.rest = setTimeout(() => this.paint(plot, map, width, height, false), REST_MS);
  }

  dispose(): void {
    clearTimeout(this.rest);
  }

  private paint(plot: PlotRect, map: PixelMap, width: number, height: number, moving: boolean): void {
    const ratio = window.devicePixelRatio || 1;
    const [w, h] = [Math.round(width * ratio), Math.round(height * ratio)];
    if (this.canvas.width !== w || this.canvas.height !== h) [this.canvas.width, this.canvas.height] = [w, h];
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    this.painted = paintRuns(ctx, plot, map, this.drawings, moving);
  }

  /** Data to pixels from where ECharts puts the plot's corners; null before its axes exist. */
  private readMap(plot: PlotRect): PixelMap | null {
    const left: [number, number] = [plot.x, plot.y + plot.height];
    const right: [number, number] = [plot.x + plot.width, plot.y];
    const a = this.chart.convertFromPixel({ gridIndex: 0 }, left) as number[] | undefined;
    const b = this.chart.convertFromPixel({ gridIndex: 0 }, right) as number[] | undefined;
    if (!a || !b || ![...a, ...b].every(Number.isFinite)) return null;
    return pixelMap([a[0]!, a[1]!], left, [b[0]!, b[1]!], right, this.logY);
  }
}
