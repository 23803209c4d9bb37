import type { PointBatch } from '../../../src/core/compare/pyramid';
import { extendPyramid } from '../../../src/core/compare/pyramid';
import type { Store } from '../../../src/store/store';

export interface TestPoint {
  step: number;
  timestamp: number;
  value: number;
}

/** Points in rank order: by step, then timestamp, then the order they were appended (a stable sort). */
export function rankOrder(points: readonly TestPoint[]): TestPoint[] {
  return [...points].sort((a, b) => a.step - b.step || a.timestamp - b.timestamp);
}

export function toBatch(points: readonly TestPoint[]): PointBatch {
  return { steps: points.map((p) => p.step), timestamps: points.map((p) => p.timestamp), values: points.map((p) => p.value), length: points.length };
}

export function seriesIdOf(store: Store, runId: string, key: string): number {
  return store.db.prepare<[string, string], { id: number }>('SELECT id FROM metric_series WHERE run_id = ? AND key = ?').get(runId, key)!.id;
}

/** Every stored level of a series' pyramid, its chunks joined: level → summaries. */
export function storedLevels(store: Store, seriesId: number): Float64Array[] {
  const rows = store.db
    .prepare<[number], { level: number; chunk: number; summaries: Buffer }>('SELECT level, chunk, summaries FROM metric_pyramid WHERE series_id = ? ORDER BY level, chunk')
    .all(seriesId);
  const levels: number[][] = [];
  for (const row of rows) {
    const values = new Float64Array(new Uint8Array(row.summaries).buffer);
    (levels[row.level - 1] ??= []).push(...values);
  }
  return levels.map((l) => Float64Array.from(l));
}

/** The pyramid of these points built in one go, in memory: what the store must hold after any sequence of appends. */
export function pyramidFromScratch(points: readonly TestPoint[]): Float64Array[] {
  return extendPyramid([], 0, toBatch(rankOrder(points))).map((tail) => tail.data);
}
