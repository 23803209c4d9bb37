// Appending a local series' points to the team store with COPY, in batches that each commit with the
// series' summary and pyramid: the server's point count is the cursor an interrupted push resumes from.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Store } from '../store/store';

/** The team store's side of a series, as a push reads it before appending. */
export interface TeamSeries {
  id: string;
  key: string;
  count: number;
  lastStep: number | null;
  lastTimestamp: number | null;
}

export type SeriesPushOutcome = { points: number } | { conflict: string };

type PointRow = [step: number, timestamp: number, value: number | null, rowid: number];

const COPY_POINTS = 'COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN';
/** Lines per string handed to the COPY stream. */
const LINES_PER_CHUNK = 4096;

/**
 * Sends the points of the local series the team store lacks, in the local order (step, timestamp,
 * arrival), `batch` per transaction. A series the server holds more of, or whose last point there
 * is not the local point at that rank (a source rewritten, a late point inserted before it), is
 * sent again whole, replacing the server's copy in the first batch's transaction.
 */
export async function pushSeriesPoints(client: pg.ClientBase, store: Store, runId: string, server: TeamSeries, localCount: number, batch: number): Promise<SeriesPushOutcome> {
  const local = store.db.prepare<[string, string], { id: number }>('SELECT id FROM metric_series WHERE run_id = ? AND key = ?').get(runId, server.key);
  if (!local) return { points: 0 };
  const rankAt = store.db
    .prepare<[number, number], PointRow>('SELECT step, timestamp, value, rowid FROM metric_points WHERE series_id = ? ORDER BY step, timestamp, rowid LIMIT 1 OFFSET ?')
    .raw();
  const afterRow = store.db
    .prepare<[number, number, number, number, number, number], PointRow>(
      `SELECT step, timestamp, value, rowid FROM metric_points
       WHERE series_id = ? AND step >= ? AND (step, timestamp, rowid) > (?, ?, ?) ORDER BY step, timestamp, rowid LIMIT ?`,
    )
    .raw();

  let from = server.count;
  let cursor: PointRow | undefined;
  if (from > 0 && from <= localCount) {
    cursor = rankAt.get(local.id, from - 1);
    if (!cursor || cursor[0] !== server.lastStep || cursor[1] !== server.lastTimestamp) cursor = undefined;
  }
  let replace = from > 0 && cursor === undefined;
  if (replace) from = 0;
  const read = (after: PointRow | undefined, firstOrdinal: number): PointBatch | undefined => {
    const start = after ?? [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, null, Number.NEGATIVE_INFINITY];
    const rows = afterRow.all(local.id, start[0], start[0], start[1], start[3], batch);
    return rows.length === 0 ? undefined : { size: rows.length, last: rows[rows.length - 1]!, text: copyText(server.id, firstOrdinal, rows) };
  };
  let sent = 0;
  let next = from < localCount ? read(cursor, from) : undefined;
  while (next) {
    const current = next;
    await client.query('BEGIN');
    try {
      const locked = await client.query<{ count: string }>('SELECT count FROM model_ledger.metric_series WHERE id = $1 FOR UPDATE', [server.id]);
      const count = Number(locked.rows[0]?.count ?? -1);
      if (replace) {
        await client.query('DELETE FROM model_ledger.metric_points WHERE series_id = $1', [server.id]);
        await client.query('DELETE FROM model_ledger.metric_pyramid WHERE series_id = $1', [server.id]);
        await client.query(
          'UPDATE model_ledger.metric_series SET count = 0, last_step = NULL, last_timestamp = NULL, last_value = NULL, min_value = NULL, max_value = NULL WHERE id = $1',
          [server.id],
        );
      } else if (count !== from) {
        await client.query('ROLLBACK');
        return { conflict: `metric ${server.key} of run ${runId} changed on the team store during this push (${count} points there, ${from} expected); push again to continue from there.` };
      }
      await pipeline(Readable.from(current.text), client.query(copyFrom(COPY_POINTS)));
      const appended = client.query('SELECT model_ledger.points_appended($1)', [server.id]);
      // The next batch is read here while the server summarises this one.
      next = from + current.size < localCount ? read(current.last, from + current.size) : undefined;
      await appended;
      await client.query('COMMIT');
    } catch (error) {
      await rollbackQuietly(client);
      throw error;
    }
    replace = false;
    from += current.size;
    sent += current.size;
  }
  return { points: sent };
}

interface PointBatch {
  size: number;
  last: PointRow;
  /** COPY text lines, LINES_PER_CHUNK per string. */
  text: string[];
}

function copyText(seriesId: string, firstOrdinal: number, rows: PointRow[]): string[] {
  const series = String(Number(seriesId));
  const chunks: string[] = [];
  for (let start = 0; start < rows.length; start += LINES_PER_CHUNK) {
    let text = '';
    const end = Math.min(rows.length, start + LINES_PER_CHUNK);
    for (let i = start; i < end; i++) {
      const [step, timestamp, value] = rows[i]!;
      // The store keeps NaN as NULL; String() writes Infinity and -Infinity as PostgreSQL reads them.
      text += `${series}\t${firstOrdinal + i}\t${step}\t${timestamp}\t${value === null ? 'NaN' : String(value)}\n`;
    }
    chunks.push(text);
  }
  return chunks;
}

/**
 * Ends a failed transaction. The failure itself is what the caller reports; a rollback that fails
 * too (the connection is gone) adds nothing, and the server rolls the transaction back anyway.
 */
export async function rollbackQuietly(client: pg.ClientBase): Promise<void> {
  await client.query('ROLLBACK').catch(() => undefined);
}
