import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { exportStore } from '../../../src/store/export';
import { storePath } from '../../../src/store/paths';
import { Store } from '../../../src/store/store';
import { generateMlflowStore } from '../../../testkit/mlflowStoreGenerator';
import { cli, CLI } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

/** Two runs, each big enough to take many chunks of the import (1,000,000 points): a loaded machine's poll still sees one in progress. */
const SHAPE = { runs: 2, metrics: 2, steps: 500_000 };
const POINTS = SHAPE.runs * SHAPE.metrics * SHAPE.steps;

/** Runs whose import is marked in progress, or none while the store is still being created. */
function markedRuns(ws: string): number {
  if (!fs.existsSync(storePath(ws))) return 0;
  let store: Store;
  try {
    store = Store.open(ws, { create: false, readonly: true });
  } catch (error) {
    if (error instanceof Error && /is being created by another process/.test(error.message)) return 0; // its first migration has not committed yet
    throw error;
  }
  try {
    return store.runs.importingIds().size;
  } finally {
    store.close();
  }
}

/** Waits until the CLI's import has committed part of a run (and marked it), then kills it with SIGKILL. */
async function killMidRun(ws: string): Promise<void> {
  const child = spawn(process.execPath, [CLI, 'import', '--workspace', ws, '--quiet'], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    while (markedRuns(ws) === 0) {
      if (child.exitCode !== null) throw new Error('the import ended before any run was committed in part');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    child.kill('SIGKILL');
  }
  assert.equal(await exited, null, 'killed, not finished');
}

function comparable(store: Store) {
  const { runs, experiments } = exportStore(store);
  return { experiments: experiments.map(({ name, origin }) => ({ name, origin })), runs };
}

/**
 * Imports the cut-off workspace again and a clean copy once, and checks they are the same store with
 * no run left importing. Returns the metric points the completed store holds.
 */
function importAgainLikeClean(ws: string, clean: string): number {
  for (const dir of [ws, clean]) {
    const result = cli(['import', '--workspace', dir, '--quiet'], dir);
    assert.equal(result.code, 0, result.stderr);
  }
  const resumed = Store.open(ws, { create: false });
  const reference = Store.open(clean, { create: false });
  try {
    assert.equal(resumed.runs.importingIds().size, 0, 'complete: no run left importing');
    assert.deepEqual(comparable(resumed), comparable(reference));
    return resumed.counts().metricPoints;
  } finally {
    resumed.close();
    reference.close();
  }
}

describe('an import cut off mid-run (kill -9)', () => {
  it('leaves the run shown as importing, never complete, and the next import makes the store equal a clean import', async () => {
    const clean = tempDir('clean-');
    generateMlflowStore(clean, SHAPE);
    const ws = tempDir('cut-off-');
    generateMlflowStore(ws, SHAPE); // not a copy: each run's meta.yaml names its own workspace
    await killMidRun(ws);

    const cut = Store.open(ws, { create: false });
    const importing = [...cut.runs.importingIds()];
    assert.equal(importing.length, 1, 'the run being imported when the process died');
    const run = cut.runs.get(importing[0]!)!;
    assert.equal(run.importing, true, 'listed as importing');
    const listed = cut.runList.listRuns(run.experimentId, DEFAULT_RUN_QUERY, { offset: 0, limit: 10, keyMetric: null });
    assert.ok(listed.runs.some((l) => l.run.id === run.id && l.run.importing === true), 'the sidebar listing says so too');
    assert.ok(cut.counts().metricPoints < POINTS, 'part of the points, not all');
    cut.close();

    assert.equal(importAgainLikeClean(ws, clean), POINTS);
  });
});

/** A real mlflow.db (PROVENANCE.md) and two of its runs, which the test makes long. */
const DB_FIXTURE = { repo: '1412010__nda-mlops-zoomcamp-2024', dir: 'week-02' };
const LONG_RUNS = ['92025337761b47258bb509b166789a29', '821d9118ed7c4637bb3a0e020cc59e0d'];
const LONG_STEPS = 200_000;

/** The fixture's mlflow.db with two series of LONG_STEPS points added to each long run, rows as MLflow's log_batch inserts them. */
function longMlflowDb(): { ws: string; added: number } {
  const ws = copyFixture(DB_FIXTURE.repo, DB_FIXTURE.dir);
  const db = new Database(path.join(ws, DB_FIXTURE.dir, 'mlflow.db'));
  const insert = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${LONG_STEPS - 1})
    INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan)
    SELECT k.key, 1.0 / (i + 1), 1700000000000 + i, ?, i, 0 FROM n, (SELECT 'long_a' AS key UNION ALL SELECT 'long_b') AS k`);
  for (const run of LONG_RUNS) insert.run(run);
  db.close();
  return { ws, added: LONG_RUNS.length * 2 * LONG_STEPS };
}

describe('an mlflow.db import cut off mid-run (kill -9)', () => {
  it('leaves the run shown as importing with part of its points, and the next import makes the store equal a clean import', async () => {
    const { ws, added } = longMlflowDb();
    const { ws: clean } = longMlflowDb();
    await killMidRun(ws);

    const cut = Store.open(ws, { create: false });
    const importing = [...cut.runs.importingIds()];
    assert.equal(importing.length, 1, 'the run being imported when the process died');
    assert.ok(LONG_RUNS.includes(importing[0]!), importing[0]);
    assert.ok(cut.counts().metricPoints < added, 'part of the points, not all');
    cut.close();

    assert.ok(importAgainLikeClean(ws, clean) > added);
  });
});
