import type Database from 'better-sqlite3';
import { guessDirection } from '../core/compare/direction';
import type { RunQuery } from '../core/runQuery';
import type { Run } from '../core/types';
import { numberOrNaN } from './rows';
import { filterSql, sortSql, type Bindings, type SortSql } from './runListingSql';
import { StatementCache } from './statementCache';
import { RUN_IS_SHOWN, RUN_LAST_UPDATE, RUNS_WITH_ANNOTATIONS, runFromRow, SHOWN_RUN_COLUMNS, type RunRow } from './runs';

export interface ListedRun {
  run: Run;
  pinned: boolean;
  note: string | null;
  /** The imported name when the user renamed the run. */
  originalName: string | null;
  /** Last value of the requested key metric (NaN stays NaN); null if the run has no such metric. */
  keyMetric: { key: string; last: number } | null;
  /** For a running run, when anything was last recorded for it (its start or newest metric point); else, or when nothing says, null. */
  lastUpdate: number | null;
}

export interface RunListing {
  runs: ListedRun[];
  /** Runs that match the filter, over all pages. */
  total: number;
}

export interface RunListPage {
  offset: number;
  /** -1: every row from offset on. */
  limit: number;
  /** The metric whose last value each listed run carries; null for none. */
  keyMetric: string | null;
}

interface ListedRow extends RunRow {
  pinned: number;
  note: string | null;
  original_name: string | null;
  key_series: number | null;
  key_last: number | null;
  last_update: number | null;
}

/** Pinned runs are few: their rowids, read once per statement. */
const PINNED_ROWIDS = '(SELECT pr.rowid FROM run_annotations pa JOIN runs pr ON pr.id = pa.run_id WHERE pa.pinned = 1)';

/** How common, next to the most common metric, a metric whose name tells its direction must be to be the key metric instead. */
const KEY_METRIC_SHARE = 0.8;

/** How many index entries per row of the page a listing filtered by a param checks run by run before it lists the matches. */
const WINDOW_FACTOR = 16;

/** Ties of every sort: newest first, then by id, so pages never overlap. */
const TIES = 'r.start_time DESC NULLS LAST, r.id';

/** The reads behind the sidebar: listing pages of runs sorted and filtered, the keys for its pickers, and change stamps. */
export class RunListQueries {
  private readonly statements: StatementCache;
  private readonly defaultKeyMetrics = new Map<string, { stamp: string; key: string | null }>();

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /**
   * One page of an experiment's runs: pinned runs first (in sort order), then the others in sort
   * order; runs without the sort value last in either direction; ties by start time (newest
   * first), then id. The unpinned runs come from the sort's index in order, so a page costs about
   * its own rows however big the experiment (see runListingSql.ts).
   */
  listRuns(experimentId: string, query: RunQuery, page: RunListPage): RunListing {
    const bindings: Bindings = { experimentId };
    const filter = filterSql(query.filter, bindings);
    const sort = sortSql(query.sort, bindings);
    const direction = query.sort.descending ? 'DESC' : 'ASC';
    const annotated = 'LEFT JOIN run_annotations a ON a.run_id = r.id';
    const rowids = (sql: string, offset: number, limit: number) =>
      (this.statement(`SELECT r.rowid AS rid ${sql} LIMIT @limit OFFSET @offset`).all({ ...bindings, offset, limit }) as { rid: number }[]).map((row) => row.rid);
    const fullSort = (from: string, pinned: string) =>
      `FROM ${from} ${annotated} ${sort.leftJoin} WHERE ${filter.conditions()} AND ${pinned} ORDER BY ${sort.value} ${direction} NULLS LAST, ${TIES}`;

    const pinned = rowids(fullSort('run_annotations pin CROSS JOIN runs r ON r.id = pin.run_id', 'pin.pinned = 1'), 0, -1);
    const start = Math.max(0, page.offset);
    const shown = page.limit < 0 ? pinned.slice(start) : pinned.slice(start, start + page.limit);
    let offset = Math.max(0, start - pinned.length);
    let limit = page.limit < 0 ? -1 : page.limit - shown.length;
    if (limit !== 0 && !sort.head) shown.push(...rowids(fullSort('runs r', `r.rowid NOT IN ${PINNED_ROWIDS}`), offset, limit));
    if (limit !== 0 && sort.head) {
      const head = (conditions: string) => `FROM ${sort.head!.from} ${annotated} WHERE ${sort.head!.condition} AND ${conditions} AND r.rowid NOT IN ${PINNED_ROWIDS}`;
      const walked = head(filter.conditions({ runId: sort.head.runId, listed: true }));
      const inOrder = (from: string) => rowids(`${from} ORDER BY ${sort.value} ${direction}, ${TIES}`, offset, limit);
      const rows = filter.byParam && limit > 0 ? this.headByParam(sort, direction, { offset, limit }, bindings, { perRun: (window) => inOrder(head(`${window} AND ${filter.conditions({ runId: sort.head!.runId, listed: false })}`)), listed: () => inOrder(walked) }) : inOrder(walked);
      shown.push(...rows);
      if (sort.tail && (limit < 0 || rows.length < limit)) {
        // The head ended on this page: the tail starts where it ended. Past its end, count it.
        const headCount = rows.length > 0 || offset === 0 ? offset + rows.length : this.count(`SELECT count(*) AS n ${walked}`, bindings);
        limit = limit < 0 ? -1 : limit - rows.length;
        offset = Math.max(0, offset - headCount);
        shown.push(...rowids(`FROM runs r ${annotated} WHERE ${sort.tail} AND ${filter.conditions()} AND r.rowid NOT IN ${PINNED_ROWIDS} ORDER BY ${TIES}`, offset, limit));
      }
    }
    return { runs: this.listedRuns(shown, page.keyMetric), total: this.count(filter.count, bindings) };
  }

  /**
   * The head's rows through a param filter. Most filters match runs all along the sort, so the page
   * fills within its first entries: look the param up run by run in the first `WINDOW_FACTOR` × (offset
   * + limit) index entries (every entry whose value is within the window's last one, ties included).
   * When that leaves the page short (the filter's runs come later in the order), list the matches
   * once and walk the whole index against them (`listed`): cost grows with the matches, not the experiment.
   */
  private headByParam(
    sort: SortSql,
    direction: string,
    page: { offset: number; limit: number },
    bindings: Bindings,
    read: { perRun(window: string): number[]; listed(): number[] },
  ): number[] {
    const { index } = sort.head!;
    const end = this.statement(`SELECT ${sort.value} AS v FROM ${index.from} WHERE ${index.condition} ORDER BY ${sort.value} ${direction} LIMIT 1 OFFSET @windowOffset`).get({
      ...bindings,
      windowOffset: (page.offset + page.limit) * WINDOW_FACTOR - 1,
    }) as { v: number | string } | undefined;
    if (end === undefined) return read.perRun('1'); // the whole head is within the window
    bindings.windowEnd = end.v;
    const rows = read.perRun(`${sort.value} ${direction === 'ASC' ? '<=' : '>='} @windowEnd`);
    return rows.length === page.limit ? rows : read.listed();
  }

  /** The runs whose parent is this run, oldest first, deleted ones included (flagged). */
  childRuns(parentRunId: string): Run[] {
    return (
      this.statement(`SELECT ${SHOWN_RUN_COLUMNS} FROM ${RUNS_WITH_ANNOTATIONS} WHERE r.parent_run_id = ? ORDER BY r.start_time NULLS LAST, r.id`).all(
        parentRunId,
      ) as RunRow[]
    ).map(runFromRow);
  }

  /** The params of these runs, by run id, in one read: what tells same-named runs apart (core/runLabels.ts). */
  paramsOf(runIds: readonly string[]): Map<string, Record<string, string>> {
    const params = new Map<string, Record<string, string>>(runIds.map((id) => [id, {}]));
    if (runIds.length === 0) return params;
    const rows = this.statement('SELECT run_id, key, value FROM params WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, key').all(JSON.stringify(runIds)) as {
      run_id: string;
      key: string;
      value: string;
    }[];
    for (const row of rows) params.get(row.run_id)![row.key] = row.value;
    return params;
  }

  /**
   * The runs of the experiment shown under this (display) name, deleted ones left out, at most
   * `limit`: the runs a run's name must be told apart from where it is shown alone (a tab title).
   */
  sameNamedRuns(experimentId: string, name: string, limit: number): { id: string; name: string }[] {
    return this.statement(
      `SELECT r.id, coalesce(a.display_name, r.name) AS name FROM ${RUNS_WITH_ANNOTATIONS}
       WHERE r.experiment_id = ? AND coalesce(a.display_name, r.name) = ? AND ${RUN_IS_SHOWN} ORDER BY r.start_time DESC NULLS LAST, r.id LIMIT ?`,
    ).all(experimentId, name, limit) as { id: string; name: string }[];
  }

  /** Teammates (`user@host`) whose runs this store pulled into the experiment (every experiment when null), in order: the owner filter's choices. */
  owners(experimentId: string | null): string[] {
    const ofExperiment = experimentId === null ? '' : 'AND experiment_id = @experimentId';
    const rows = this.statement(`SELECT DISTINCT owner FROM runs WHERE owner IS NOT NULL ${ofExperiment} ORDER BY owner`).all(
      experimentId === null ? {} : { experimentId },
    ) as { owner: string }[];
    return rows.map((row) => row.owner);
  }

  /** Metric keys of the experiment's runs (every experiment's when null), in order. */
  metricKeys(experimentId: string | null): string[] {
    return this.keysOf('metric_series', experimentId);
  }

  paramKeys(experimentId: string | null): string[] {
    return this.keysOf('params', experimentId);
  }

  /** Values of one param across the experiment's runs (every experiment's when null), most common first, then in order. */
  paramValues(experimentId: string | null, key: string, limit: number): string[] {
    const ofExperiment = experimentId === null ? '' : 'AND p.experiment_id = @experimentId';
    const rows = this.statement(
      `SELECT p.value FROM params p WHERE p.key = @key ${ofExperiment} GROUP BY p.value ORDER BY count(*) DESC, p.value LIMIT @limit`,
    ).all({ key, limit, ...(experimentId === null ? {} : { experimentId }) }) as { value: string }[];
    return rows.map((row) => row.value);
  }

  /**
   * The experiment's key metric when nobody chose one: the metric most of its runs have, ties by
   * name; but a metric whose name says which way is better (accuracy, loss…) wins over a more
   * common one that says nothing (PyCaret's TT, seconds taken) when at least `KEY_METRIC_SHARE` as
   * many runs have it. Null if none.
   */
  defaultKeyMetric(experimentId: string): string | null {
    // Counting every series of a big experiment takes a while: remember the answer until the experiment changes.
    const stamp = this.experimentStamp(experimentId);
    const known = this.defaultKeyMetrics.get(experimentId);
    if (known?.stamp === stamp) return known.key;
    const counts = this.statement('SELECT key, count(*) AS n FROM metric_series WHERE experiment_id = ? GROUP BY key ORDER BY n DESC, key').all(experimentId) as {
      key: string;
      n: number;
    }[];
    const common = counts.filter((c) => c.n >= counts[0]!.n * KEY_METRIC_SHARE);
    const key = (common.find((c) => guessDirection(c.key) !== undefined) ?? counts[0])?.key ?? null;
    this.defaultKeyMetrics.set(experimentId, { stamp, key });
    return key;
  }

  /** Per experiment id, a fingerprint that changes whenever its runs, their params, tags, metrics or annotations change. */
  experimentStamps(): Map<string, string> {
    const rows = this.statement(
      'SELECT e.id, ifnull(v.revision, 0) AS revision FROM experiments e LEFT JOIN experiment_revisions v ON v.experiment_id = e.id',
    ).all() as { id: string; revision: number }[];
    return new Map(rows.map((row) => [row.id, String(row.revision)]));
  }

  private experimentStamp(experimentId: string): string {
    const row = this.statement('SELECT revision FROM experiment_revisions WHERE experiment_id = ?').get(experimentId) as { revision: number } | undefined;
    return String(row?.revision ?? 0);
  }

  private keysOf(table: 'params' | 'metric_series', experimentId: string | null): string[] {
    if (experimentId === null) return (this.statement(`SELECT DISTINCT key FROM ${table} ORDER BY key`).all() as { key: string }[]).map((row) => row.key);
    // One index seek per key, from the (experiment_id, key, …) index, rather than a read of every row.
    const next = (after: string) => `(SELECT min(key) FROM ${table} WHERE experiment_id = @experimentId${after})`;
    const sql = `WITH RECURSIVE keys(key) AS (SELECT ${next('')} UNION ALL SELECT ${next(' AND key > keys.key')} FROM keys WHERE keys.key IS NOT NULL)
                 SELECT key FROM keys WHERE key IS NOT NULL`;
    return (this.statement(sql).all({ experimentId }) as { key: string }[]).map((row) => row.key);
  }

  /** The runs of these rowids, in this order, with their annotations and key metric. */
  private listedRuns(rowids: number[], keyMetric: string | null): ListedRun[] {
    if (rowids.length === 0) return [];
    const rows = this.statement(
      `SELECT r.rowid AS rid, ${SHOWN_RUN_COLUMNS}, ifnull(a.pinned, 0) AS pinned, a.note,
              CASE WHEN a.display_name IS NULL THEN NULL ELSE r.name END AS original_name, km.id AS key_series, km.last_value AS key_last,
              CASE WHEN r.status = 'running' THEN ${RUN_LAST_UPDATE} END AS last_update
       FROM ${RUNS_WITH_ANNOTATIONS} LEFT JOIN metric_series km ON km.run_id = r.id AND km.key = @keyMetric
       WHERE r.rowid IN (SELECT value FROM json_each(@rowids))`,
    ).all({ rowids: JSON.stringify(rowids), keyMetric }) as (ListedRow & { rid: number })[];
    const byRowid = new Map(rows.map((row) => [row.rid, row]));
    return rowids.map((rowid) => listedRun(byRowid.get(rowid)!, keyMetric));
  }

  private count(sql: string, bindings: Bindings): number {
    return (this.statement(sql).get(bindings) as { n: number }).n;
  }

  /** Statements by SQL text: a listing's SQL depends only on which sort and filters it uses, so a few are reused. */
  private statement(sql: string): Database.Statement {
    return this.statements.get(sql);
  }
}

function listedRun(row: ListedRow, keyMetric: string | null): ListedRun {
  return {
    run: runFromRow(row),
    pinned: row.pinned === 1,
    note: row.note,
    originalName: row.original_name,
    keyMetric: keyMetric !== null && row.key_series !== null ? { key: keyMetric, last: numberOrNaN(row.key_last) } : null,
    lastUpdate: row.last_update ? row.last_update : null,
  };
}

