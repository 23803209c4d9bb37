// The Python client writing straight to a real team store: its own team tests run against the
// harness server; a training script's run, logged from a real Python process, reaches another
// workspace through `model-ledger team pull`, and `team push` of the script's run log afterwards
// sends no point again; the server killed mid-run loses nothing once the training box pushes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type pg from 'pg';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { importRunLog } from '../../../src/ingest/runlog/importRunLog';
import { Store } from '../../../src/store/store';
import { thisOwner } from '../../../src/team/owner';
import { applyTeamRoles } from '../../../src/team/roles';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';
import { cli } from '../helpers/cli';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';

// Debian's Python, for which the test prerequisites install psycopg 3 (python3-psycopg).
const PYTHON = '/usr/bin/python3';
const CLIENT_DIR = path.join(PROJECT_ROOT, 'clients', 'python');
const STEPS = 5000;

// A training script: params, tags, a dataset, two metrics over 5,000 steps (a NaN among them), so
// that the series have pyramids; with a `wait` file named, it stops half way until that file exists.
const TRAIN = `
import os, sys, time, model_ledger
steps, wait = int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None
with model_ledger.start_run(experiment="churn", name="gpu box run") as run:
    run.log_params({"lr": 0.01, "layers": 4})
    run.set_tags({"box": "gpu-1"})
    run.log_input("data/train.csv")
    for step in range(steps):
        if wait and step == steps // 2:
            while not os.path.exists(wait):
                time.sleep(0.05)
        run.log_metrics({"loss": float("nan") if step == 7 else 1.0 / (step + 1), "acc": step / steps}, step=step)
    print(run.run_id)
`;

function trainingBox(): string {
  const box = tempDir('ml-team-python-box-');
  fs.mkdirSync(path.join(box, 'data'));
  fs.writeFileSync(path.join(box, 'data', 'train.csv'), 'x,y\n1,2\n');
  fs.writeFileSync(path.join(box, 'train.py'), TRAIN);
  fs.mkdirSync(path.join(box, '.modelledger'));
  return box;
}

const pythonEnv = (url: string) => ({ ...process.env, PYTHONPATH: CLIENT_DIR, PYTHONDONTWRITEBYTECODE: '1', MODEL_LEDGER_TEAM_URL: url });

/** `model-ledger team push` on the training box (it imports the box's run log first); its one line. */
function pushFromBox(box: string, url: string): string {
  const pushed = cli(['team', 'push', '--url', url, '--quiet'], box);
  assert.equal(pushed.code, 0, pushed.stderr);
  return pushed.stdout;
}

describe('Python client and the team store', () => {
  let server: PostgresServer;
  let admin: pg.Client;
  const url = () => server.url({ params: { sslmode: 'require' } });
  before(async () => {
    server = await startPostgres({ name: 'team-python' });
    admin = await connectTeamClient(server);
    await migrateTeamSchema(admin);
    await applyTeamRoles(admin);
  });
  after(async () => {
    await admin?.end();
    server?.close();
  });

  it('passes its team store tests against a real server', () => {
    const result = spawnSync(PYTHON, ['-m', 'unittest', '-v', 'test_model_ledger.TeamStoreTest', 'test_model_ledger.TeamFallbackTest'], {
      cwd: CLIENT_DIR,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', MODEL_LEDGER_TEST_TEAM_URL: server.url() },
    });
    assert.equal(result.status, 0, `python3 -m unittest failed:\n${result.stderr}`);
    // Every test ran: none skipped for want of psycopg or the server.
    assert.doesNotMatch(result.stderr, /skipped/);
    assert.match(result.stderr, /Ran 12 tests/);
  });

  it("logs a run that another workspace's pull shows, summaries and coarse levels without the points", async () => {
    const box = trainingBox();
    const trained = spawnSync(PYTHON, ['train.py', String(STEPS)], { cwd: box, encoding: 'utf8', env: pythonEnv(server.url()) });
    assert.equal(trained.status, 0, trained.stderr);
    assert.equal(trained.stderr, '', 'no notice: everything went to the team store');
    const runId = trained.stdout.trim();

    const laptop = tempDir('ml-team-python-laptop-');
    const pulled = cli(['team', 'pull', '--url', url()], laptop);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, /^Pulled \d+ run\(s\) new or changed/);
    const store = Store.open(laptop);
    try {
      const run = store.runs.get(runId)!;
      assert.equal(run.name, 'gpu box run');
      assert.equal(run.status, 'finished');
      // The owner as this machine's `team push` names it: the Python client and Node agree.
      assert.equal(run.owner, thisOwner());
      assert.deepEqual(store.runs.params(runId), { lr: '0.01', layers: '4' });
      assert.deepEqual(store.runs.tags(runId), { box: 'gpu-1' });
      assert.deepEqual(store.runs.inputs(runId).map((i) => i.path), ['data/train.csv']);

      // The same summaries as the run log gives when imported where it was written.
      const local = Store.open(box);
      try {
        importRunLog({ store: local, workspace: box, diagnostics: new DiagnosticSink() }, '.modelledger/runs');
        assert.deepEqual(store.metrics.summaries(runId), local.metrics.summaries(runId));
      } finally {
        local.close();
      }
      const held = store.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM metric_points JOIN metric_series s ON s.id = series_id WHERE s.run_id = ?');
      assert.equal(held.get(runId)!.n, 0, 'a pull never copies the points');
      const pyramid = store.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM metric_pyramid JOIN metric_series s ON s.id = series_id WHERE s.run_id = ?');
      assert.ok(pyramid.get(runId)!.n > 0, 'the coarse pyramid levels came along');

    } finally {
      store.close();
    }
    // The training box's own push of its run log finds every point there already.
    assert.equal(pushFromBox(box, url()), 'Pushed 1 run(s) and 0 point(s); 0 run(s) unchanged since the last push.\n');
  });

  it("loses nothing when the server dies mid-run: the training box's push completes the run", async () => {
    const box = trainingBox();
    const go = path.join(box, 'go');
    const child = spawn(PYTHON, ['train.py', String(STEPS), go], { cwd: box, env: pythonEnv(server.url()), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    // Half the points reach the server; then it crashes and comes back.
    const half = STEPS / 2;
    for (let waited = 0; ; waited += 50) {
      const { rows } = await admin.query<{ n: string }>("SELECT coalesce(min(count), 0) AS n FROM model_ledger.metric_series s JOIN model_ledger.runs r ON r.id = s.run_id WHERE r.name = 'gpu box run' AND r.status = 'running'");
      if (Number(rows[0]!.n) >= half) break;
      assert.ok(waited < 20_000, `the first ${half} points never reached the server: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await admin.end().catch(() => undefined);
    server.stop('immediate');
    server.start();
    admin = await connectTeamClient(server);
    fs.writeFileSync(go, '');
    assert.equal(await exited, 0, stderr);
    const runId = stdout.trim();
    assert.match(stderr, new RegExp(`stopped taking run ${runId} .*model-ledger team push`));

    const count = async () =>
      (await admin.query<{ key: string; count: string }>('SELECT key, count FROM model_ledger.metric_series WHERE run_id = $1 ORDER BY key', [runId])).rows.map((r) => [r.key, Number(r.count)]);
    assert.deepEqual(await count(), [['acc', half], ['loss', half]]);

    assert.equal(pushFromBox(box, url()), `Pushed 1 run(s) and ${STEPS.toLocaleString('en-US')} point(s); 0 run(s) unchanged since the last push.\n`);
    assert.deepEqual(await count(), [['acc', STEPS], ['loss', STEPS]]);
    const { rows } = await admin.query<{ status: string }>('SELECT status FROM model_ledger.runs WHERE id = $1', [runId]);
    assert.deepEqual(rows, [{ status: 'finished' }]);
  });
});
