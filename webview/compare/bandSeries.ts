import type { CustomSeriesOption } from 'echarts/charts';

type RenderItem = NonNullable<CustomSeriesOption['renderItem']>;
type Api = Parameters<RenderItem>[1];

/**
 * The min–max band of one run: every finite value of every bucket lies inside it, so a spike that
 * the mean line smooths over still shows. Drawn as one polygon per stretch without gaps, from the
 * first item's renderItem call; the data still holds every bucket's min and max so that the y
 * axis makes room for them.
 */
export function bandSeries(id: string, name: string, colour: string, xs: readonly number[], min: readonly (number | null)[], max: readonly (number | null)[], opacity = 1): CustomSeriesOption {
  const renderItem: RenderItem = (params, api) => {
    if (params.dataIndex !== 0) return null;
    return { type: 'group', children: stretches(min, max).map(([from, to]) => stretchShape(api, xs, min, max, from, to, colour, opacity)) };
  };
  return {
    type: 'custom',
    id,
    name,
    renderItem,
    data: xs.map((x, i) => [x, min[i] ?? null, max[i] ?? null]),
    encode: { x: 0, y: [1, 2] },
    clip: true,
    silent: true,
    progressive: 0,
    z: 1,
    tooltip: { show: false },
  };
}

/** [first, last] index pairs of consecutive buckets with a band. */
function stretches(min: readonly (number | null)[], max: readonly (number | null)[]): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= min.length; i++) {
    const has = i < min.length && min[i] !== null && max[i] !== null;
    if (has && start < 0) start = i;
    if (!has && start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  }
  return out;
}

/** `opacity` scales the band's own: a dimmed run's band fades with its line. */
function stretchShape(api: Api, xs: readonly number[], min: readonly (number | null)[], max: readonly (number | null)[], from: number, to: number, colour: string, opacity: number) {
  const upper: number[][] = [];
  const lower: number[][] = [];
  for (let i = from; i <= to; i++) {
    upper.push(api.coord([xs[i]!, max[i]!]));
    lower.push(api.coord([xs[i]!, min[i]!]));
  }
  // A lone bucket has no width: a vertical stroke from its min to its max.
  if (from === to) return { type: 'line' as const, shape: { x1: upper[0]![0]!, y1: upper[0]![1]!, x2: lower[0]![0]!, y2: lower[0]![1]! }, style: { stroke: colour, opacity: 0.35 * opacity, lineWidth: 2 } };
  return { type: 'polygon' as const, shape: { points: [...upper, ...lower.reverse()] }, style: { fill: colour, opacity: 0.18 * opacity } };
}

/**
 * Marks buckets holding NaN or ±Infinity: a triangle on the bottom edge of the plot at the bucket's
 * x (such values have no y). The words for them are under the chart.
 */
export function nonFiniteSeries(id: string, name: string, colour: string, xs: readonly number[]): CustomSeriesOption {
  const renderItem: RenderItem = (params, api) => {
    const x = api.coord([api.value(0) as number, 1])[0]!;
    const system = params.coordSys as unknown as { x: number; y: number; width: number; height: number };
    if (x < system.x || x > system.x + system.width) return null;
    const bottom = system.y + system.height;
    return { type: 'polygon', shape: { points: [[x, bottom - 9], [x - 5, bottom], [x + 5, bottom]] }, style: { fill: colour, stroke: colour } };
  };
  return { type: 'custom', id, name, renderItem, data: xs.map((x) => [x]), encode: { x: 0 }, silent: true, z: 4, tooltip: { show: false } };
}
