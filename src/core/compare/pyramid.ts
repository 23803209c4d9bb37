import { clearSummary, FIELDS, foldPoint, foldSummary } from './packedBuckets';

/**
 * The min/max pyramid of one metric series, in memory. Points are ranked in (step, timestamp,
 * arrival) order; a summary of level L (1, 2, …) stands for the FAN_OUT^L points of ranks
 * [i·FAN_OUT^L, (i+1)·FAN_OUT^L), the last one of a level for fewer. Levels are stored in chunks of
 * CHUNK summaries; levels go up to the first that fits in one chunk (the top), so a query starts
 * from one chunk and descends. Because summaries are ranges of ranks, every summary but the last
 * of each level is final: appending points in order changes only the tail of each level.
 */
export const FAN_OUT = 16;
/** A multiple of FAN_OUT, so the children of a summary are always in one chunk. */
export const CHUNK = 64;
/**
 * Series smaller than this have no pyramid. A chart of 256 px or more reads such a series raw
 * anyway (its level 1 would have fewer than 256 summaries), and reading 4,096 points takes about a
 * millisecond; so the store keeps none and imports of small series pay nothing.
 */
export const MIN_POINTS = 4096;

export function span(level: number): number {
  return FAN_OUT ** level;
}

/** Number of summaries of a level for a series of `count` points. */
export function levelSize(count: number, level: number): number {
  return Math.ceil(count / span(level));
}

export function topLevel(count: number): number {
  let level = 1;
  while (levelSize(count, level) > CHUNK) level += 1;
  return level;
}

/** A stretch of one level: summaries [first, first + size), packed in data. */
export interface LevelTail {
  first: number;
  size: number;
  data: Float64Array;
}

/**
 * What to load of a level before extending a pyramid that is valid for the series' first `from`
 * points and stored up to level `storedTop` (0: none): the first chunk, and how many summaries of
 * the level stay as they are (counted from 0). Level 1 keeps its last, partial summary, which holds
 * exactly the points before `from`, and goes on filling it; higher levels are recomputed from the
 * first summary whose children change. The stored top level is loaded whole (it is one chunk), as
 * a new level above it is built from all of it.
 */
export function tailPlan(level: number, from: number, storedTop: number): { firstChunk: number; keep: number } {
  if (level > storedTop) return { firstChunk: 0, keep: 0 };
  const keep = level === 1 ? Math.ceil(from / FAN_OUT) : Math.floor(from / span(level));
  const firstChunk = level === storedTop ? 0 : Math.floor(Math.floor(from / span(level)) / CHUNK);
  return { firstChunk, keep };
}

export interface PointBatch {
  steps: ArrayLike<number>;
  timestamps: ArrayLike<number>;
  values: ArrayLike<number>;
  length: number;
}

/**
 * Extends a pyramid by `points`, the points of ranks from, from + 1, …, in that order. `kept` holds,
 * for each level 1, 2, … that tailPlan says to load, the summaries it keeps (from the plan's first
 * chunk). Returns every level's tail, from the kept summaries' first chunk to the level's new end:
 * the chunks to write back.
 */
export function extendPyramid(kept: readonly LevelTail[], from: number, points: PointBatch): LevelTail[] {
  const count = from + points.length;
  const tails: LevelTail[] = [];
  for (let level = 1; level <= topLevel(count); level++) {
    const old = kept[level - 1] ?? { first: 0, size: 0, data: new Float64Array(0) };
    const tail: LevelTail = { first: old.first, size: levelSize(count, level) - old.first, data: new Float64Array(0) };
    tail.data = new Float64Array(tail.size * FIELDS);
    tail.data.set(old.data.subarray(0, old.size * FIELDS));
    if (level === 1) foldPoints(tail, from, points);
    else foldChildren(tail, old.first + old.size, tails[level - 2]!);
    tails.push(tail);
  }
  return tails;
}

function foldPoints(tail: LevelTail, from: number, points: PointBatch): void {
  let at = (Math.floor(from / FAN_OUT) - tail.first) * FIELDS;
  let filled = from % FAN_OUT;
  const { steps, timestamps, values } = points;
  for (let i = 0; i < points.length; i++) {
    if (filled === 0) clearSummary(tail.data, at);
    foldPoint(tail.data, at, steps[i]!, timestamps[i]!, values[i]!);
    if (++filled === FAN_OUT) {
      filled = 0;
      at += FIELDS;
    }
  }
}

/** Recomputes the level's summaries from `start` on out of their children (the level below, whose tail must reach back to start·FAN_OUT). */
function foldChildren(tail: LevelTail, start: number, children: LevelTail): void {
  const childEnd = children.first + children.size;
  for (let parent = start; parent < tail.first + tail.size; parent++) {
    const at = (parent - tail.first) * FIELDS;
    clearSummary(tail.data, at);
    for (let child = parent * FAN_OUT; child < Math.min(childEnd, (parent + 1) * FAN_OUT); child++) {
      foldSummary(tail.data, at, children.data, (child - children.first) * FIELDS);
    }
  }
}

/**
 * The smallest step among points appended out of order, or undefined when each sorts after the
 * one before it, the first after the series' last point (step, then timestamp; ties keep arrival order).
 */
export function earliestOutOfOrderStep(lastStep: number, lastTimestamp: number, added: PointBatch): number | undefined {
  let earliest = Number.POSITIVE_INFINITY;
  let inOrder = true;
  for (let i = 0; i < added.length; i++) {
    const step = added.steps[i]!;
    const time = added.timestamps[i]!;
    if (step < lastStep || (step === lastStep && time < lastTimestamp)) inOrder = false;
    else {
      lastStep = step;
      lastTimestamp = time;
    }
    if (step < earliest) earliest = step;
  }
  return inOrder ? undefined : earliest;
}
