/** The SQL pieces of a run listing: the filter's joins and conditions, and how each sort field reads its order. */
import type { MetricComparison, RunFilterSpec, RunSortSpec } from '../core/runQuery';
import { paramSortValue } from './migrations';
import { RUN_IS_SHOWN } from './runs';

/** Named parameters of a listing's statements. */
export type Bindings = Record<string, string | number>;

export interface FilterSql {
  /**
   * The conditions for listing a page, on `r` and `a` (run_annotations, LEFT JOINed). `walked`: the
   * run id column of the index a listing walks in sort order, whose entries are checked against a
   * param filter before any run is read: by the param's matches, listed once from params_by_value
   * (`listed`), or by a look-up of each entry's param. Without it (few rows: pinned runs, the
   * tail), each run's param is looked up.
   */
  conditions(walked?: { runId: string; listed: boolean }): string;
  /** A param filter is set: `walked` changes how it is checked. */
  byParam: boolean;
  /** The count of matching runs: a metric threshold drives it from the range of its index, a param alone from params_by_value. */
  count: string;
}

/**
 * How a sort field orders runs. Runs with a value (the head) come in value order, from an index
 * when `head` is given; runs without one (the tail: no such metric or param, or no start time)
 * come after them, newest first.
 */
export interface SortSql {
  /** The value sorted on, over r, a and the join below. */
  value: string;
  /** A LEFT JOIN that gives `value` when listing from `runs r` (a full sort). */
  leftJoin: string;
  /**
   * Listing the head in value order from an index: the FROM clause (ending in `runs r`), its
   * condition, the index's run id column, and the index alone (its entries in order, no run read);
   * undefined when no index helps.
   */
  head?: { from: string; condition: string; runId: string; index: { from: string; condition: string } };
  /** The condition of a run in the tail; undefined when every run has a value. */
  tail?: string;
}

const SQL_COMPARISONS: Record<MetricComparison, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=', '=': '=' };

export function filterSql(filter: RunFilterSpec, bindings: Bindings): FilterSql {
  const conditions = ['r.experiment_id = @experimentId'];
  const countJoins: string[] = [];
  if (!filter.showDeleted) conditions.push(RUN_IS_SHOWN);
  if (filter.statuses) {
    filter.statuses.forEach((status, i) => (bindings[`status${i}`] = status));
    conditions.push(`r.status IN (${filter.statuses.map((_, i) => `@status${i}`).join(', ') || 'NULL'})`);
  }
  if (filter.param) {
    Object.assign(bindings, { paramKey: filter.param.key, paramValue: filter.param.value });
    conditions.push(PARAM_CONDITION);
  }
  if (filter.owner !== undefined) {
    if (filter.owner === null) conditions.push('r.owner IS NULL');
    else {
      bindings.owner = filter.owner;
      conditions.push('r.owner = @owner');
    }
  }
  if (filter.text !== null) {
    // instr, not LIKE: the user's text is matched literally, '%', '_' and '\' included.
    bindings.text = filter.text;
    countJoins.push('LEFT JOIN run_annotations a ON a.run_id = r.id');
    conditions.push(
      `(instr(lower(coalesce(a.display_name, r.name)), lower(@text)) OR instr(lower(r.name), lower(@text)) OR instr(lower(r.id), lower(@text))
        OR instr(lower(ifnull(a.note, '')), lower(@text)))`,
    );
  }
  const pageConditions = [...conditions];
  const paramOnly = filter.param !== null && filter.statuses === null && filter.text === null && filter.owner === undefined && filter.metric === null;
  if (filter.metric) {
    Object.assign(bindings, { metricKey: filter.metric.key, metricValue: filter.metric.value });
    const matches = (alias: string) => `${alias}.key = @metricKey AND ${alias}.last_value ${SQL_COMPARISONS[filter.metric!.op]} @metricValue`;
    pageConditions.push(`EXISTS (SELECT 1 FROM metric_series fm WHERE fm.run_id = r.id AND ${matches('fm')})`);
    countJoins.unshift(`metric_series fm CROSS JOIN runs r ON r.id = fm.run_id AND fm.experiment_id = @experimentId AND ${matches('fm')}`);
  }
  const from = countJoins[0]?.startsWith('metric_series') ? countJoins.join(' ') : `runs r ${countJoins.join(' ')}`;
  const lookedUp = (runId: string) => `EXISTS (SELECT 1 FROM params fp WHERE fp.run_id = ${runId} AND fp.key = @paramKey AND fp.value = @paramValue)`;
  // The list: one SQLite builds once per statement (with a bloom filter) from one index range.
  const paramCheck = (walked?: { runId: string; listed: boolean }) => (walked?.listed ? `${walked.runId} IN (${PARAM_MATCHES})` : lookedUp(walked?.runId ?? 'r.id'));
  return {
    byParam: filter.param !== null,
    conditions: (walked) => pageConditions.join(' AND ').replace(PARAM_CONDITION, paramCheck(walked)),
    count: paramOnly ? paramCount(filter.showDeleted) : `SELECT count(*) AS n FROM ${from} WHERE ${conditions.join(' AND ').replace(PARAM_CONDITION, paramCheck())}`,
  };
}

/** Stands for the param filter's condition until the listing says how it reads the runs. */
const PARAM_CONDITION = '@@paramFilter';
const PARAM_MATCHES = 'SELECT fp.run_id FROM params fp WHERE fp.experiment_id = @experimentId AND fp.key = @paramKey AND fp.value = @paramValue';

/**
 * The count of runs with the param's value, from its index range alone: every match, less the
 * hidden ones, found from the experiment's deleted runs (few, from runs_by_state and run_annotations).
 */
function paramCount(showDeleted: boolean): string {
  const matches = `(SELECT count(*) FROM params fp WHERE fp.experiment_id = @experimentId AND fp.key = @paramKey AND fp.value = @paramValue)`;
  if (showDeleted) return `SELECT ${matches} AS n`;
  const hidden = `SELECT r.id FROM runs r WHERE r.experiment_id = @experimentId AND r.deleted = 1
                  UNION SELECT r.id FROM run_annotations ua CROSS JOIN runs r ON r.id = ua.run_id WHERE ua.deleted_at IS NOT NULL AND r.experiment_id = @experimentId`;
  const hiddenMatches = `(SELECT count(*) FROM params fp WHERE fp.run_id IN (${hidden}) AND fp.key = @paramKey AND fp.value = @paramValue)`;
  return `SELECT ${matches} - ${hiddenMatches} AS n`;
}

export function sortSql(sort: RunSortSpec, bindings: Bindings): SortSql {
  switch (sort.field.kind) {
    case 'startTime':
      return { value: 'r.start_time', leftJoin: '', head: {
          from: 'runs r',
          condition: 'r.start_time IS NOT NULL',
          runId: 'r.id',
          index: { from: 'runs r', condition: 'r.experiment_id = @experimentId AND r.start_time IS NOT NULL' },
        }, tail: 'r.start_time IS NULL' };
    case 'name':
      // A user's rename lives in another table, so no index holds this order: a full sort.
      return { value: 'coalesce(a.display_name, r.name) COLLATE NOCASE', leftJoin: '' };
    case 'metric': {
      bindings.sortKey = sort.field.key;
      const condition = 'sm.experiment_id = @experimentId AND sm.key = @sortKey AND sm.last_value IS NOT NULL';
      // CROSS JOIN keeps metric_series the outer loop, read in index order (SQLite's documented planner directive).
      return {
        value: 'sm.last_value',
        leftJoin: 'LEFT JOIN metric_series sm ON sm.run_id = r.id AND sm.key = @sortKey',
        head: {
          from: 'metric_series sm CROSS JOIN runs r ON r.id = sm.run_id',
          condition,
          runId: 'sm.run_id',
          index: { from: 'metric_series sm', condition },
        },
        tail: 'NOT EXISTS (SELECT 1 FROM metric_series x WHERE x.run_id = r.id AND x.key = @sortKey AND x.last_value IS NOT NULL)',
      };
    }
    case 'param': {
      bindings.sortKey = sort.field.key;
      const condition = 'sp.experiment_id = @experimentId AND sp.key = @sortKey';
      return {
        value: paramSortValue('sp.value'),
        leftJoin: 'LEFT JOIN params sp ON sp.run_id = r.id AND sp.key = @sortKey',
        head: { from: 'params sp CROSS JOIN runs r ON r.id = sp.run_id', condition, runId: 'sp.run_id', index: { from: 'params sp', condition } },
        tail: 'NOT EXISTS (SELECT 1 FROM params x WHERE x.run_id = r.id AND x.key = @sortKey)',
      };
    }
  }
}
