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

/**
 * [first, last] indexes of the ascending `xs` that lie in xFrom…xTo, widened by one each side (a
 * line to the next bucket crosses the window's edge); at least one index when xs has any.
 */
export function indexesWithin(xs: readonly number[], xFrom: number, xTo: number): [number, number] {
  const first = Math.max(0, firstAtLeast(xs, xFrom) - 1);
  const last = Math.min(xs.length - 1, firstAtLeast(xs, xTo, true));
  return [first, last];
}

/** The index of the first x >= `value` (> with `after`); xs.length when none. */
function firstAtLeast(xs: readonly number[], value: number, after = false): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after ? xs[mid]! <= value : xs[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
