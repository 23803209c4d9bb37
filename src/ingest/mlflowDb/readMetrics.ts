import type Database from 'better-sqlite3';
import type { MetricPoint } from '../../core/types';
import type { SourceSchema } from './sourceSchema';

/** What tells whether a series changed since the last import: its number of rows and its greatest step. */
export interface SeriesSignature {
  count: number;
  maxStep: number;
}

/**
 * MLflow cannot store ±Infinity in SQL, so it writes ±sys.float_info.max instead
 * (SqlAlchemyStore._log_metrics); those values mean ±Infinity.
 */
const FLOAT_MAX = 1.7976931348623157e308;

/** Count and greatest step of each of a run's metric keys. */
export function readSignatures(db: Database.Database, schema: SourceSchema, runUuid: string): Map<string, SeriesSignature> {
  if (!schema.hasTable('metrics')) return new Map();
  const rows = db
    .prepare<[string], { key: string; count: number; max_step: number | null }>(
      `SELECT key, count(*) AS count, max(${stepColumn(schema)}) AS max_step FROM metrics WHERE run_uuid = ? GROUP BY key`,
    )
    .all(runUuid);
  return new Map(rows.map((r) => [r.key, { count: r.count, maxStep: r.max_step ?? 0 }]));
}

/**
 * Every point of the given series of a run, in one pass over the run's metric rows (one query
 * per series would scan the run's rows once per key). Points come ordered by (step, timestamp,
 * value): the store takes the last written of points tied on (step, timestamp) as the latest,
 * and MLflow breaks that tie by the greater value, so this order gives MLflow's latest value.
 */
export function readSeries(db: Database.Database, schema: SourceSchema, runUuid: string, keys: ReadonlySet<string>): Map<string, MetricPoint[]> {
  const series = new Map<string, MetricPoint[]>([...keys].map((key) => [key, []]));
  const rows = db
    .prepare<[string], { key: string; value: unknown; timestamp: number; step: number; is_nan: number }>(
      `SELECT key, value, timestamp, ${stepColumn(schema)} AS step, ${schema.column('metrics', 'is_nan', '0')}
       FROM metrics WHERE run_uuid = ? ORDER BY key, step, timestamp, value`,
    )
    .iterate(runUuid);
  for (const row of rows) {
    series.get(row.key)?.push({ key: row.key, step: row.step, timestamp: row.timestamp, value: metricValue(row.value, row.is_nan, row.key) });
  }
  return series;
}

function stepColumn(schema: SourceSchema): string {
  // Databases from before metric steps (alembic revision 451aebb31d03 added the column) hold step 0 only.
  return schema.hasColumn('metrics', 'step') ? 'step' : '0';
}

function metricValue(value: unknown, isNan: number, key: string): number {
  if (isNan === 1) return Number.NaN; // MLflow stores NaN as 0 with is_nan = 1
  if (typeof value !== 'number') throw new Error(`metric "${key}" has a value that is not a number (${JSON.stringify(value)})`);
  if (value >= FLOAT_MAX) return Number.POSITIVE_INFINITY;
  if (value <= -FLOAT_MAX) return Number.NEGATIVE_INFINITY;
  return value;
}
