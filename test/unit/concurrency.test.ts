import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../../src/store/store';
import { CLI } from './helpers/cli';
import { tempDir } from './helpers/temp';

const WRITER = path.join(__dirname, 'helpers', 'concurrentWriter.js');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('store: two processes at once', () => {
  it('two writers and a CLI reader on a store that does not exist yet lose nothing and never see "locked"', async () => {
    const ws = tempDir();
    const runs = 150;
    const points = 200;
    const readers = (async () => {
      const results = [];
      for (let i = 0; i < 8; i++) results.push(await run([CLI, 'runs', '--json', '--workspace', ws]));
      return results;
    })();
    const [a, b, cliRuns] = await Promise.all([
      run([WRITER, ws, 'alpha', String(runs), String(points)]),
      run([WRITER, ws, 'beta', String(runs), String(points)]),
      readers,
    ]);
    for (const r of [a, b]) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
    }
    for (const r of cliRuns) {
      assert.doesNotMatch(r.stderr, /locked|busy/i);
      // Before the first writer creates the store the CLI says so; after, it lists runs.
      assert.ok(r.code === 0 || /No Model Ledger store/.test(r.stderr), r.stderr);
    }

    const store = Store.open(ws);
    const counts = store.counts();
    assert.equal(counts.runs, 2 * runs + 1);
    assert.equal(counts.metricPoints, 2 * runs * points + 2 * runs);
    const shared = store.metrics.summaries('shared-run').get('shared')!;
    assert.equal(shared.count, 2 * runs, 'the shared series summary counts every point of both writers');
    const loss = store.db.prepare<[], { n: number }>("SELECT sum(count) AS n FROM metric_series WHERE key = 'loss'").get()!.n;
    assert.equal(loss, 2 * runs * points);
    store.close();
  });
});
