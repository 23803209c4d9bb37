// Appending local series' points to the team store with COPY, in batches of up to `batch` points
// (of one series or of many small ones) that each commit with their series' summaries and pyramids:
// each series' count on the server is the cursor an interrupted push resumes from.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import type { Store } from '../store/store';
import { rollbackQuietly } from './transactions';

/** The team store's side of a series, as a push reads it before appending. */
export interface TeamSeries {
  id: string;
  key: string;
  count: number;
  lastStep: number | null;
  lastTimestamp: number | null;
  /** When the server holds more points than the local store: its point at the local store's last rank, if any. */
  atLocalEnd?: { step: number; timestamp: number };
}

/** A series whose points the team store lacks (some or all). */
export interface SeriesWork {
  runId: string;
  server: TeamSeries;
  localCount: number;
}

export interface PointsProgress {
  /** A batch of `points` committed. */
  committed(points: number): void;
  /** A series is complete on the team store. */
  seriesDone(work: SeriesWork): void;
}

type PointRow = [step: number, timestamp: number, value: number | null, seq: number];

/** Where a series' sending stands. */
interface SeriesState {
  work: SeriesWork;
  localId: number;
  /** Points the server holds (or will once the batches sent so far commit). */
  from: number;
  /** The last local point sent or held there; undefined: from the first. */
  cursor: PointRow | undefined;
  /** The server's copy no longer matches: the first batch replaces it. */
  replace: boolean;
}

interface Segment {
  state: SeriesState;
  from: number;
  size: number;
  replace: boolean;
}

interface PointBatch {
  segments: Segment[];
  /** COPY text lines, LINES_PER_CHUNK per string. */
  text: string[];
}

const COPY_POINTS = 'COPY model_ledger.metric_points (series_id, ordinal, step, timestamp, value) FROM STDIN';
/** Lines per string handed to the COPY stream. */
const LINES_PER_CHUNK = 4096;

/**
 * Sends what the team store lacks of each series, in the local order (step, timestamp, arrival). A
 * series the server holds more of is left as it is when the two agree at the local store's last
 * point. A series whose points there differ from the local ones at the last rank both hold (a
 * source rewritten, a late point inserted before it) is sent again whole, replacing the server's
 * copy in its first batch's transaction. Returns a conflict when a series changed on the
 * server under this push (the points after it were not sent).
 */
export async function pushPoints(
  client: pg.ClientBase,
  store: Store,
  work: readonly SeriesWork[],
  batch: number,
  progress: PointsProgress,
): Promise<{ conflict?: string }> {
  // Loaded on the first push, not with the extension.
  const { from: copyFrom } = await import('pg-copy-streams');
  const reader = new LocalPointReader(store, work, batch);
  let next = reader.nextBatch();
  const reportAlreadyThere = () => reader.takeAlreadyThere().forEach((done) => progress.seriesDone(done));
  reportAlreadyThere();
  while (next) {
    const current = next;
    const ids = current.segments.map((s) => s.state.work.server.id);
    await client.query('BEGIN');
    try {
      const locked = await client.query<{ id: string; count: string }>(
        'SELECT id::text, count FROM model_ledger.metric_series WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE',
        [ids],
      );
      const counts = new Map(locked.rows.map((row) => [row.id, Number(row.count)]));
      const moved = current.segments.find((s) => !s.replace && counts.get(s.state.work.server.id) !== s.from);
      if (moved) {
        await client.query('ROLLBACK');
        const { runId, server } = moved.state.work;
        return {
          conflict: `metric ${server.key} of run ${runId} changed on the team store during this push (${counts.get(server.id) ?? 'no'} points there, ${moved.from} expected); push again to continue from there.`,
        };
      }
      const replaced = current.segments.filter((s) => s.replace).map((s) => s.state.work.server.id);
      if (replaced.length) {
        await client.query('DELETE FROM model_ledger.metric_points WHERE series_id = ANY($1::bigint[])', [replaced]);
        await client.query('DELETE FROM model_ledger.metric_pyramid WHERE series_id = ANY($1::bigint[])', [replaced]);
        await client.query(
          `UPDATE model_ledger.metric_series SET count = 0, last_step = NULL, last_timestamp = NULL, last_value = NULL, min_value = NULL, max_value = NULL
           WHERE id = ANY($1::bigint[])`,
          [replaced],
        );
      }
      await pipeline(Readable.from(current.text), client.query(copyFrom(COPY_POINTS)));
      const appended = client.query('SELECT model_ledger.points_appended(id) FROM unnest($1::bigint[]) AS id', [ids]);
      // The next batch is read here while the server summarises this one.
      next = reader.nextBatch();
      await appended;
      await client.query('COMMIT');
    } catch (error) {
      await rollbackQuietly(client);
      throw error;
    }
    progress.committed(current.segments.reduce((n, s) => n + s.size, 0));
    for (const segment of current.segments) {
      if (segment.from + segment.size >= segment.state.work.localCount) progress.seriesDone(segment.state.work);
    }
    reportAlreadyThere();
  }
  return {};
}

/** Reads the local points of the work's series in batches, series after series. */
class LocalPointReader {
  private index = 0;
  private state: SeriesState | undefined;
  private readonly alreadyThere: SeriesWork[] = [];
  private readonly seriesId;
  private readonly rankAt;
  private readonly after;

  constructor(
    store: Store,
    private readonly work: readonly SeriesWork[],
    private readonly batch: number,
  ) {
    this.seriesId = store.db.prepare<[string, string], { id: number }>('SELECT id FROM metric_series WHERE run_id = ? AND key = ?');
    this.rankAt = store.db
      .prepare<[number, number], PointRow>('SELECT step, timestamp, value, seq FROM metric_points WHERE series_id = ? ORDER BY step, timestamp, seq LIMIT 1 OFFSET ?')
      .raw();
    this.after = store.db
      .prepare<[number, number, number, number, number, number], PointRow>(
        `SELECT step, timestamp, value, seq FROM metric_points
         WHERE series_id = ? AND step >= ? AND (step, timestamp, seq) > (?, ?, ?) ORDER BY step, timestamp, seq LIMIT ?`,
      )
      .raw();
  }

  nextBatch(): PointBatch | undefined {
    const batch: PointBatch = { segments: [], text: [] };
    let budget = this.batch;
    while (budget > 0) {
      const state = this.current();
      if (!state) break;
      const start = state.cursor ?? [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, null, Number.NEGATIVE_INFINITY];
      const rows = this.after.all(state.localId, start[0], start[0], start[1], start[3], Math.min(budget, state.work.localCount - state.from));
      if (rows.length === 0) {
        this.advance();
        continue;
      }
      batch.segments.push({ state, from: state.from, size: rows.length, replace: state.replace });
      batch.text.push(...copyText(state.work.server.id, state.from, rows));
      state.replace = false;
      state.from += rows.length;
      state.cursor = rows[rows.length - 1];
      budget -= rows.length;
      if (state.from >= state.work.localCount) this.advance();
    }
    return batch.segments.length ? batch : undefined;
  }

  /** The series being read, set up on first use; undefined when every series is read. */
  private current(): SeriesState | undefined {
    while (!this.state && this.index < this.work.length) {
      const work = this.work[this.index]!;
      const local = this.seriesId.get(work.runId, work.server.key);
      if (!local) {
        this.index += 1;
        continue;
      }
      const { server, localCount } = work;
      if (server.count > localCount && this.agreesUpToLocalEnd(local.id, work)) {
        // The server holds every local point and more (a tailed log read here before it grew, or
        // points written straight to the server): nothing to send, and nothing of the server's is lost.
        this.alreadyThere.push(work);
        this.index += 1;
        continue;
      }
      let cursor: PointRow | undefined;
      if (server.count > 0 && server.count <= localCount) {
        cursor = this.rankAt.get(local.id, server.count - 1);
        if (!cursor || cursor[0] !== server.lastStep || cursor[1] !== server.lastTimestamp) cursor = undefined;
      }
      const replace = server.count > 0 && cursor === undefined;
      this.state = { work, localId: local.id, from: replace ? 0 : server.count, cursor, replace };
      if (this.state.from >= localCount && !replace) this.advance();
    }
    return this.state;
  }

  /** Whether the local series' last point is the server's point at that rank (an empty local series agrees). */
  private agreesUpToLocalEnd(localId: number, { server, localCount }: SeriesWork): boolean {
    if (localCount === 0) return true;
    const last = this.rankAt.get(localId, localCount - 1);
    return last !== undefined && server.atLocalEnd !== undefined && last[0] === server.atLocalEnd.step && last[1] === server.atLocalEnd.timestamp;
  }

  /** Takes the series found complete on the server (more there than here) since the last call. */
  takeAlreadyThere(): SeriesWork[] {
    return this.alreadyThere.splice(0);
  }

  private advance(): void {
    this.state = undefined;
    this.index += 1;
  }
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
