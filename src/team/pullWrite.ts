// Writing what a pull read into the local store: teammates' runs with their owner, summaries and
// coarse pyramid levels (never their points), annotations last-writer-wins, audit entries once.
import { UserError } from '../core/errors';
import type { Store } from '../store/store';
import { readLocalRun } from './localRuns';
import type { TeamAnnotationRow, TeamAuditRow, TeamRunBatch, TeamRunRow } from './pullRead';
import { numberOrNull } from './transactions';

const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

/** Writes a teammate's run: its experiment (when new here), columns, params, tags, inputs and series. Call inside a store write. */
export function writePulledRun(store: Store, storeId: string, row: TeamRunRow, batch: TeamRunBatch): void {
  const db = store.db;
  const experimentId = writePulledExperiment(store, row);
  db.prepare(
    `INSERT INTO runs (id, experiment_id, name, status, deleted, start_time, end_time, git_commit, git_branch, git_dirty, command,
                       parent_run_id, origin_source, origin_id, origin_path, owner, pulled_from)
     VALUES (@id, @experimentId, @name, @status, @deleted, @startTime, @endTime, @commit, @branch, @dirty, @command,
             @parentRunId, @originSource, @originId, @originPath, @owner, @storeId)
     ON CONFLICT (id) DO UPDATE SET experiment_id = excluded.experiment_id, name = excluded.name, status = excluded.status,
       deleted = excluded.deleted, start_time = excluded.start_time, end_time = excluded.end_time, git_commit = excluded.git_commit,
       git_branch = excluded.git_branch, git_dirty = excluded.git_dirty, command = excluded.command, parent_run_id = excluded.parent_run_id,
       origin_source = excluded.origin_source, origin_id = excluded.origin_id, origin_path = excluded.origin_path, owner = excluded.owner
     WHERE runs.pulled_from IS NOT NULL`,
  ).run({
    id: row.id,
    experimentId,
    name: row.name,
    status: row.status,
    deleted: flag(row.deleted),
    startTime: numberOrNull(row.start_time),
    endTime: numberOrNull(row.end_time),
    commit: row.git_commit,
    branch: row.git_branch,
    dirty: flag(row.git_dirty),
    command: row.command,
    parentRunId: row.parent_run_id,
    originSource: row.origin_source,
    originId: row.origin_id,
    originPath: row.origin_path,
    owner: row.owner,
    storeId,
  });
  store.runs.replaceParams(row.id, batch.params.get(row.id) ?? {});
  store.runs.replaceTags(row.id, batch.tags.get(row.id) ?? {});
  store.runs.replaceInputs(
    row.id,
    (batch.inputs.get(row.id) ?? []).map(({ path, sha256, context }) => (context === null ? { path, sha256 } : { path, sha256, context })),
  );
  writeSeries(store, row.id, experimentId, batch);
}

/**
 * The run's experiment as the team store has it: added when new here, its name and deletion taken
 * when they differ (a rename or deletion made elsewhere). Returns its id here: an experiment of the
 * same origin under another id (made before ids came from origins) takes the run.
 */
function writePulledExperiment(store: Store, row: TeamRunRow): string {
  const db = store.db;
  const deleted = flag(row.e_deleted);
  db.prepare(
    `INSERT INTO experiments (id, name, deleted, origin_source, origin_id, origin_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT DO NOTHING`,
  ).run(row.experiment_id, row.e_name, deleted, row.e_origin_source, row.e_origin_id, row.e_origin_path, Number(row.e_created_at));
  const updated = db.prepare('UPDATE experiments SET name = ?, deleted = ? WHERE id = ? AND (name IS NOT ? OR deleted IS NOT ?)').run(row.e_name, deleted, row.experiment_id, row.e_name, deleted);
  if (updated.changes > 0 || db.prepare('SELECT 1 FROM experiments WHERE id = ?').get(row.experiment_id)) return row.experiment_id;
  const sameOrigin = db
    .prepare<[string, string, string], { id: string }>(`SELECT id FROM experiments WHERE origin_source = ? AND ifnull(origin_path, '') = ? AND ifnull(origin_id, name) = ?`)
    .get(row.e_origin_source, row.e_origin_path ?? '', row.e_origin_id ?? row.e_name);
  if (!sameOrigin) {
    throw new UserError(
      `experiment ${row.experiment_id} ("${row.e_name}", from ${row.e_origin_source}${row.e_origin_path ? ` at ${row.e_origin_path}` : ''}) of run ${row.id} could not be added to the local store, ` +
        'and no experiment of the same origin is there to take the run: nothing of this batch of runs was written here (the batches before it are kept); the next pull tries it again.',
    );
  }
  return sameOrigin.id;
}

function writeSeries(store: Store, runId: string, experimentId: string, batch: TeamRunBatch): void {
  const db = store.db;
  const series = batch.series.get(runId) ?? [];
  db.prepare(`DELETE FROM metric_series WHERE run_id = ? AND key NOT IN (SELECT value FROM json_each(?))`).run(runId, JSON.stringify(series.map((s) => s.key)));
  const upsert = db.prepare<unknown[], { id: number }>(
    `INSERT INTO metric_series (run_id, key, count, last_step, last_timestamp, last_value, min_value, max_value, experiment_id, finest_level)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, key) DO UPDATE SET count = excluded.count, last_step = excluded.last_step, last_timestamp = excluded.last_timestamp,
       last_value = excluded.last_value, min_value = excluded.min_value, max_value = excluded.max_value, experiment_id = excluded.experiment_id,
       finest_level = excluded.finest_level
     RETURNING id`,
  );
  const clearPyramid = db.prepare('DELETE FROM metric_pyramid WHERE series_id = ?');
  const clearPoints = db.prepare('DELETE FROM metric_points WHERE series_id = ?');
  const insertChunk = db.prepare('INSERT INTO metric_pyramid (series_id, level, chunk, summaries) VALUES (?, ?, ?, ?)');
  for (const s of series) {
    const chunks = batch.pyramid.get(s.id) ?? [];
    const finest = Math.min(...chunks.map((c) => c.level));
    // The store keeps NaN as NULL.
    const last = s.last_value === null || Number.isNaN(s.last_value) ? null : s.last_value;
    const { id } = upsert.get(runId, s.key, Number(s.count), Number(s.last_step), Number(s.last_timestamp), last, s.min_value, s.max_value, experimentId, finest)!;
    clearPyramid.run(id);
    clearPoints.run(id);
    for (const chunk of chunks) insertChunk.run(id, chunk.level, chunk.chunk, chunk.summaries);
  }
}

/**
 * Takes each annotation field the team store changed later than this store did (per field; pins
 * stay personal). Returns whether anything changed. Call inside a store write, before the run's
 * audit entries are copied (they carry the same times).
 */
export function applyAnnotations(store: Store, runId: string, team: TeamAnnotationRow): boolean {
  const local = readLocalRun(store, runId);
  if (!local) return false;
  const { name, note, deletedAt } = local.annotations;
  const later = (teamAt: string | null, localAt: number | null) => teamAt !== null && (localAt === null || Number(teamAt) > localAt);
  const changes: Record<string, unknown> = {};
  if (later(team.name_at, name.at) && team.display_name !== name.value) changes.display_name = team.display_name;
  if (later(team.note_at, note.at) && team.note !== note.value) changes.note = team.note;
  const teamDeletedAt = numberOrNull(team.deleted_at);
  if (later(team.deletion_at, deletedAt.at) && teamDeletedAt !== deletedAt.value) Object.assign(changes, { deleted_at: teamDeletedAt, deleted_by: team.deletion_by });
  const columns = Object.keys(changes);
  if (columns.length === 0) return false;
  const db = store.db;
  db.prepare('INSERT INTO run_annotations (run_id) VALUES (?) ON CONFLICT DO NOTHING').run(runId);
  db.prepare(`UPDATE run_annotations SET ${columns.map((c) => `${c} = @${c}`).join(', ')} WHERE run_id = @runId`).run({ ...changes, runId });
  // A row exists only while something differs from the imported run (store migration 5).
  db.prepare('DELETE FROM run_annotations WHERE run_id = ? AND display_name IS NULL AND note IS NULL AND pinned = 0 AND deleted_at IS NULL').run(runId);
  return true;
}

/** Appends the team store's audit entries this store lacks (its own, and those copied before, are skipped). Returns how many. Call inside a store write. */
export function copyAuditEntries(store: Store, entries: readonly TeamAuditRow[]): number {
  const db = store.db;
  const known = db.prepare<{ hash: string }, { n: number }>(
    'SELECT (EXISTS (SELECT 1 FROM audit_log WHERE hash = @hash) OR EXISTS (SELECT 1 FROM team_pulled_audit WHERE team_hash = @hash)) AS n',
  );
  const lastHash = db.prepare<[], { hash: string }>('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1');
  const link = db.prepare('INSERT INTO team_pulled_audit (local_hash, team_hash) VALUES (?, ?)');
  let copied = 0;
  for (const entry of entries) {
    if (known.get({ hash: entry.hash })!.n) continue;
    store.audit.append({
      at: Number(entry.at),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      ...(entry.before_json === null ? {} : { before: JSON.parse(entry.before_json) as unknown }),
      ...(entry.after_json === null ? {} : { after: JSON.parse(entry.after_json) as unknown }),
    });
    link.run(lastHash.get()!.hash, entry.hash);
    copied += 1;
  }
  return copied;
}
