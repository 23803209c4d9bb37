/** Where a run's band lies: its buckets' x and their min and max, over the buckets that have one. */
export interface BandExtent {
  xFrom: number;
  xTo: number;
  yFrom: number;
  yTo: number;
}

/** The band's extent; null when no bucket has a finite min and max. */
export function bandExtent(xs: readonly number[], min: readonly (number | null)[], max: readonly (number | null)[]): BandExtent | null {
  let extent: BandExtent | null = null;
  for (let i = 0; i < xs.length; i++) {
    const lo = min[i];
    const hi = max[i];
    if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
    const x = xs[i]!;
    if (!extent) extent = { xFrom: x, xTo: x, yFrom: lo, yTo: hi };
    else {
      extent.xFrom = Math.min(extent.xFrom, x);
      extent.xTo = Math.max(extent.xTo, x);
      extent.yFrom = Math.min(extent.yFrom, lo);
      extent.yTo = Math.max(extent.yTo, hi);
    }
  }
  return extent;
}

/** [first, last] index pairs of consecutive buckets with a band. */
export function stretches(min: readonly (number | null)[], max: readonly (number | null)[]): [number, number][] {
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
