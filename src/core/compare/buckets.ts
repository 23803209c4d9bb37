/**
 * What a chart draws for one pixel column of one run: a run of consecutive points summarised so
 * that no spike is lost. The line goes through `y`; the band from `min` to `max` contains every
 * finite value of the bucket. NaN and ±Infinity points have no place on a y axis: they are left
 * out of y and the band but counted, so the chart can mark them.
 */
export interface Bucket {
  /** Smallest and largest x of the bucket's points (its first and last, as points come sorted by x). */
  firstX: number;
  lastX: number;
  /** Every point, non-finite ones included. */
  count: number;
  /**
   * Mean of the finite values (NaN when there are none). The mean rather than the last value:
   * it is what the eye reads through a dense band, it does not jitter with the sampling, and
   * it merges exactly (a sum and a count) up the pyramid.
   */
  y: number;
  /** Smallest and largest finite value (NaN when there are none). */
  min: number;
  max: number;
  nan: number;
  posInf: number;
  negInf: number;
}

/** A bucket being filled: a sum rather than a mean so that buckets merge; no finite value yet leaves min +∞ and max -∞. */
export interface BucketSum {
  firstX: number;
  lastX: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  nan: number;
  posInf: number;
  negInf: number;
}

export function emptyBucketSum(): BucketSum {
  return {
    firstX: Number.POSITIVE_INFINITY,
    lastX: Number.NEGATIVE_INFINITY,
    count: 0,
    sum: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
    nan: 0,
    posInf: 0,
    negInf: 0,
  };
}

export function addPoint(bucket: BucketSum, x: number, value: number): void {
  bucket.count += 1;
  if (x < bucket.firstX) bucket.firstX = x;
  if (x > bucket.lastX) bucket.lastX = x;
  if (Number.isFinite(value)) {
    bucket.sum += value;
    if (value < bucket.min) bucket.min = value;
    if (value > bucket.max) bucket.max = value;
  } else if (Number.isNaN(value)) bucket.nan += 1;
  else if (value > 0) bucket.posInf += 1;
  else bucket.negInf += 1;
}

export function mergeInto(bucket: BucketSum, other: BucketSum): void {
  bucket.count += other.count;
  bucket.firstX = Math.min(bucket.firstX, other.firstX);
  bucket.lastX = Math.max(bucket.lastX, other.lastX);
  bucket.sum += other.sum;
  bucket.min = Math.min(bucket.min, other.min);
  bucket.max = Math.max(bucket.max, other.max);
  bucket.nan += other.nan;
  bucket.posInf += other.posInf;
  bucket.negInf += other.negInf;
}

export function finishBucket(bucket: BucketSum): Bucket {
  const finite = bucket.count - bucket.nan - bucket.posInf - bucket.negInf;
  return {
    firstX: bucket.firstX,
    lastX: bucket.lastX,
    count: bucket.count,
    y: finite > 0 ? bucket.sum / finite : Number.NaN,
    min: finite > 0 ? bucket.min : Number.NaN,
    max: finite > 0 ? bucket.max : Number.NaN,
    nan: bucket.nan,
    posInf: bucket.posInf,
    negInf: bucket.negInf,
  };
}
