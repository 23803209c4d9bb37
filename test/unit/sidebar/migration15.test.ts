import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION } from '../../../src/store/migrations';
import { Store } from '../../../src/store/store';
import { SWEEP_FILTERS, SWEEP_SORT, tenThousandRunsShape, writeTenThousandRuns } from '../../../testkit/tenThousandRuns';
import { tempDir } from '../helpers/temp';

const RUNS = 600;

function indexColumns(db: Database.Database, index: string): string[] {
  return db.prepare<[string], { name: string }>('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index).map((c) => c.name);
}

describe('migration 15: from a schema-14 store with runs', () => {
  it('widens metric_series_sorted with run_id, adds params_by_value, and lists the same page from them', () => {
    const folder = tempDir();
    const made = Store.open(folder);
    writeTenThousandRuns(made, 'sweep', RUNS);
    const file = made.path;
    made.close();
    // The indexes as schema 14 had them.
    const db = new Database(file);
    db.exec(`DROP INDEX params_by_value; DROP INDEX metric_series_sorted;
             CREATE INDEX metric_series_sorted ON metric_series (experiment_id, key, last_value); PRAGMA user_version = 14;`);
    assert.deepEqual(indexColumns(db, 'params_by_value'), []);
    db.close();

    const store = Store.open(folder);
    try {
      assert.equal(store.schemaVersion, LATEST_SCHEMA_VERSION);
      assert.deepEqual(indexColumns(store.db, 'metric_series_sorted'), ['experiment_id', 'key', 'last_value', 'run_id']);
      assert.deepEqual(indexColumns(store.db, 'params_by_value'), ['experiment_id', 'key', 'value']);
      const { param } = SWEEP_FILTERS.uncorrelated;
      const page = store.runList.listRuns('sweep', { sort: SWEEP_SORT, filter: SWEEP_FILTERS.uncorrelated }, { offset: 0, limit: 50, keyMetric: 'loss' });
      const expected = Array.from({ length: RUNS }, (_, i) => tenThousandRunsShape(i))
        .filter((s) => s.params[param!.key] === param!.value)
        .sort((x, y) => x.metrics.loss!.at(-1)! - y.metrics.loss!.at(-1)!);
      assert.equal(page.total, expected.length);
      assert.deepEqual(page.runs.map(({ run }) => run.id), expected.slice(0, 50).map((s) => s.id));
    } finally {
      store.close();
    }
  });
});
