import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type Database from 'better-sqlite3';
import type { RunFilterSpec, RunQuery, RunSortSpec } from '../../../src/core/runQuery';
import { labelRuns } from '../../../src/store/runListingLabels';
import { Store } from '../../../src/store/store';
import { SWEEP_FILTERS, SWEEP_SORT, writeTenThousandRuns } from '../../../testkit/tenThousandRuns';
import { tempDir } from '../helpers/temp';

/** The Experiments view's page (src/extension/views/nodes/experimentNode.ts RUN_PAGE_SIZE; unit tests cannot load vscode). */
const PAGE = 200;
/** Tables whose size grows with the experiment: a SCAN of one reads every run. */
const GROWING = new Set(['runs', 'params', 'metric_series', 'metric_points']);

interface Issued {
  sql: string;
  args: unknown[];
}

/** Records every statement run on `db` with its arguments, as the store issues them (the store's own SQLite, not a stand-in). */
function recordStatements(db: Database.Database): Issued[] {
  const issued: Issued[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    const statement = prepare(sql);
    for (const method of ['all', 'get', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        issued.push({ sql, args });
        return original(...args);
      };
    }
    return statement;
  }) as typeof db.prepare;
  return issued;
}

/** The SCANs of growing tables in the statement's query plan, each as "SCAN <alias> (<table>)". */
function fullScans(db: Database.Database, { sql, args }: Issued): string[] {
  const tables = new Map<string, string>();
  for (const [, table, alias] of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?!ON\b|WHERE\b|LEFT\b|CROSS\b|JOIN\b|GROUP\b|ORDER\b)(\w+))?/gi)) {
    tables.set(table!, table!);
    if (alias) tables.set(alias, table!);
  }
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[];
  return plan
    .map((row) => /^SCAN (\w+)/.exec(row.detail)?.[1])
    .filter((name): name is string => name !== undefined && GROWING.has(tables.get(name) ?? name))
    .map((name) => `SCAN ${name} (${tables.get(name) ?? name})`);
}

describe('run listing: a sorted and filtered first page reads indexes, never a whole table', () => {
  let folder: string;
  let store: Store;
  const experiment = 'sweep';
  before(() => {
    folder = tempDir();
    store = Store.open(folder);
    writeTenThousandRuns(store, experiment, 2_000);
    store.close();
  });

  /**
   * What the Experiments view asks of the store to draw the experiment's row and its first page
   * (ExperimentNode.getTreeItem and list()), on a store opened afresh so no statement is cached yet.
   */
  function drawFirstPage(query: RunQuery): Issued[] {
    store = Store.open(folder);
    const issued = recordStatements(store.db);
    try {
      store.runs.countsOfExperiment(experiment);
      store.runList.listRuns(experiment, query, { offset: 0, limit: 0, keyMetric: null });
      const keyMetric = query.sort.field.kind === 'metric' ? query.sort.field.key : store.runList.defaultKeyMetric(experiment);
      const page = store.runList.listRuns(experiment, query, { offset: 0, limit: PAGE, keyMetric });
      assert.equal(page.runs.length, PAGE, 'a full first page');
      labelRuns(store.runList, page.runs.map(({ run }) => ({ id: run.id, name: run.name })), new Map());
    } catch (e) {
      store.close();
      throw e;
    }
    return issued;
  }

  const sorts: Record<string, RunSortSpec> = {
    'a metric, ascending': SWEEP_SORT,
    'a metric, descending': { ...SWEEP_SORT, descending: true },
    'a param': { field: { kind: 'param', key: 'lr' }, descending: false },
    'start time': { field: { kind: 'startTime' }, descending: true },
  };
  const filters: Record<string, RunFilterSpec> = {
    'a param spread along the sort': SWEEP_FILTERS.uncorrelated,
    'a param the sort puts last': SWEEP_FILTERS.correlated,
    'a param, deleted runs shown': { ...SWEEP_FILTERS.uncorrelated, showDeleted: true },
  };
  for (const [sortName, sort] of Object.entries(sorts)) {
    for (const [filterName, filter] of Object.entries(filters)) {
      it(`sorted by ${sortName}, filtered by ${filterName}`, () => {
        const issued = drawFirstPage({ sort, filter });
        assert.ok(issued.length >= 4, `the listing's statements were recorded: ${issued.length}`);
        const scans = issued.map((statement) => ({ sql: statement.sql.replace(/\s+/g, ' '), scans: fullScans(store.db, statement) })).filter((s) => s.scans.length > 0);
        try {
          assert.deepEqual(scans, [], 'no statement scans a table that grows with the experiment');
        } finally {
          store.close();
        }
      });
    }
  }

  it('sees a full scan when a statement has one', () => {
    store = Store.open(folder);
    try {
      assert.deepEqual(fullScans(store.db, { sql: 'SELECT count(*) FROM runs r WHERE r.name = ?', args: ['trial 1'] }), ['SCAN r (runs)']);
      assert.deepEqual(fullScans(store.db, { sql: 'SELECT count(*) FROM params WHERE value = ?', args: ['64'] }), ['SCAN params (params)']);
    } finally {
      store.close();
    }
  });
});
