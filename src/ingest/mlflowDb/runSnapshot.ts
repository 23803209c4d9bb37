import type Database from 'better-sqlite3';
import type { MetricPoint, MetricSummary } from '../../core/types';
import type { UnitCommits } from '../../store/chunkedWrite';
import type { Store } from '../../store/store';
import { saveRunRecord, type RunRecord } from '../runRecord';
import { readSeries, readSignatures } from './readMetrics';
import { readRunRows, type SourceRunRows } from './readRuns';
import type { SourceSchema } from './sourceSchema';

/** Points written between chances to commit: a run of millions of points is committed in pieces. */
const PIECE_POINTS = 10_000;

/** What one import takes from one run: its rows, and the metric series that differ from the store. */
export interface RunSnapshot {
  rows: SourceRunRows;
  /** Series to write anew, each with all its points. */
  changed: Map<string, MetricPoint[]>;
  /** Series the store holds that the source no longer has. */
  removed: string[];
}

/**
 * Reads a run and, of its metrics, only the series that changed since the last import. Call
 * inside a read snapshot. `known` is what the store holds for the run now.
 *
 * Incremental choice: MLflow never updates or deletes a metric row (log_metric inserts, and the
 * primary key drops an identical repeat), so a series changed exactly when it has more rows.
 * The greatest step is compared as well, so a database replaced by another that happens to hold
 * as many rows is still caught. A changed series is replaced whole rather than appended to:
 * MLflow may log points with earlier steps or timestamps at any time, so "the rows after the last
 * one read" is not a thing the metrics table can tell.
 */
export function readRunSnapshot(
  db: Database.Database,
  schema: SourceSchema,
  runUuid: string,
  known: ReadonlyMap<string, MetricSummary>,
): RunSnapshot | undefined {
  const rows = readRunRows(db, schema, runUuid);
  if (!rows) return undefined;
  const signatures = readSignatures(db, schema, runUuid);
  const changedKeys = new Set<string>();
  for (const [key, signature] of signatures) {
    const stored = known.get(key);
    if (!stored || stored.count !== signature.count || stored.lastStep !== signature.maxStep) changedKeys.add(key);
  }
  const changed = changedKeys.size > 0 ? readSeries(db, schema, runUuid, changedKeys) : new Map<string, MetricPoint[]>();
  const removed = [...known.keys()].filter((key) => !signatures.has(key));
  return { rows, changed, removed };
}

/**
 * Writes a run read by {@link readRunSnapshot}, as a unit of a chunked write: a long series is
 * written in pieces, between which the unit may commit (the run then shows as importing). A series
 * cut off by a killed process has fewer points than its source, so the next import replaces it.
 */
export function saveRunSnapshot(store: Store, record: RunRecord, snapshot: RunSnapshot, commits: UnitCommits): void {
  saveRunRecord(store, record);
  for (const key of snapshot.removed) store.metrics.deleteSeries(record.run.id, key);
  for (const [key, points] of snapshot.changed) {
    store.metrics.deleteSeries(record.run.id, key);
    for (let start = 0; start < points.length; start += PIECE_POINTS) {
      store.metrics.append(record.run.id, points.slice(start, start + PIECE_POINTS));
      commits.commitSoFar();
    }
  }
}
