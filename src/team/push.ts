// `team push`: the workspace's runs to the team store, idempotently (an unchanged run is not sent,
// and a resent one writes nothing the server already has) and resumably (each run's rows commit
// together, then its points in batches; a cut-off push carries on from the server's counts).
import type pg from 'pg';
import { UserError } from '../core/errors';
import type { Store } from '../store/store';
import { readTeamAccess, requirePushAccess } from './access';
import { explainTeamError, teamErrorKind } from './teamErrors';
import { FIELD_ACTIONS, fingerprintOf, pushableRunIds, readLocalRun, type AnnotationField, type LocalAuditEntry, type LocalRun } from './localRuns';
import { thisHost, thisOwner } from './owner';
import { pushPoints, type SeriesWork, type TeamSeries } from './pushPoints';
import { requireCurrentTeamSchema } from './schema/migrate';
import { isTeamFailure } from './syncFailure';
import { recordSync, teamStoreId } from './syncState';
import { numberOrNull, rollbackQuietly } from './transactions';

export interface PushOptions {
  /** Who logged the workspace's runs: `user@host` (default: this process's user and host). */
  owner?: string;
  /** Points per transaction (default 100,000). */
  batchPoints?: number;
  onProgress?(progress: PushProgress): void;
  /** Stops the push between runs (the editor disconnecting): what was committed stays, as after any interruption. */
  signal?: AbortSignal;
}

export interface PushProgress {
  runsDone: number;
  runsTotal: number;
  points: number;
}

export interface PushReport {
  /** Runs sent (something of them was new to the team store or might be). */
  runsPushed: number;
  /** Runs unchanged since their last complete push: not sent. */
  runsUnchanged: number;
  points: number;
  /** What was not pushed and why, one sentence each: the rest was. */
  conflicts: string[];
}

/** A push cut off by a failure: what was committed before it stays on the team store. */
export class PushInterrupted extends UserError {
  constructor(
    readonly report: PushReport,
    cause: unknown,
  ) {
    super(
      `Push stopped after ${report.runsPushed} run(s) and ${report.points} point(s): ${explainTeamError(cause)} ` +
        'What was committed stays on the team store, the local store keeps everything, and the next push carries on from there.',
      { cause },
    );
  }
}

const DEFAULT_BATCH_POINTS = 100_000;

export async function pushToTeam(client: pg.ClientBase, store: Store, options: PushOptions = {}): Promise<PushReport> {
  await requireCurrentTeamSchema(client);
  requirePushAccess(await readTeamAccess(client));
  store.assertWritable();
  const storeId = await teamStoreId(client);
  const owner = options.owner ?? thisOwner();
  const host = thisHost();
  const batch = options.batchPoints ?? DEFAULT_BATCH_POINTS;
  const pushed = new Map(
    store.db.prepare<[string], [string, string]>('SELECT run_id, fingerprint FROM team_pushed_runs WHERE store_id = ?').raw().all(storeId),
  );
  const report: PushReport = { runsPushed: 0, runsUnchanged: 0, points: 0, conflicts: [] };
  const runIds = pushableRunIds(store);
  const remember = (runId: string, fingerprint: string) =>
    store.write(() =>
      store.db
        .prepare('INSERT INTO team_pushed_runs (store_id, run_id, fingerprint) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET fingerprint = excluded.fingerprint')
        .run(storeId, runId, fingerprint),
    );
  // Each run's rows first, then the points of every run in batches, so that many small series
  // share a transaction; a run's digest is kept once its last series is complete.
  const awaitingPoints = new Map<string, { fingerprint: string; series: number }>();
  const work: SeriesWork[] = [];
  try {
    for (const [index, runId] of runIds.entries()) {
      options.signal?.throwIfAborted();
      const local = readLocalRun(store, runId);
      if (!local) continue;
      const fingerprint = fingerprintOf(local);
      if (pushed.get(runId) === fingerprint) {
        report.runsUnchanged += 1;
        continue;
      }
      const { conflicts, refused, series } = await pushRun(client, local, { owner, host });
      report.runsPushed += 1;
      report.conflicts.push(...conflicts);
      work.push(...series.map((server) => ({ runId, server, localCount: local.series.get(server.key) ?? 0 })));
      // A param conflict is reported once: the rest of the run went up, and it is not sent again
      // until it changes. A refused run is tried (and reported) again.
      if (refused) continue;
      if (series.length === 0) remember(runId, fingerprint);
      else awaitingPoints.set(runId, { fingerprint, series: series.length });
      options.onProgress?.({ runsDone: index + 1, runsTotal: runIds.length, points: report.points });
    }
    const { conflict } = await pushPoints(client, store, work, batch, {
      committed: (points) => {
        report.points += points;
        options.onProgress?.({ runsDone: runIds.length, runsTotal: runIds.length, points: report.points });
      },
      seriesDone: ({ runId }) => {
        const waiting = awaitingPoints.get(runId);
        if (waiting && --waiting.series === 0) remember(runId, waiting.fingerprint);
      },
    });
    if (conflict) report.conflicts.push(conflict);
  } catch (error) {
    throw isTeamFailure(error) && !(error instanceof UserError) ? new PushInterrupted(report, error) : error;
  }
  // A push that sent nothing writes nothing: its write would be a store change, and a change asks for a push.
  if (report.runsPushed > 0) recordSync(store, storeId, 'pushed_at');
  return report;
}

interface RunPushContext {
  owner: string;
  host: string;
}

interface RunPushResult {
  conflicts: string[];
  /** The run was not written (the conflicts say why); false when only params conflicted. */
  refused: boolean;
  /** The series whose points the team store lacks. */
  series: TeamSeries[];
}

/** One run's rows, in one transaction. */
async function pushRun(client: pg.ClientBase, local: LocalRun, ctx: RunPushContext): Promise<RunPushResult> {
  const { run } = local;
  const conflicts: string[] = [];
  let series: TeamSeries[] = [];
  let owner: string | undefined;
  await client.query('BEGIN');
  try {
    const existing = await client.query<{ owner: string }>('SELECT owner FROM model_ledger.runs WHERE id = $1', [run.id]);
    owner = existing.rows[0]?.owner;
    if (local.pulled && owner === undefined) {
      await client.query('ROLLBACK');
      return { conflicts: [`run ${run.id} was pulled from the team store but is no longer there: its annotations were not pushed.`], refused: true, series: [] };
    }
    if (!local.pulled && owner !== undefined && owner !== ctx.owner) {
      await client.query('ROLLBACK');
      return {
        conflicts: [`run ${run.id} ("${run.name}") is on the team store as ${owner}'s run, not ${ctx.owner}'s: not pushed (the same run id was logged on two machines).`],
        refused: true,
        series: [],
      };
    }
    if (!local.pulled) {
      await writeRunRows(client, local, ctx);
      conflicts.push(...(await writeParams(client, local)));
      series = await ensureSeries(client, local);
    }
    const written = await writeAnnotations(client, local);
    // A pulled run's entries go up only with the field they changed: the rest is its owner's to say.
    const entries = local.pulled ? local.audit.filter((entry) => [...written].some((field) => (FIELD_ACTIONS[field] as readonly string[]).includes(entry.action))) : local.audit;
    await writeAudit(client, local.run.id, entries, ctx.owner);
    await client.query('COMMIT');
  } catch (error) {
    await rollbackQuietly(client);
    if (local.pulled && teamErrorKind(error) === 'row-security') {
      return { conflicts: [`your changes to ${owner ?? 'a teammate'}'s run ${run.id} ("${run.name}") stay in this workspace: ${explainTeamError(error)}`], refused: true, series: [] };
    }
    throw error;
  }
  return { conflicts, refused: false, series };
}

const RUN_COLUMNS = [
  'experiment_id',
  'name',
  'status',
  'deleted',
  'start_time',
  'end_time',
  'git_commit',
  'git_branch',
  'git_dirty',
  'command',
  'parent_run_id',
  'origin_source',
  'origin_id',
  'origin_path',
] as const;

async function writeRunRows(client: pg.ClientBase, local: LocalRun, ctx: RunPushContext): Promise<void> {
  const { run, experiment: e } = local;
  await client.query(
    `INSERT INTO model_ledger.experiments AS x (id, name, deleted, origin_source, origin_id, origin_path, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, deleted = excluded.deleted
     WHERE (x.name, x.deleted) IS DISTINCT FROM (excluded.name, excluded.deleted)`,
    [e.id, e.name, e.deleted, e.originSource, e.originId, e.originPath, e.createdAt],
  );
  const values = [
    run.experimentId,
    run.name,
    run.status,
    run.deleted,
    run.startTime,
    run.endTime,
    run.git?.commit ?? null,
    run.git?.branch ?? null,
    run.git ? run.git.dirty : null,
    run.command,
    run.parentRunId,
    run.origin.source,
    run.origin.id,
    run.origin.path,
  ];
  const placeholders = values.map((_, i) => `$${i + 2}`).join(', ');
  const list = (prefix: string) => RUN_COLUMNS.map((c) => `${prefix}${c}`).join(', ');
  // An unchanged run is not rewritten: a second push writes nothing, and moves no pull cursor.
  await client.query(
    `INSERT INTO model_ledger.runs AS r (id, ${list('')}, owner, pushed_from)
     VALUES ($1, ${placeholders}, $${values.length + 2}, $${values.length + 3})
     ON CONFLICT (id) DO UPDATE SET ${RUN_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, pushed_from = excluded.pushed_from
     WHERE r.owner = excluded.owner AND (${list('r.')}) IS DISTINCT FROM (${list('excluded.')})`,
    [run.id, ...values, ctx.owner, ctx.host],
  );
  await replacePairs(client, 'tags', run.id, local.tags);
  const paths = local.inputs.map((i) => i.path);
  await client.query(
    `INSERT INTO model_ledger.run_inputs AS i (run_id, path, sha256, context)
     SELECT $1, path, sha256, context FROM unnest($2::text[], $3::text[], $4::text[]) AS u(path, sha256, context)
     ON CONFLICT (run_id, path) DO UPDATE SET sha256 = excluded.sha256, context = excluded.context
     WHERE (i.sha256, i.context) IS DISTINCT FROM (excluded.sha256, excluded.context)`,
    [run.id, paths, local.inputs.map((i) => i.sha256), local.inputs.map((i) => i.context ?? null)],
  );
  await client.query('DELETE FROM model_ledger.run_inputs WHERE run_id = $1 AND NOT (path = ANY($2::text[]))', [run.id, paths]);
}

async function replacePairs(client: pg.ClientBase, table: 'tags', runId: string, pairs: Record<string, string>): Promise<void> {
  const keys = Object.keys(pairs);
  await client.query(
    `INSERT INTO model_ledger.${table} AS t (run_id, key, value) SELECT $1, key, value FROM unnest($2::text[], $3::text[]) AS u(key, value)
     ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value WHERE t.value IS DISTINCT FROM excluded.value`,
    [runId, keys, Object.values(pairs)],
  );
  await client.query(`DELETE FROM model_ledger.${table} WHERE run_id = $1 AND NOT (key = ANY($2::text[]))`, [runId, keys]);
}

/** Params are written once: a value the team store already has differently is reported, and both stay as they are. */
async function writeParams(client: pg.ClientBase, local: LocalRun): Promise<string[]> {
  const keys = Object.keys(local.params);
  await client.query(
    'INSERT INTO model_ledger.params (run_id, key, value) SELECT $1, key, value FROM unnest($2::text[], $3::text[]) AS u(key, value) ON CONFLICT DO NOTHING',
    [local.run.id, keys, Object.values(local.params)],
  );
  const { rows } = await client.query<{ key: string; value: string }>('SELECT key, value FROM model_ledger.params WHERE run_id = $1 AND key = ANY($2::text[])', [local.run.id, keys]);
  return rows
    .filter((row) => row.value !== local.params[row.key])
    .map(
      (row) =>
        `param ${row.key} of run ${local.run.id} is "${row.value}" on the team store and "${local.params[row.key]}" here: params never change once written, so both were kept as they are.`,
    );
}

async function ensureSeries(client: pg.ClientBase, local: LocalRun): Promise<TeamSeries[]> {
  const keys = [...local.series.keys()];
  await client.query('INSERT INTO model_ledger.metric_series (run_id, key) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [local.run.id, keys]);
  const { rows } = await client.query<{ id: string; key: string; count: string; last_step: string | null; last_timestamp: string | null }>(
    'SELECT id, key, count, last_step, last_timestamp FROM model_ledger.metric_series WHERE run_id = $1 AND key = ANY($2::text[])',
    [local.run.id, keys],
  );
  const series: TeamSeries[] = rows
    .map((row) => ({ id: row.id, key: row.key, count: Number(row.count), lastStep: numberOrNull(row.last_step), lastTimestamp: numberOrNull(row.last_timestamp) }))
    .filter((s) => s.count !== local.series.get(s.key));
  // Where the server holds more than here, its point at this store's last rank tells whether the
  // two agree on what both hold (pushPoints.ts).
  const ahead = series.filter((s) => s.count > (local.series.get(s.key) ?? 0) && (local.series.get(s.key) ?? 0) > 0);
  if (ahead.length > 0) {
    const points = await client.query<{ id: string; step: string; timestamp: string }>(
      `SELECT p.series_id::text AS id, p.step, p.timestamp FROM unnest($1::bigint[], $2::bigint[]) AS u(id, ordinal)
       JOIN model_ledger.metric_points p ON p.series_id = u.id AND p.ordinal = u.ordinal`,
      [ahead.map((s) => s.id), ahead.map((s) => local.series.get(s.key)! - 1)],
    );
    for (const point of points.rows) {
      series.find((s) => s.id === point.id)!.atLocalEnd = { step: Number(point.step), timestamp: Number(point.timestamp) };
    }
  }
  return series;
}

/**
 * Each field goes up only when it changed here later than there: last writer wins, per field. Nothing
 * newer, nothing written (row-level security refuses even a no-op upsert of another's annotations).
 */
async function writeAnnotations(client: pg.ClientBase, local: LocalRun): Promise<Set<AnnotationField>> {
  const { name, note, deletedAt } = local.annotations;
  const { rows } = await client.query<{ name_at: string | null; note_at: string | null; deletion_at: string | null }>(
    'SELECT name_at, note_at, deletion_at FROM model_ledger.run_annotations WHERE run_id = $1',
    [local.run.id],
  );
  const there = rows[0];
  const newer = (here: number | null, team: string | null | undefined) => here !== null && (team === null || team === undefined || here > Number(team));
  const written = new Set<AnnotationField>();
  if (newer(name.at, there?.name_at)) written.add('name');
  if (newer(note.at, there?.note_at)) written.add('note');
  if (newer(deletedAt.at, there?.deletion_at)) written.add('deletedAt');
  if (written.size === 0) return written;
  const later = (field: string) => `coalesce(excluded.${field}_at, -1) > coalesce(a.${field}_at, -1)`;
  const take = (field: string, columns: string[]) => columns.map((c) => `${c} = CASE WHEN ${later(field)} THEN excluded.${c} ELSE a.${c} END`).join(', ');
  await client.query(
    `INSERT INTO model_ledger.run_annotations AS a (run_id, display_name, name_at, name_by, note, note_at, note_by, deleted_at, deletion_at, deletion_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (run_id) DO UPDATE SET ${take('name', ['display_name', 'name_at', 'name_by'])}, ${take('note', ['note', 'note_at', 'note_by'])},
       ${take('deletion', ['deleted_at', 'deletion_at', 'deletion_by'])}
     WHERE ${later('name')} OR ${later('note')} OR ${later('deletion')}`,
    [local.run.id, name.value, name.at, name.by, note.value, note.at, note.by, deletedAt.value, deletedAt.at, deletedAt.by],
  );
  return written;
}

async function writeAudit(client: pg.ClientBase, runId: string, entries: readonly LocalAuditEntry[], origin: string): Promise<void> {
  if (entries.length === 0) return;
  const column = <K extends keyof LocalAuditEntry>(key: K) => entries.map((entry) => entry[key]);
  await client.query(
    `INSERT INTO model_ledger.audit_entries (hash, origin, run_id, at, actor, action, target, before_json, after_json)
     SELECT hash, $1, $2, at, actor, action, target, before_json, after_json
     FROM unnest($3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(hash, at, actor, action, target, before_json, after_json)
     ON CONFLICT (hash) DO NOTHING`,
    [origin, runId, column('hash'), column('at'), column('actor'), column('action'), column('target'), column('beforeJson'), column('afterJson')],
  );
}
