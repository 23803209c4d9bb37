import type Database from 'better-sqlite3';
import type { MetricComparison, RunFilterSpec, RunQuery, RunSortSpec } from '../core/runQuery';
import type { Run } from '../core/types';
import { numberOrNaN } from './rows';
import { RUN_IS_SHOWN, RUNS_WITH_ANNOTATIONS, runFromRow, SHOWN_RUN_COLUMNS, type RunRow } from './runs';

export interface ListedRun {
  run: Run;
  pinned: boolean;
  note: string | null;
  /** The imported name when the user renamed the run. */
  originalName: string | null;
  /** Last value of the requested key metric (NaN stays NaN); null if the run has no such metric. */
  keyMetric: { key: string; last: number } | null;
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
}

type Bindings = Record<string, string | number>;

/** `numeric-aware`: a param value that SQLite reads as a number sorts as that number, before every text value. */
const PARAM_SORT_VALUE = 'CASE WHEN CAST(sp.value AS NUMERIC) = sp.value THEN CAST(sp.value AS REAL) ELSE sp.value END';

/** The reads behind the sidebar: listing pages of runs sorted and filtered, the keys for its pickers, and change stamps. */
export class RunListQueries {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly defaultKeyMetrics = new Map<string, { stamp: string; key: string | null }>();

  constructor(private readonly db: Database.Database) {}

  /**
   * One page of an experiment's runs: pinned runs first (in sort order), then the others in sort
   * order; runs without the sort value last in either direction; ties by start time (newest
   * first), then id.
   */
  listRuns(experimentId: string, query: RunQuery, page: RunListPage): RunListing {
    const bindings: Bindings = { experimentId };
    const where = whereOf(query.filter, bindings);
    const sort = sortOf(query.sort, bindings);
    const keyJoin = page.keyMetric === null ? '' : 'LEFT JOIN metric_series km ON km.run_id = r.id AND km.key = @keyMetric';
    const rows = this.statement(
      `SELECT ${SHOWN_RUN_COLUMNS}, ifnull(a.pinned, 0) AS pinned, a.note, CASE WHEN a.display_name IS NULL THEN NULL ELSE r.name END AS original_name,
              ${page.keyMetric === null ? 'NULL AS key_series, NULL AS key_last' : 'km.id AS key_series, km.last_value AS key_last'}
       FROM ${RUNS_WITH_ANNOTATIONS} ${where.joins} ${sort.join} ${keyJoin}
       WHERE ${where.conditions}
       ORDER BY ifnull(a.pinned, 0) DESC, ${sort.order} r.start_time DESC NULLS LAST, r.id
       LIMIT @limit OFFSET @offset`,
    ).all({ ...bindings, ...(page.keyMetric === null ? {} : { keyMetric: page.keyMetric }), limit: page.limit, offset: page.offset }) as ListedRow[];
    const total = (this.statement(`SELECT count(*) AS n FROM ${RUNS_WITH_ANNOTATIONS} ${where.joins} WHERE ${where.conditions}`).get(bindings) as { n: number }).n;
    return { runs: rows.map((row) => listedRun(row, page.keyMetric)), total };
  }

  /** The runs whose parent is this run, oldest first, deleted ones included (flagged). */
  childRuns(parentRunId: string): Run[] {
    return (
      this.statement(`SELECT ${SHOWN_RUN_COLUMNS} FROM ${RUNS_WITH_ANNOTATIONS} WHERE r.parent_run_id = ? ORDER BY r.start_time NULLS LAST, r.id`).all(
        parentRunId,
      ) as RunRow[]
    ).map(runFromRow);
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
    const ofExperiment = experimentId === null ? '' : 'AND p.run_id IN (SELECT id FROM runs WHERE experiment_id = @experimentId)';
    const rows = this.statement(
      `SELECT p.value FROM params p WHERE p.key = @key ${ofExperiment} GROUP BY p.value ORDER BY count(*) DESC, p.value LIMIT @limit`,
    ).all({ key, limit, ...(experimentId === null ? {} : { experimentId }) }) as { value: string }[];
    return rows.map((row) => row.value);
  }

  /** The experiment's key metric when nobody chose one: the metric most of its runs have, ties by name; null if none. */
  defaultKeyMetric(experimentId: string): string | null {
    // Counting every series of a big experiment takes a while: remember the answer until the experiment changes.
    const stamp = this.experimentStamp(experimentId);
    const known = this.defaultKeyMetrics.get(experimentId);
    if (known?.stamp === stamp) return known.key;
    const row = this.statement(
      `SELECT s.key FROM runs r JOIN metric_series s ON s.run_id = r.id WHERE r.experiment_id = ? GROUP BY s.key ORDER BY count(*) DESC, s.key LIMIT 1`,
    ).get(experimentId) as { key: string } | undefined;
    const key = row?.key ?? null;
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
    const sql =
      experimentId === null
        ? `SELECT DISTINCT key FROM ${table} ORDER BY key`
        : `SELECT DISTINCT t.key FROM runs r JOIN ${table} t ON t.run_id = r.id WHERE r.experiment_id = ? ORDER BY t.key`;
    return (this.statement(sql).all(...(experimentId === null ? [] : [experimentId])) as { key: string }[]).map((row) => row.key);
  }

  /** Statements by SQL text: a listing's SQL depends only on which sort and filters it uses, so a few are reused. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function listedRun(row: ListedRow, keyMetric: string | null): ListedRun {
  return {
    run: runFromRow(row),
    pinned: row.pinned === 1,
    note: row.note,
    originalName: row.original_name,
    keyMetric: keyMetric !== null && row.key_series !== null ? { key: keyMetric, last: numberOrNaN(row.key_last) } : null,
  };
}

function whereOf(filter: RunFilterSpec, bindings: Bindings): { joins: string; conditions: string } {
  const joins: string[] = [];
  const conditions = ['r.experiment_id = @experimentId'];
  if (!filter.showDeleted) conditions.push(RUN_IS_SHOWN);
  if (filter.statuses) {
    filter.statuses.forEach((status, i) => (bindings[`status${i}`] = status));
    conditions.push(`r.status IN (${filter.statuses.map((_, i) => `@status${i}`).join(', ') || 'NULL'})`);
  }
  if (filter.param) {
    Object.assign(bindings, { paramKey: filter.param.key, paramValue: filter.param.value });
    joins.push('JOIN params fp ON fp.run_id = r.id AND fp.key = @paramKey AND fp.value = @paramValue');
  }
  if (filter.metric) {
    Object.assign(bindings, { metricKey: filter.metric.key, metricValue: filter.metric.value });
    joins.push(`JOIN metric_series fm ON fm.run_id = r.id AND fm.key = @metricKey AND fm.last_value ${SQL_COMPARISONS[filter.metric.op]} @metricValue`);
  }
  if (filter.text !== null) {
    // instr, not LIKE: the user's text is matched literally, '%' and '_' included.
    bindings.text = filter.text;
    conditions.push(
      `(instr(lower(coalesce(a.display_name, r.name)), lower(@text)) OR instr(lower(r.name), lower(@text)) OR instr(lower(r.id), lower(@text))
        OR instr(lower(ifnull(a.note, '')), lower(@text)))`,
    );
  }
  return { joins: joins.join(' '), conditions: conditions.join(' AND ') };
}

const SQL_COMPARISONS: Record<MetricComparison, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '=' };

/** The join and the ORDER BY terms (each ending in a comma) of the sort, before the tie-breakers. */
function sortOf(sort: RunSortSpec, bindings: Bindings): { join: string; order: string } {
  const direction = sort.descending ? 'DESC' : 'ASC';
  switch (sort.field.kind) {
    case 'startTime':
      return { join: '', order: `r.start_time ${direction} NULLS LAST,` };
    case 'name':
      return { join: '', order: `coalesce(a.display_name, r.name) COLLATE NOCASE ${direction}, coalesce(a.display_name, r.name) ${direction},` };
    case 'metric':
      bindings.sortKey = sort.field.key;
      return { join: 'LEFT JOIN metric_series sm ON sm.run_id = r.id AND sm.key = @sortKey', order: `sm.last_value ${direction} NULLS LAST,` };
    case 'param':
      bindings.sortKey = sort.field.key;
      return { join: 'LEFT JOIN params sp ON sp.run_id = r.id AND sp.key = @sortKey', order: `${PARAM_SORT_VALUE} ${direction} NULLS LAST,` };
  }
}
