import { addPoint, emptyBucketSum, finishBucket, mergeInto, type Bucket, type BucketSum } from './buckets';

/** The x range a chart shows and its width in pixels: one bucket per pixel column at most. */
export interface XWindow {
  xFrom: number;
  xTo: number;
  width: number;
}

/** The pixel column of x: [xFrom, xTo] cut into `width` equal columns, xTo in the last; x outside is clamped to the edge columns. */
export function pixelOf(x: number, window: XWindow): number {
  const span = window.xTo - window.xFrom;
  if (!(span > 0)) return 0;
  const pixel = Math.floor(((x - window.xFrom) / span) * window.width);
  return Math.min(window.width - 1, Math.max(0, pixel));
}

/**
 * Min/max downsampling of raw points sorted by x (step, wall time or relative time: the caller
 * picks the x values): the points with x in [xFrom, xTo] go to the pixel column of their x, and
 * each non-empty column becomes one Bucket. So there are at most `width` buckets, their counts add
 * up to the points in range, and each bucket's band contains every finite value of its points.
 */
export function downsample(xs: ArrayLike<number>, ys: ArrayLike<number>, window: XWindow): Bucket[] {
  const buckets: Bucket[] = [];
  let current: BucketSum | undefined;
  let currentPixel = -1;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (x < window.xFrom || x > window.xTo) continue;
    const pixel = pixelOf(x, window);
    if (pixel !== currentPixel) {
      if (current) buckets.push(finishBucket(current));
      current = emptyBucketSum();
      currentPixel = pixel;
    }
    addPoint(current!, x, ys[i]!);
  }
  if (current) buckets.push(finishBucket(current));
  return buckets;
}

/**
 * The same for summaries of runs of points (the pyramid's buckets), sorted by x: each goes whole
 * to the column of its first x, so a bucket's band still contains every point it stands for,
 * though its x extent may reach into the next column (or past the window's edges).
 */
export function downsampleSums(sums: Iterable<BucketSum>, window: XWindow): Bucket[] {
  const buckets: Bucket[] = [];
  let current: BucketSum | undefined;
  let currentPixel = -1;
  for (const sum of sums) {
    const pixel = pixelOf(sum.firstX, window);
    if (pixel !== currentPixel) {
      if (current) buckets.push(finishBucket(current));
      current = emptyBucketSum();
      currentPixel = pixel;
    }
    mergeInto(current!, sum);
  }
  if (current) buckets.push(finishBucket(current));
  return buckets;
}
