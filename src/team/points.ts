// Full resolution of a pulled series from the team store, for a chart zoomed in past the coarse
// levels the local store holds (MetricPyramid answers finerOnTeamStore then).
import type pg from 'pg';
import type { MetricPoint } from '../core/types';

export interface PointsRequest {
  runId: string;
  key: string;
  /** Steps from and to, both included. */
  fromStep: number;
  toStep: number;
  /** The most points wanted: a window holding more answers its first maxPoints and says truncated. */
  maxPoints: number;
}

export interface PointsAnswer {
  /** In (step, timestamp) order. */
  points: MetricPoint[];
  truncated: boolean;
}

/** A step for a bigint parameter: an open end (±Infinity) becomes the largest safe integer. */
function stepBound(step: number): number {
  return Number.isFinite(step) ? step : Math.sign(step) * Number.MAX_SAFE_INTEGER;
}

/** The points of one series with steps in [fromStep, toStep], from the team store. */
export async function fetchPoints(client: pg.ClientBase, request: PointsRequest): Promise<PointsAnswer> {
  const series = await client.query<{ id: string }>('SELECT id FROM model_ledger.metric_series WHERE run_id = $1 AND key = $2', [request.runId, request.key]);
  const id = series.rows[0]?.id;
  if (id === undefined) return { points: [], truncated: false };
  // Points are numbered in step order: the window is a range of the key.
  const { rows } = await client.query<[string, string, number]>({
    text: `SELECT step, timestamp, value FROM model_ledger.metric_points
           WHERE series_id = $1 AND ordinal >= model_ledger.ordinal_at_step($1, $2) AND ordinal < model_ledger.ordinal_at_step($1, $3 + 1)
           ORDER BY ordinal LIMIT $4`,
    values: [id, stepBound(Math.ceil(request.fromStep)), stepBound(Math.floor(request.toStep)), request.maxPoints + 1],
    rowMode: 'array',
  });
  const truncated = rows.length > request.maxPoints;
  const points = (truncated ? rows.slice(0, request.maxPoints) : rows).map(([step, timestamp, value]) => ({ key: request.key, step: Number(step), timestamp: Number(timestamp), value }));
  return { points, truncated };
}
