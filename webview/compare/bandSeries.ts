import type { CustomSeriesOption } from 'echarts/charts';
import { bandExtent, indexesWithin, stretches, type BandExtent } from './bandShape';

type RenderItem = NonNullable<CustomSeriesOption['renderItem']>;
type Api = Parameters<RenderItem>[1];

/** One run's min–max band as the chart draws it. */
export interface RunBand {
  xs: readonly number[];
  min: readonly (number | null)[];
  max: readonly (number | null)[];
  colour: string;
  /** Scales the band's own opacity: a dimmed run's band fades with its line. */
  opacity: number;
}

/**
 * Every run's min–max band: every finite value of every bucket lies inside it, so a spike that the
 * mean line smooths over still shows. One series for all runs, one data item per run (its band's
 * extent, so that the axes make room for it) drawn as one polygon per stretch without gaps. A
 * series per run made ECharts run its whole pipeline a hundred times more on every zoom frame, and
 * a data item per bucket made it diff, and call renderItem for, a thousand items per run.
 */
export function bandsSeries(bands: readonly RunBand[], logY: boolean): CustomSeriesOption {
  const drawn = bands.flatMap((band) => {
    const extent = bandExtent(band.xs, band.min, band.max);
    return extent ? [{ band, extent }] : [];
  });
  const renderItem: RenderItem = (params, api) => {
    const { band, extent } = drawn[params.dataIndex]!;
    const map = pixelMap(api, extent, logY);
    // Only the buckets in the plot (and one beyond each side, so the band runs to its edges): zoomed in, the rest is clipped anyway.
    const plot = params.coordSys as unknown as { x: number; width: number };
    const [first, last] = indexesWithin(band.xs, map.xAt(plot.x), map.xAt(plot.x + plot.width));
    return { type: 'group', children: stretches(band.min, band.max, first, last).map(([from, to]) => stretchShape(map.toPixel, band, from, to)) };
  };
  return {
    type: 'custom',
    id: 'bands',
    renderItem,
    data: drawn.map(({ extent }) => [extent.xFrom, extent.xTo, extent.yFrom, extent.yTo]),
    encode: { x: [0, 1], y: [2, 3] },
    clip: true,
    silent: true,
    progressive: 0,
    z: 1,
    tooltip: { show: false },
  };
}

type ToPixel = (x: number, y: number) => [number, number];
interface PixelMap {
  toPixel: ToPixel;
  /** The x value at a horizontal pixel. */
  xAt(pixel: number): number;
}

/**
 * Data to pixels for this frame from two api.coord calls: both axes are linear (value or time) in
 * x, and linear or logarithmic in y. One api.coord per band vertex was 2,000 calls a run a frame.
 */
function pixelMap(api: Api, extent: BandExtent, logY: boolean): PixelMap {
  const [x0, y0] = api.coord([extent.xFrom, extent.yFrom]) as [number, number];
  const [x1, y1] = api.coord([extent.xTo, extent.yTo]) as [number, number];
  const t = logY ? Math.log : (v: number) => v;
  const t0 = t(extent.yFrom);
  const xScale = extent.xTo === extent.xFrom ? 0 : (x1 - x0) / (extent.xTo - extent.xFrom);
  const yScale = extent.yTo === extent.yFrom ? 0 : (y1 - y0) / (t(extent.yTo) - t0);
  return {
    toPixel: (x, y) => [x0 + (x - extent.xFrom) * xScale, y0 + (t(y) - t0) * yScale],
    // A band of one x spans no pixels: every pixel is at its x.
    xAt: (pixel) => (xScale === 0 ? extent.xFrom : extent.xFrom + (pixel - x0) / xScale),
  };
}

/**
 * Silent shapes: zrender then builds their path straight onto the canvas, without keeping a copy
 * of every vertex for hit tests (a band is never pointed at).
 */
function stretchShape(toPixel: ToPixel, band: RunBand, from: number, to: number) {
  const { xs, min, max, colour, opacity } = band;
  // A lone bucket has no width: a vertical stroke from its min to its max.
  if (from === to) {
    const [x1, y1] = toPixel(xs[from]!, max[from]!);
    const [x2, y2] = toPixel(xs[from]!, min[from]!);
    return { type: 'line' as const, silent: true, shape: { x1, y1, x2, y2 }, style: { stroke: colour, opacity: 0.35 * opacity, lineWidth: 2 } };
  }
  const points: [number, number][] = [];
  for (let i = from; i <= to; i++) points.push(toPixel(xs[i]!, max[i]!));
  for (let i = to; i >= from; i--) points.push(toPixel(xs[i]!, min[i]!));
  return { type: 'polygon' as const, silent: true, shape: { points }, style: { fill: colour, opacity: 0.18 * opacity } };
}

/** Where a bucket of a run holds NaN or ±Infinity (such values have no y). */
export interface NonFiniteMark {
  x: number;
  colour: string;
}

/**
 * Marks buckets holding NaN or ±Infinity, every run's in one series: a triangle on the bottom edge
 * of the plot at the bucket's x, in its run's colour. The words for them are under the chart.
 */
export function nonFiniteSeries(marks: readonly NonFiniteMark[]): CustomSeriesOption {
  const renderItem: RenderItem = (params, api) => {
    const x = api.coord([api.value(0) as number, 1])[0]!;
    const system = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    if (x < system.x || x > system.x + system.width) return null;
    const bottom = system.y + system.height;
    const { colour } = marks[params.dataIndex]!;
    return { type: 'polygon', silent: true, shape: { points: [[x, bottom - 9], [x - 5, bottom], [x + 5, bottom]] }, style: { fill: colour, stroke: colour } };
  };
  return { type: 'custom', id: 'nonFinite', renderItem, data: marks.map(({ x }) => [x]), encode: { x: 0 }, silent: true, z: 4, tooltip: { show: false } };
}
