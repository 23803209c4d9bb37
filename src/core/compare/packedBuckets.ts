import { emptyBucketSum, type BucketSum } from './buckets';

/**
 * Summaries of runs of consecutive points packed as FIELDS float64 values each, so that a chunk
 * of them is one Float64Array (a BLOB in the store's pyramid) and summarising a million points
 * allocates nothing per point. Points run in (step, timestamp) order; a summary keeps both axes
 * (steps and times), so one pyramid serves charts by step and by time.
 */
export const FIELDS = 11;
export const COUNT = 0;
/** Steps of the first and last point: points are in step order, so also the smallest and largest step. */
export const FIRST_STEP = 1;
export const LAST_STEP = 2;
export const MIN_TIME = 3;
export const MAX_TIME = 4;
/** Sum of the finite values; MIN and MAX are ±∞ while there is none. */
export const SUM = 5;
export const MIN = 6;
export const MAX = 7;
export const NAN = 8;
export const POS_INF = 9;
export const NEG_INF = 10;

export function clearSummary(data: Float64Array, at: number): void {
  data.fill(0, at, at + FIELDS);
  data[at + MIN_TIME] = data[at + MIN] = Number.POSITIVE_INFINITY;
  data[at + MAX_TIME] = data[at + MAX] = Number.NEGATIVE_INFINITY;
}

/** Adds the next point (in step order) to the summary at `at`. */
export function foldPoint(data: Float64Array, at: number, step: number, time: number, value: number): void {
  if (data[at + COUNT] === 0) data[at + FIRST_STEP] = step;
  data[at + COUNT]! += 1;
  data[at + LAST_STEP] = step;
  if (time < data[at + MIN_TIME]!) data[at + MIN_TIME] = time;
  if (time > data[at + MAX_TIME]!) data[at + MAX_TIME] = time;
  if (Number.isFinite(value)) {
    data[at + SUM]! += value;
    if (value < data[at + MIN]!) data[at + MIN] = value;
    if (value > data[at + MAX]!) data[at + MAX] = value;
  } else if (Number.isNaN(value)) data[at + NAN]! += 1;
  else if (value > 0) data[at + POS_INF]! += 1;
  else data[at + NEG_INF]! += 1;
}

/** Adds the next summary (in step order) `from` at `fromAt` to the summary at `at`. */
export function foldSummary(data: Float64Array, at: number, from: Float64Array, fromAt: number): void {
  if (data[at + COUNT] === 0) data[at + FIRST_STEP] = from[fromAt + FIRST_STEP]!;
  data[at + COUNT]! += from[fromAt + COUNT]!;
  data[at + LAST_STEP] = from[fromAt + LAST_STEP]!;
  data[at + MIN_TIME] = Math.min(data[at + MIN_TIME]!, from[fromAt + MIN_TIME]!);
  data[at + MAX_TIME] = Math.max(data[at + MAX_TIME]!, from[fromAt + MAX_TIME]!);
  data[at + SUM]! += from[fromAt + SUM]!;
  data[at + MIN] = Math.min(data[at + MIN]!, from[fromAt + MIN]!);
  data[at + MAX] = Math.max(data[at + MAX]!, from[fromAt + MAX]!);
  data[at + NAN]! += from[fromAt + NAN]!;
  data[at + POS_INF]! += from[fromAt + POS_INF]!;
  data[at + NEG_INF]! += from[fromAt + NEG_INF]!;
}

/** The x of a chart from a pyramid: steps, or timestamps (wall or relative time). */
export type PyramidAxis = 'step' | 'time';

/** The summary at `at` as a BucketSum on the step axis or the time axis, written into `into` when given. */
export function toBucketSum(data: Float64Array, at: number, axis: PyramidAxis, into: BucketSum = emptyBucketSum()): BucketSum {
  into.firstX = data[at + (axis === 'step' ? FIRST_STEP : MIN_TIME)]!;
  into.lastX = data[at + (axis === 'step' ? LAST_STEP : MAX_TIME)]!;
  into.count = data[at + COUNT]!;
  into.sum = data[at + SUM]!;
  into.min = data[at + MIN]!;
  into.max = data[at + MAX]!;
  into.nan = data[at + NAN]!;
  into.posInf = data[at + POS_INF]!;
  into.negInf = data[at + NEG_INF]!;
  return into;
}

/** The positions in `data` of the summaries whose x range on `axis` meets [xFrom, xTo], in order. */
export function summariesMeeting(data: Float64Array, axis: PyramidAxis, xFrom: number, xTo: number): number[] {
  const [first, last] = axis === 'step' ? [FIRST_STEP, LAST_STEP] : [MIN_TIME, MAX_TIME];
  const meeting: number[] = [];
  for (let at = 0, i = 0; at < data.length; at += FIELDS, i++) if (data[at + last]! >= xFrom && data[at + first]! <= xTo) meeting.push(i);
  return meeting;
}

/**
 * The summaries at `positions` of `data` as BucketSums, one object rewritten for each: a chart
 * reads thousands per series, and downsampleSums copies what it reads.
 */
export function* packedSums(data: Float64Array, positions: readonly number[], axis: PyramidAxis): Generator<BucketSum> {
  const sum = emptyBucketSum();
  for (const i of positions) yield toBucketSum(data, i * FIELDS, axis, sum);
}

/** The summaries packed in `data` as BucketSums, with their index in their level (`data` starts at summary `first`). */
export function toBucketSums(data: Float64Array, first: number, axis: PyramidAxis): { index: number; sum: BucketSum }[] {
  const sums: { index: number; sum: BucketSum }[] = [];
  for (let at = 0; at < data.length; at += FIELDS) sums.push({ index: first + at / FIELDS, sum: toBucketSum(data, at, axis) });
  return sums;
}

/** The position in `data` of the first summary whose `field` is `value`, or -1. */
export function findSummary(data: Float64Array, field: number, value: number): number {
  for (let at = 0; at < data.length; at += FIELDS) if (data[at + field] === value) return at / FIELDS;
  return -1;
}
