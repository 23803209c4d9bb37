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

/** The points of one series with steps in [fromStep, toStep], from the team store. */
export async function fetchPoints(client: pg.ClientBase, request: PointsRequest): Promise<PointsAnswer> {
  const series = await client.query<{ id: string }>('SELECT id FROM model_ledger.metric_series WHERE run_id = $1 AND key = $2', [request.runId, request.key]);
  const id = series.rows[0]?.id;
  if (id === undefined) return { points: [], truncated: false };
  // By the series' own ordinals (BRIN on series, ordinal, step): points are numbered in step order.
  const { rows } = await client.query<[string, string, number]>({
    text: `SELECT step, timestamp, value FROM model_ledger.metric_points
           WHERE series_id = $1 AND step BETWEEN $2 AND $3 ORDER BY ordinal LIMIT $4`,
    values: [id, Math.ceil(request.fromStep), Math.floor(request.toStep), request.maxPoints + 1],
    rowMode: 'array',
  });
  const truncated = rows.length > request.maxPoints;
  const points = (truncated ? rows.slice(0, request.maxPoints) : rows).map(([step, timestamp, value]) => ({ key: request.key, step: Number(step), timestamp: Number(timestamp), value }));
  return { points, truncated };
}
