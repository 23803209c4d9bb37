// `team pull`: the team's runs into the local store. It reads, in one snapshot, the runs changed
// since the last pull's snapshot began, and takes their rows, series summaries and coarse pyramid
// levels, never their points (team/points.ts fetches those when a chart zooms in).
import type pg from 'pg';
import { UserError } from '../core/errors';
import type { Store } from '../store/store';
import { changedRuns, readRunBatch } from './pullRead';
import { applyAnnotations, copyAuditEntries, writePulledRun } from './pullWrite';
import { requireCurrentTeamSchema } from './schema/migrate';
import { isTeamFailure } from './syncFailure';
import { pullCursor, recordSync, teamStoreId } from './syncState';
import { explainTeamError } from './teamErrors';
import { rollbackQuietly } from './transactions';

export interface PullOptions {
  /** The most summaries a pulled pyramid level may have (default 1,024: about one per pixel of a wide chart). */
  coarseSummaries?: number;
  /** Runs read and written per local transaction (default 200). */
  batchRuns?: number;
  /** Stops the pull between batches (the editor disconnecting): the runs written are whole, and the cursor stays where it was. */
  signal?: AbortSignal;
}

export interface PullReport {
  /** Teammates' runs new or changed here. */
  runsPulled: number;
  /** Runs (teammates' or this workspace's) whose name, note or deletion changed here. */
  runsAnnotated: number;
  auditEntries: number;
}

/** A pull cut off by a failure: the runs written before it are whole, and the next pull reads them again. */
export class PullInterrupted extends UserError {
  constructor(
    readonly report: PullReport,
    cause: unknown,
  ) {
    super(
      `Pull stopped after ${report.runsPulled} run(s): ${explainTeamError(cause)} ` +
        'Each run written here is complete, and the next pull reads from where the last complete pull began.',
      { cause },
    );
  }
}

export async function pullFromTeam(client: pg.ClientBase, store: Store, options: PullOptions = {}): Promise<PullReport> {
  await requireCurrentTeamSchema(client);
  store.assertWritable();
  const storeId = await teamStoreId(client);
  const cursor = pullCursor(store, storeId);
  const report: PullReport = { runsPulled: 0, runsAnnotated: 0, auditEntries: 0 };
  let nextCursor: string;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Every transaction below this xid has ended and is in the snapshot; later ones are read next time.
    nextCursor = (await client.query<{ xmin: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin')).rows[0]!.xmin;
    const runs = await changedRuns(client, cursor);
    const logged = new Set(store.db.prepare<[], { id: string }>('SELECT id FROM runs WHERE pulled_from IS NULL').all().map((r) => r.id));
    const size = options.batchRuns ?? 200;
    for (let start = 0; start < runs.length; start += size) {
      options.signal?.throwIfAborted();
      const slice = runs.slice(start, start + size);
      const pulled = slice.filter((run) => !logged.has(run.id));
      const batch = await readRunBatch(
        client,
        slice.map((run) => run.id),
        pulled.map((run) => run.id),
        options.coarseSummaries ?? 1024,
      );
      store.write(() => {
        for (const run of pulled) writePulledRun(store, storeId, run, batch);
        for (const run of slice) {
          const annotations = batch.annotations.get(run.id);
          if (annotations && applyAnnotations(store, run.id, annotations)) report.runsAnnotated += 1;
        }
        report.auditEntries += copyAuditEntries(store, batch.audit);
      });
      report.runsPulled += pulled.length;
    }
    await client.query('COMMIT');
  } catch (error) {
    await rollbackQuietly(client);
    throw isTeamFailure(error) && !(error instanceof UserError) ? new PullInterrupted(report, error) : error;
  }
  // A pull that found nothing new writes nothing (see push): only a moved cursor or pulled rows are recorded.
  if (nextCursor !== cursor || report.runsPulled + report.runsAnnotated + report.auditEntries > 0) recordSync(store, storeId, 'pulled_at', nextCursor);
  return report;
}
