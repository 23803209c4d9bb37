import type Database from 'better-sqlite3';
import type { Bucket } from '../core/compare/buckets';
import { downsample, downsampleSums, type XWindow } from '../core/compare/downsample';
import { COUNT, FIELDS, findSummary, FIRST_STEP, LAST_STEP, MAX, MIN, MIN_TIME, packedSums, summariesMeeting, toBucketSums, type PyramidAxis } from '../core/compare/packedBuckets';
import {
  CHUNK,
  earliestOutOfOrderStep,
  extendPyramid,
  FAN_OUT,
  levelSize,
  MIN_POINTS,
  tailPlan,
  topLevel,
  type LevelTail,
  type PointBatch,
} from '../core/compare/pyramid';
import { withBusyRetry } from './busy';
import { stepRangeReader, type StepRangeReader } from './stepRange';

export interface SeriesWindow extends XWindow {
  axis: PyramidAxis;
}

export interface SeriesAnswer {
  /** At most `width` buckets, sorted by x (see docs/decisions.md for what they promise). */
  buckets: Bucket[];
  /** The pyramid level the buckets were made from; 0 when from the raw points. */
  level: number;
  /**
   * Set for a series pulled from the team store when the window wants finer detail than the coarse
   * levels this store holds: full resolution is fetched from the team store (team/points.ts).
   */
  finerOnTeamStore?: true;
}

/** A series as it was before an append: its point count and the sort key of its last point. */
export interface SeriesBefore {
  count: number;
  lastStep: number;
  lastTimestamp: number;
}

/** Raw points read back per statement when (re)building, so a 10-million-point series never sits in memory. */
const REBUILD_BATCH = 65_536;

interface StoredSeries {
  id: number;
  count: number;
  min_value: number | null;
  max_value: number | null;
  /** 0: the store holds the raw points; else the finest pyramid level it holds (a series pulled from the team store). */
  finest_level: number;
}

type RawRow = [step: number, timestamp: number, value: number | null, seq: number];

const pyramids = new WeakMap<Database.Database, MetricPyramid>();

/** The pyramid of a store's connection, made once (it holds prepared statements). */
export function pyramidOf(db: Database.Database): MetricPyramid {
  let pyramid = pyramids.get(db);
  if (!pyramid) pyramids.set(db, (pyramid = new MetricPyramid(db)));
  return pyramid;
}

/**
 * The min/max pyramid of every metric series of 4,096 points or more (core/compare/pyramid.ts),
 * kept in `metric_pyramid` as points are appended, so that a chart of any range of a series of
 * any length costs a few thousand summaries at most.
 */
export class MetricPyramid {
  private readonly selectSeries;
  private readonly selectTop;
  private readonly selectChunks;
  private readonly upsertChunk;
  private readonly deleteAll;
  private readonly selectRawFrom;
  private readonly stepRange: StepRangeReader;
  private readonly selectFirstStepOfValue;
  private readonly selectExtent;
  private readonly inRead: <T>(read: () => T) => T;

  constructor(private readonly db: Database.Database) {
    this.selectSeries = db.prepare<[string, string], StoredSeries>(
      'SELECT id, count, min_value, max_value, finest_level FROM metric_series WHERE run_id = ? AND key = ?',
    );
    this.selectTop = db.prepare<[number], { top: number }>('SELECT level AS top FROM metric_pyramid WHERE series_id = ? ORDER BY level DESC LIMIT 1');
    this.selectChunks = db
      .prepare<[number, number, number, number], [number, Buffer]>(
        'SELECT chunk, summaries FROM metric_pyramid WHERE series_id = ? AND level = ? AND chunk BETWEEN ? AND ? ORDER BY chunk',
      )
      .raw();
    this.upsertChunk = db.prepare<[number, number, number, Buffer]>(
      `INSERT INTO metric_pyramid (series_id, level, chunk, summaries) VALUES (?, ?, ?, ?)
       ON CONFLICT (series_id, level, chunk) DO UPDATE SET summaries = excluded.summaries`,
    );
    this.deleteAll = db.prepare<[number]>('DELETE FROM metric_pyramid WHERE series_id = ?');
    // Rank order is (step, timestamp, seq), as MetricQueries.points() reads; the cursor resumes after a row.
    this.selectRawFrom = db
      .prepare<[number, number, number, number, number, number], RawRow>(
        `SELECT step, timestamp, value, seq FROM metric_points
         WHERE series_id = ? AND step >= ? AND (step, timestamp, seq) > (?, ?, ?)
         ORDER BY step, timestamp, seq LIMIT ?`,
      )
      .raw();
    this.stepRange = stepRangeReader(db);
    this.selectFirstStepOfValue = db.prepare<[number, number, number, number], { step: number }>(
      `SELECT step FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ? AND value = ?
       ORDER BY step, timestamp, seq LIMIT 1`,
    );
    this.selectExtent = db.prepare<[number], { firstStep: number; lastStep: number; firstTime: number; lastTime: number }>(
      'SELECT min(step) AS firstStep, max(step) AS lastStep, min(timestamp) AS firstTime, max(timestamp) AS lastTime FROM metric_points WHERE series_id = ?',
    );
    const read = db.transaction((work: () => unknown) => work());
    this.inRead = <T>(work: () => T) => read(work) as T;
  }

  /**
   * Brings a series' pyramid up to date after `added` (its new points, in the order appended) was
   * inserted. Call inside the write that inserted them. In-order points (the usual case) extend the
   * tail of each level; points that sort before the last one (MLflow allows any step order)
   * rebuild the levels from the first summary they change.
   */
  afterAppend(seriesId: number, before: SeriesBefore, added: PointBatch): void {
    if (before.count + added.length < MIN_POINTS) return;
    const storedTop = this.storedTop(seriesId);
    const covered = storedTop === 0 ? 0 : this.coverage(seriesId, storedTop);
    if (covered !== before.count) {
      // Points the pyramid does not cover. A series just grown past MIN_POINTS is summarised now,
      // from its few points. A big one (from a store older than the pyramid) is left without: its
      // first chart builds it (ensureBuilt), as an import is no place to re-read millions of points.
      if (before.count < MIN_POINTS) this.rebuildFrom(seriesId, 0, 0, Number.NEGATIVE_INFINITY);
      else this.deleteAll.run(seriesId);
      return;
    }
    const earliest = earliestOutOfOrderStep(before.lastStep, before.lastTimestamp, added);
    if (earliest === undefined) this.write(seriesId, extendPyramid(this.loadKept(seriesId, before.count, storedTop), before.count, added));
    else {
      const start = this.cleanStart(seriesId, before.count, earliest);
      this.rebuildFrom(seriesId, start.summary * FAN_OUT, storedTop, start.firstStep);
    }
  }

  /**
   * The buckets of one series over a window, about one per pixel: from the coarsest level with at
   * least `width` summaries in the range, or from the raw points when even level 1 has fewer (a
   * zoomed-in range: full resolution) or the series has no pyramid.
   */
  series(runId: string, key: string, window: SeriesWindow): SeriesAnswer {
    this.ensureBuilt(runId, key);
    return this.inRead(() => {
      const series = this.selectSeries.get(runId, key);
      if (!series || series.count === 0) return { buckets: [], level: 0 };
      const top = this.topOf(series);
      if (top === 0) return { buckets: this.rawBuckets(series.id, window, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY), level: 0 };
      return this.descend(series, top, window);
    });
  }

  /** The smallest and largest x of a series on an axis, or null when it has no points. */
  extent(runId: string, key: string, axis: PyramidAxis): { xFrom: number; xTo: number } | null {
    return this.inRead(() => {
      const series = this.selectSeries.get(runId, key);
      if (!series || series.count === 0) return null;
      const top = this.topOf(series);
      if (top === 0) {
        const e = this.selectExtent.get(series.id)!;
        return axis === 'step' ? { xFrom: e.firstStep, xTo: e.lastStep } : { xFrom: e.firstTime, xTo: e.lastTime };
      }
      const data = this.readRange(series.id, top, 0, levelSize(series.count, top));
      const sums = toBucketSums(data, 0, axis).map((s) => s.sum);
      return { xFrom: Math.min(...sums.map((s) => s.firstX)), xTo: Math.max(...sums.map((s) => s.lastX)) };
    });
  }

  /** The step where a series first reached its smallest ('min') or largest ('max') finite value, or null when it has none. */
  bestStep(runId: string, key: string, extreme: 'min' | 'max'): number | null {
    this.ensureBuilt(runId, key);
    return this.inRead(() => {
      const series = this.selectSeries.get(runId, key);
      const target = series && (extreme === 'min' ? series.min_value : series.max_value);
      if (!series || target === null || target === undefined) return null;
      const top = this.topOf(series);
      let [stepFrom, stepTo] = [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
      // Down the pyramid along the first summary holding the extreme, to the 16 points that hold it.
      for (let level = top, lo = 0, hi = top && levelSize(series.count, top); level >= 1; level--) {
        const data = this.readRange(series.id, level, lo, hi);
        const i = findSummary(data, extreme === 'min' ? MIN : MAX, target);
        if (i < 0) break; // not where it should be: the raw points answer
        [stepFrom, stepTo] = [data[i * FIELDS + FIRST_STEP]!, data[i * FIELDS + LAST_STEP]!];
        lo = (lo + i) * FAN_OUT;
        hi = Math.min(lo + FAN_OUT, levelSize(series.count, level - 1));
      }
      return this.selectFirstStepOfValue.get(series.id, stepFrom, stepTo, target)?.step ?? null;
    });
  }

  /** A big series without a pyramid (a store older than it) gets one before its first chart; a read-only store reads raw instead. */
  private ensureBuilt(runId: string, key: string): void {
    if (this.db.readonly) return;
    const needsBuild = () => {
      const series = this.selectSeries.get(runId, key);
      return series && series.finest_level === 0 && series.count >= MIN_POINTS && this.storedTop(series.id) === 0 ? series.id : undefined;
    };
    if (needsBuild() === undefined) return;
    withBusyRetry(() =>
      this.db
        .transaction(() => {
          const id = needsBuild();
          if (id !== undefined) this.rebuildFrom(id, 0, 0, Number.NEGATIVE_INFINITY);
        })
        .immediate(),
    );
  }

  /** The level a read starts from: 0 to read the raw points (a small series, or one without a pyramid yet). */
  private topOf(series: StoredSeries): number {
    return series.count < MIN_POINTS && series.finest_level === 0 ? 0 : this.storedTop(series.id);
  }

  private descend(series: StoredSeries, top: number, window: SeriesWindow): SeriesAnswer {
    const { id: seriesId, count, finest_level: finest } = series;
    let lo = 0;
    let hi = levelSize(count, top);
    for (let level = top; ; level--) {
      const data = this.readRange(seriesId, level, lo, hi);
      const inRange = summariesMeeting(data, window.axis, window.xFrom, window.xTo);
      if (inRange.length === 0) return { buckets: [], level };
      const first = lo + inRange[0]!;
      const last = lo + inRange[inRange.length - 1]!;
      if (inRange.length >= window.width || level === finest) {
        // Times need not grow with steps (a clock reset): columns go by time.
        const ordered = window.axis === 'time' ? [...inRange].sort((a, b) => data[a * FIELDS + MIN_TIME]! - data[b * FIELDS + MIN_TIME]!) : inRange;
        const buckets = downsampleSums(packedSums(data, ordered, window.axis), window);
        return inRange.length >= window.width ? { buckets, level } : { buckets, level, finerOnTeamStore: true };
      }
      if (level === 1) {
        const at = (i: number) => (i - lo) * FIELDS;
        return { buckets: this.rawBuckets(seriesId, window, data[at(first) + FIRST_STEP]!, data[at(last) + LAST_STEP]!), level: 0 };
      }
      lo = first * FAN_OUT;
      hi = Math.min((last + 1) * FAN_OUT, levelSize(count, level - 1));
    }
  }

  private rawBuckets(seriesId: number, window: SeriesWindow, stepFrom: number, stepTo: number): Bucket[] {
    const from = window.axis === 'step' ? Math.max(stepFrom, window.xFrom) : stepFrom;
    const to = window.axis === 'step' ? Math.min(stepTo, window.xTo) : stepTo;
    const points = this.stepRange(seriesId, from, to);
    if (window.axis === 'step') return downsample(points.steps, points.values, window);
    // Times need not grow with steps (a clock reset): columns go by time.
    const order = Array.from({ length: points.length }, (_, i) => i).sort((a, b) => points.timestamps[a]! - points.timestamps[b]!);
    return downsample(
      order.map((i) => points.timestamps[i]!),
      order.map((i) => points.values[i]!),
      window,
    );
  }

  private storedTop(seriesId: number): number {
    return this.selectTop.get(seriesId)?.top ?? 0;
  }

  /** Points the pyramid stands for: the counts of its top level, which is one chunk. */
  private coverage(seriesId: number, top: number): number {
    const data = this.readRange(seriesId, top, 0, CHUNK);
    let points = 0;
    for (let at = 0; at < data.length; at += FIELDS) points += data[at + COUNT]!;
    return points;
  }

  /** Summaries [lo, hi) of a level, or as many of them as are stored. */
  private readRange(seriesId: number, level: number, lo: number, hi: number): Float64Array {
    if (hi <= lo) return new Float64Array(0);
    const rows = this.selectChunks.all(seriesId, level, Math.floor(lo / CHUNK), Math.floor((hi - 1) / CHUNK));
    const start = Math.floor(lo / CHUNK) * CHUNK;
    const all = new Float64Array(rows.reduce((n, [, blob]) => n + blob.length / 8, 0));
    let offset = 0;
    for (const [, blob] of rows) {
      // Copied through bytes: a Buffer's offset need not be aligned for a Float64Array view.
      new Uint8Array(all.buffer, offset * 8, blob.length).set(blob);
      offset += blob.length / 8;
    }
    return all.subarray((lo - start) * FIELDS, (hi - start) * FIELDS);
  }

  /** What extendPyramid needs of each stored level to go on from `from` points. */
  private loadKept(seriesId: number, from: number, storedTop: number): LevelTail[] {
    const kept: LevelTail[] = [];
    for (let level = 1; level <= storedTop; level++) {
      const { firstChunk, keep } = tailPlan(level, from, storedTop);
      const first = firstChunk * CHUNK;
      kept.push({ first, size: keep - first, data: this.readRange(seriesId, level, first, keep) });
    }
    return kept;
  }

  private write(seriesId: number, tails: readonly LevelTail[]): void {
    tails.forEach((tail, i) => {
      for (let start = tail.first; start < tail.first + tail.size; start += CHUNK) {
        const end = Math.min(start + CHUNK, tail.first + tail.size);
        const bytes = tail.data.subarray((start - tail.first) * FIELDS, (end - tail.first) * FIELDS);
        this.upsertChunk.run(seriesId, i + 1, start / CHUNK, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
    });
  }

  /**
   * Re-summarises a series from rank `from` (a multiple of FAN_OUT) to its end, reading the raw
   * points from step `firstStep` on, which must be exactly the points of those ranks. The pyramid
   * must be valid for the points before `from` up to level `storedTop`.
   */
  private rebuildFrom(seriesId: number, from: number, storedTop: number, firstStep: number): void {
    if (from === 0) this.deleteAll.run(seriesId);
    let covered = from;
    let top = storedTop;
    let cursor: RawRow = [firstStep, Number.NEGATIVE_INFINITY, null, Number.NEGATIVE_INFINITY];
    for (;;) {
      const rows = this.selectRawFrom.all(seriesId, cursor[0], cursor[0], cursor[1], cursor[3], REBUILD_BATCH);
      if (rows.length === 0) return;
      const batch: PointBatch = {
        steps: rows.map((r) => r[0]),
        timestamps: rows.map((r) => r[1]),
        values: rows.map((r) => r[2] ?? Number.NaN),
        length: rows.length,
      };
      this.write(seriesId, extendPyramid(this.loadKept(seriesId, covered, top), covered, batch));
      covered += rows.length;
      top = topLevel(covered);
      cursor = rows[rows.length - 1]!;
      if (rows.length < REBUILD_BATCH) return;
    }
  }

  /**
   * Where to rebuild from when points arrived that sort before earlier ones: the last level-1
   * summary that starts at or before `step` on a clean step boundary (the summary before it ends
   * at a smaller step), so the raw points from its first step on are exactly the points of its
   * ranks on, the new points included. Walks back from the end, one chunk at a time: the work is
   * proportional to what the rebuild rewrites anyway.
   */
  private cleanStart(seriesId: number, count: number, step: number): { summary: number; firstStep: number } {
    let candidate: { summary: number; firstStep: number } | undefined;
    for (let chunk = Math.floor((levelSize(count, 1) - 1) / CHUNK); chunk >= 0; chunk--) {
      const data = this.readRange(seriesId, 1, chunk * CHUNK, Math.min((chunk + 1) * CHUNK, levelSize(count, 1)));
      for (let i = data.length / FIELDS - 1; i >= 0; i--) {
        if (candidate && data[i * FIELDS + LAST_STEP]! < candidate.firstStep) return candidate;
        const firstStep = data[i * FIELDS + FIRST_STEP]!;
        if (firstStep <= step) candidate = { summary: chunk * CHUNK + i, firstStep };
      }
    }
    return { summary: 0, firstStep: Number.NEGATIVE_INFINITY };
  }
}
