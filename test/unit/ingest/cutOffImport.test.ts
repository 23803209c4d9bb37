import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { exportStore } from '../../../src/store/export';
import { storePath } from '../../../src/store/paths';
import { Store } from '../../../src/store/store';
import { generateMlflowStore } from '../../../testkit/mlflowStoreGenerator';
import { cli, CLI } from '../helpers/cli';
import { tempDir } from '../helpers/temp';

/** Two runs, each big enough to take several chunks of the import (600,000 points). */
const SHAPE = { runs: 2, metrics: 2, steps: 300_000 };
const POINTS = SHAPE.runs * SHAPE.metrics * SHAPE.steps;

/** Runs whose import is marked in progress, or none while the store is still being created. */
function markedRuns(ws: string): number {
  if (!fs.existsSync(storePath(ws))) return 0;
  let store: Store;
  try {
    store = Store.open(ws, { create: false, readonly: true });
  } catch (error) {
    if (error instanceof Error && /needs an upgrade/.test(error.message)) return 0; // being created and migrated
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

    const again = cli(['import', '--workspace', ws, '--quiet'], ws);
    assert.equal(again.code, 0, again.stderr);
    const cleanImport = cli(['import', '--workspace', clean, '--quiet'], clean);
    assert.equal(cleanImport.code, 0, cleanImport.stderr);

    const resumed = Store.open(ws, { create: false });
    const reference = Store.open(clean, { create: false });
    assert.equal(resumed.runs.importingIds().size, 0, 'complete: no run left importing');
    assert.equal(resumed.counts().metricPoints, POINTS);
    assert.deepEqual(comparable(resumed), comparable(reference));
    resumed.close();
    reference.close();
  });
});
