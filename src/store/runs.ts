import type Database from 'better-sqlite3';
import type { Artifact, DatasetInput, Run, RunStatus } from '../core/types';
import { originFromRow, toFlag, type OriginColumns } from './rows';
import { StatementCache } from './statementCache';

export interface RunRow extends OriginColumns {
  id: string;
  experiment_id: string;
  /** The display name: the user's rename, else the imported name. */
  name: string;
  status: RunStatus;
  /** 1 when deleted at the source or by the user. */
  deleted: number;
  start_time: number | null;
  end_time: number | null;
  git_commit: string | null;
  git_branch: string | null;
  git_dirty: number | null;
  command: string | null;
  parent_run_id: string | null;
  /** 1 while the run's import is unfinished (SHOWN_RUN_COLUMNS only). */
  importing?: number;
  /** Who logged a run pulled from the team store (SHOWN_RUN_COLUMNS only). */
  owner?: string | null;
}

/**
 * The columns of a run as users see it (their annotations applied), from `runs r` joined with
 * `run_annotations a`: every query that returns a Run selects these.
 */
export const SHOWN_RUN_COLUMNS = `r.id, r.experiment_id, coalesce(a.display_name, r.name) AS name, r.status,
  (r.deleted = 1 OR a.deleted_at IS NOT NULL) AS deleted, r.start_time, r.end_time, r.git_commit, r.git_branch, r.git_dirty,
  r.command, r.parent_run_id, r.origin_source, r.origin_id, r.origin_path, r.owner,
  EXISTS (SELECT 1 FROM runs_importing ri WHERE ri.run_id = r.id) AS importing`;
export const RUNS_WITH_ANNOTATIONS = 'runs r LEFT JOIN run_annotations a ON a.run_id = r.id';
/**
 * The run `r` is deleted neither at its source nor by the user. It names no column of `a`, so a
 * count can read the (experiment_id, deleted, status) index alone; the user-deleted rowids are few.
 */
export const RUN_IS_SHOWN =
  'r.deleted = 0 AND r.rowid NOT IN (SELECT ur.rowid FROM run_annotations ua JOIN runs ur ON ur.id = ua.run_id WHERE ua.deleted_at IS NOT NULL)';
/**
 * When anything was last recorded for the run `r` (ms): its start or its newest metric point, 0 when
 * nothing says (no start time, DVCLive's time 0). Params and tags carry no time. A few index reads
 * of the run's own metric series (`UNIQUE (run_id, key)`).
 */
export const RUN_LAST_UPDATE = 'max(ifnull(r.start_time, 0), ifnull((SELECT max(lu.last_timestamp) FROM metric_series lu WHERE lu.run_id = r.id), 0))';

export function runFromRow(row: RunRow): Run {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    name: row.name,
    status: row.status,
    deleted: row.deleted === 1,
    startTime: row.start_time,
    endTime: row.end_time,
    git: row.git_commit ? { commit: row.git_commit, branch: row.git_branch, dirty: row.git_dirty === 1 } : null,
    command: row.command,
    parentRunId: row.parent_run_id,
    origin: originFromRow(row),
    ...(row.importing ? { importing: true as const } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
  };
}

export interface RunPage {
  limit: number;
  offset?: number;
  includeDeleted?: boolean;
}

export class RunQueries {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Inserts the run or replaces its columns; params, tags and metrics are kept. Call inside a write. */
  upsert(run: Run): void {
    this
      .prepare(
        `INSERT INTO runs (id, experiment_id, name, status, deleted, start_time, end_time, git_commit, git_branch, git_dirty,
                           command, parent_run_id, origin_source, origin_id, origin_path)
         VALUES (@id, @experimentId, @name, @status, @deleted, @startTime, @endTime, @commit, @branch, @dirty,
                 @command, @parentRunId, @originSource, @originId, @originPath)
         ON CONFLICT (id) DO UPDATE SET
           experiment_id = excluded.experiment_id, name = excluded.name, status = excluded.status, deleted = excluded.deleted,
           start_time = excluded.start_time, end_time = excluded.end_time, git_commit = excluded.git_commit,
           git_branch = excluded.git_branch, git_dirty = excluded.git_dirty, command = excluded.command,
           parent_run_id = excluded.parent_run_id, origin_source = excluded.origin_source,
           origin_id = excluded.origin_id, origin_path = excluded.origin_path`,
      )
      .run({
        id: run.id,
        experimentId: run.experimentId,
        name: run.name,
        status: run.status,
        deleted: toFlag(run.deleted),
        startTime: run.startTime,
        endTime: run.endTime,
        commit: run.git?.commit ?? null,
        branch: run.git?.branch ?? null,
        dirty: run.git ? toFlag(run.git.dirty) : null,
        command: run.command,
        parentRunId: run.parentRunId,
        originSource: run.origin.source,
        originId: run.origin.id,
        originPath: run.origin.path,
      });
  }

  setParams(runId: string, params: Record<string, string>): void {
    this.setPairs('params', runId, params);
  }

  setTags(runId: string, tags: Record<string, string>): void {
    this.setPairs('tags', runId, tags);
  }

  /**
   * Replaces every param of the run: a re-import leaves exactly what the source holds. Rows that
   * stay the same are not rewritten, so an unchanged re-import leaves the experiment's stamp as it was.
   */
  replaceParams(runId: string, params: Record<string, string>): void {
    this.replacePairs('params', runId, params);
  }

  replaceTags(runId: string, tags: Record<string, string>): void {
    this.replacePairs('tags', runId, tags);
  }

  replaceArtifacts(runId: string, artifacts: readonly Artifact[]): void {
    this.prepare('DELETE FROM artifacts WHERE run_id = ?').run(runId);
    for (const artifact of artifacts) this.addArtifact(runId, artifact);
  }

  replaceInputs(runId: string, inputs: readonly DatasetInput[]): void {
    this.prepare('DELETE FROM run_inputs WHERE run_id = ?').run(runId);
    const insert = this.prepare('INSERT OR REPLACE INTO run_inputs (run_id, path, sha256, context) VALUES (?, ?, ?, ?)');
    for (const input of inputs) insert.run(runId, input.path, input.sha256, input.context ?? null);
  }

  inputs(runId: string): DatasetInput[] {
    return this
      .prepare<[string], { path: string; sha256: string | null; context: string | null }>('SELECT path, sha256, context FROM run_inputs WHERE run_id = ? ORDER BY path')
      .all(runId)
      .map(({ path, sha256, context }) => (context === null ? { path, sha256 } : { path, sha256, context }));
  }

  addArtifact(runId: string, artifact: Artifact): void {
    this
      .prepare('INSERT OR REPLACE INTO artifacts (run_id, path, sha256, size) VALUES (?, ?, ?, ?)')
      .run(runId, artifact.path, artifact.sha256, artifact.size);
  }

  /** Records that the run's import has committed part of it and not yet the rest. Call inside a write. */
  markImporting(runId: string): void {
    this.prepare('INSERT OR IGNORE INTO runs_importing (run_id, since) VALUES (?, ?)').run(runId, Date.now());
  }

  /** The run's import is complete. Call inside a write. */
  clearImporting(runId: string): void {
    this.prepare('DELETE FROM runs_importing WHERE run_id = ?').run(runId);
  }

  /** The ids of the runs whose import is unfinished: going on, or cut off by a process that stopped. */
  importingIds(): Set<string> {
    return new Set(this.prepare<[], { run_id: string }>('SELECT run_id FROM runs_importing').all().map((row) => row.run_id));
  }

  /** The run as its source wrote it, without the user's rename or deletion: what an importer resumes from. */
  getImported(id: string): Run | undefined {
    const row = this.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?').get(id);
    return row && runFromRow(row);
  }

  /** The run as users see it: renamed, and deleted when deleted at its source or by the user. */
  get(id: string): Run | undefined {
    const row = this.prepare<[string], RunRow>(`SELECT ${SHOWN_RUN_COLUMNS} FROM ${RUNS_WITH_ANNOTATIONS} WHERE r.id = ?`).get(id);
    return row && runFromRow(row);
  }

  /** A page of an experiment's runs, newest first, from the (experiment_id, start_time) index. */
  listByExperiment(experimentId: string, page: RunPage): Run[] {
    const deleted = page.includeDeleted ? '' : `AND ${RUN_IS_SHOWN}`;
    return this
      .prepare<[string, number, number], RunRow>(
        `SELECT ${SHOWN_RUN_COLUMNS} FROM ${RUNS_WITH_ANNOTATIONS} WHERE r.experiment_id = ? ${deleted} ORDER BY r.start_time DESC, r.id LIMIT ? OFFSET ?`,
      )
      .all(experimentId, page.limit, page.offset ?? 0)
      .map(runFromRow);
  }

  /**
   * The source ids (such as MLflow run ids) of the runs a source still reports running. With
   * `activeSince`, a run whose last data is older (core/runStaleness.ts: stale, its process most
   * likely dead) is left out; a run with no known time is kept.
   */
  runningOriginIds(source: Run['origin']['source'], activeSince = 0): Set<string> {
    const rows = this.prepare<[string, number], { origin_id: string | null }>(
      `SELECT origin_id FROM (SELECT r.origin_id, ${RUN_LAST_UPDATE} AS last FROM runs r WHERE r.status = 'running' AND r.origin_source = ?)
       WHERE last = 0 OR last >= ?`,
    ).all(source, activeSince);
    return new Set(rows.flatMap((row) => (row.origin_id === null ? [] : [row.origin_id])));
  }

  /** When anything was last recorded for the run (its start or newest metric point); null when nothing says. */
  lastUpdate(runId: string): number | null {
    const row = this.prepare<[string], { last: number }>(`SELECT ${RUN_LAST_UPDATE} AS last FROM runs r WHERE r.id = ?`).get(runId);
    return row && row.last > 0 ? row.last : null;
  }

  /**
   * How many runs a source holds, and how many of them are deleted (at the source or by a user):
   * those of origin `source` whose path is `path` or lies under it ('.' is the whole workspace).
   */
  countFromSource(source: Run['origin']['source'], path: string): { runs: number; deleted: number } {
    const row = this.prepare<{ source: string; path: string }, { runs: number; deleted: number | null }>(
      `SELECT count(*) AS runs, sum(r.deleted = 1 OR a.deleted_at IS NOT NULL) AS deleted FROM ${RUNS_WITH_ANNOTATIONS}
       WHERE r.origin_source = @source AND (@path = '.' OR r.origin_path = @path OR substr(r.origin_path, 1, length(@path) + 1) = @path || '/')`,
    ).get({ source, path })!;
    return { runs: row.runs, deleted: row.deleted ?? 0 };
  }

  /** An experiment's runs, deleted ones included, and those shown (not deleted), in one read. */
  countsOfExperiment(experimentId: string): { all: number; shown: number } {
    // Two counts of index ranges (runs_by_state): no run row is read, so a big experiment's row draws fast.
    const row = this.prepare<{ experimentId: string }, { all: number; shown: number }>(
      `SELECT (SELECT count(*) FROM runs WHERE experiment_id = @experimentId) AS "all",
              (SELECT count(*) FROM runs r WHERE r.experiment_id = @experimentId AND ${RUN_IS_SHOWN}) AS shown`,
    ).get({ experimentId })!;
    return { all: row.all, shown: row.shown };
  }

  countByExperiment(experimentId: string, includeDeleted = false): number {
    const deleted = includeDeleted ? '' : `AND ${RUN_IS_SHOWN}`;
    return this
      .prepare<[string], { n: number }>(`SELECT count(*) AS n FROM ${RUNS_WITH_ANNOTATIONS} WHERE r.experiment_id = ? ${deleted}`)
      .get(experimentId)!.n;
  }

  /** Every run in a stable order, for export; iterates so a big store is never all in memory. */
  *iterateAll(): IterableIterator<Run> {
    for (const row of this.prepare<[], RunRow>(`SELECT ${SHOWN_RUN_COLUMNS} FROM ${RUNS_WITH_ANNOTATIONS} ORDER BY r.experiment_id, r.start_time, r.id`).iterate()) {
      yield runFromRow(row);
    }
  }

  params(runId: string): Record<string, string> {
    return this.pairs('params', runId);
  }

  tags(runId: string): Record<string, string> {
    return this.pairs('tags', runId);
  }

  artifacts(runId: string): Artifact[] {
    return this
      .prepare<[string], Artifact>('SELECT path, sha256, size FROM artifacts WHERE run_id = ? ORDER BY path')
      .all(runId);
  }

  private setPairs(table: 'params' | 'tags', runId: string, pairs: Record<string, string>): void {
    // Params carry their run's experiment for the sorted index (migration 5); an unchanged value is left alone.
    const insert =
      table === 'params'
        ? this.prepare(
            `INSERT INTO params (run_id, key, value, experiment_id) VALUES (@runId, @key, @value, (SELECT experiment_id FROM runs WHERE id = @runId))
             ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value`,
          )
        : this.prepare(
            `INSERT INTO tags (run_id, key, value) VALUES (@runId, @key, @value)
             ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value`,
          );
    for (const [key, value] of Object.entries(pairs)) insert.run({ runId, key, value });
  }

  private replacePairs(table: 'params' | 'tags', runId: string, pairs: Record<string, string>): void {
    this.prepare(`DELETE FROM ${table} WHERE run_id = ? AND key NOT IN (SELECT value FROM json_each(?))`).run(runId, JSON.stringify(Object.keys(pairs)));
    this.setPairs(table, runId, pairs);
  }

  private pairs(table: 'params' | 'tags', runId: string): Record<string, string> {
    const rows = this.prepare<[string], { key: string; value: string }>(`SELECT key, value FROM ${table} WHERE run_id = ? ORDER BY key`).all(runId);
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  private prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    return this.statements.get<P, R>(sql);
  }
}
