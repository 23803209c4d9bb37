import type Database from 'better-sqlite3';
import type { SeriesPoints } from './metrics';

/**
 * The points of one series with steps in [from, to], in (step, timestamp, arrival) order: a range
 * of the points' (series_id, step, timestamp, seq) key, never a scan. The one full-resolution read of a chart (a zoom
 * past the pyramid), so a change of how points are stored changes it here.
 */
export const STEP_RANGE_SQL =
  'SELECT step, timestamp, value FROM metric_points WHERE series_id = ? AND step BETWEEN ? AND ? ORDER BY step, timestamp, seq';

export type StepRangeReader = (seriesId: number, stepFrom: number, stepTo: number) => SeriesPoints;

/** A reader of step ranges on a connection, as parallel arrays (NaN where the value is NaN): no object per point. */
export function stepRangeReader(db: Database.Database): StepRangeReader {
  const select = db.prepare<[number, number, number], [number, number, number | null]>(STEP_RANGE_SQL).raw();
  return (seriesId, stepFrom, stepTo) => {
    const rows = select.all(seriesId, stepFrom, stepTo);
    const points: SeriesPoints = { steps: new Float64Array(rows.length), timestamps: new Float64Array(rows.length), values: new Float64Array(rows.length), length: rows.length };
    for (let i = 0; i < rows.length; i++) {
      const [step, timestamp, value] = rows[i]!;
      points.steps[i] = step;
      points.timestamps[i] = timestamp;
      points.values[i] = value ?? Number.NaN;
    }
    return points;
  };
}
