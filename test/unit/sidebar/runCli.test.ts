import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Store } from '../../../src/store/store';
import { cli, cliOk as ok } from '../helpers/cli';
import { tempDir } from '../helpers/temp';
import { HAND_RUNS, writeRuns } from './handRuns';

const ADA = 'Ada Lovelace <ada@example.com>';

/** A git repository whose store holds the hand-made runs; its git config names the audit actor. */
function workspace(): string {
  const ws = tempDir();
  execFileSync('git', ['init', '--quiet'], { cwd: ws });
  execFileSync('git', ['config', 'user.name', 'Ada Lovelace'], { cwd: ws });
  execFileSync('git', ['config', 'user.email', 'ada@example.com'], { cwd: ws });
  const store = Store.open(ws);
  writeRuns(store, 'hand', HAND_RUNS);
  store.close();
  return ws;
}

function runIds(args: string[], ws: string): string[] {
  return (JSON.parse(ok(['runs', '--json', ...args], ws)) as { id: string }[]).map((r) => r.id);
}

describe('cli: model-ledger run and runs, as the sidebar', () => {
  it('renames, notes, pins, deletes and restores runs, each recorded in the audit log with the git actor', () => {
    const ws = workspace();
    assert.equal(ok(['run', 'rename', 'id-1', 'resnet <b>baseline</b>'], ws), 'id-1 is shown as "resnet <b>baseline</b>".\n');
    assert.equal(ok(['run', 'note', 'id-2', 'lr too high?'], ws), 'id-2 has a note.\n');
    assert.equal(ok(['run', 'pin', 'id-2', 'id-5'], ws), '2 runs pinned.\n');
    assert.equal(ok(['run', 'unpin', 'id-5'], ws), 'id-5 unpinned.\n');
    assert.match(ok(['run', 'delete', 'id-3'], ws), /^id-3 deleted; "model-ledger run restore" brings it back\.\n$/);
    assert.equal(ok(['run', 'rename', 'id-4', '--', '-v2'], ws), 'id-4 is shown as "-v2".\n');

    assert.deepEqual(runIds([], ws), ['id-2', 'id-4', 'id-1', 'id-5']);
    const table = ok(['runs', '--include-deleted'], ws);
    assert.match(table, /Beta \(pinned\)\s+failed/);
    // Still running by its source, with no data since 1970: stale, with its last data.
    assert.match(table, /gamma 100% \(deleted\)\s+stale \(last data 1970-01-01 00:00\)/);
    assert.match(ok(['runs', '--include-deleted', '--stale-hours', '0'], ws), /gamma 100% \(deleted\)\s+running/, 'staleness off');
    assert.match(table, /resnet <b>baseline<\/b>\s+finished/);
    const exported = JSON.parse(ok(['export'], ws)) as { runs: { id: string; name: string; annotations?: { note: string | null; originalName: string | null } }[]; audit: { actor: string; action: string }[] };
    const byId = new Map(exported.runs.map((r) => [r.id, r]));
    assert.equal(byId.get('id-2')?.annotations?.note, 'lr too high?');
    assert.equal(byId.get('id-1')?.annotations?.originalName, 'alpha');
    assert.deepEqual(exported.audit.map((e) => [e.actor, e.action]), [
      [ADA, 'run.rename'], [ADA, 'run.note'], [ADA, 'run.pin'], [ADA, 'run.pin'], [ADA, 'run.unpin'], [ADA, 'run.delete'], [ADA, 'run.rename'],
    ]);

    ok(['run', 'restore', 'id-3'], ws);
    ok(['run', 'rename', 'id-1', '--reset'], ws);
    assert.equal(ok(['run', 'note', 'id-2', '--clear'], ws), 'id-2 has no note.\n');
    const runs = JSON.parse(ok(['runs', '--json'], ws)) as { id: string; name: string; annotations?: unknown }[];
    assert.deepEqual(runs.map((r) => r.id), ['id-2', 'id-3', 'id-4', 'id-1', 'id-5']);
    assert.equal(runs.find((r) => r.id === 'id-1')?.name, 'alpha');
    assert.equal(runs.find((r) => r.id === 'id-1')?.annotations, undefined);
  });

  it('refuses bad input with one line naming the problem, and changes nothing', () => {
    const ws = workspace();
    const before = ok(['export'], ws);
    const cases: [string[], RegExp][] = [
      [['run', 'rename', 'id-1', '  '], /^model-ledger run: A run name cannot be empty\.\n$/],
      [['run', 'rename', 'id-1', 'x'.repeat(201)], /at most 200 characters; this one has 201\.\n$/],
      [['run', 'rename', 'nope', 'x'], /^model-ledger run: No run with id "nope" in this store\.\n$/],
      [['run', 'pin', 'id-1', 'nope'], /No run with id "nope"/],
      [['run', 'rename', 'id-1'], /expected RUN_ID NAME \(2 arguments after the action\), got 1/],
      [['run', 'rename', 'id-1', '-v2'], /Unknown option '-v'/],
      [['run', 'frobnicate', 'id-1'], /^model-ledger run: unknown action "frobnicate"; use one of rename, note, pin, unpin, delete, restore\.\n$/],
      [['run', 'pin'], /expected 2 to \d+ argument\(s\), got 1/],
      [['runs', '--sort', 'loss'], /--sort takes start, name, metric:KEY or param:KEY, not "loss"/],
      [['runs', '--order', 'up'], /--order takes asc or desc/],
      [['runs', '--metric', 'acc high'], /--metric takes a metric, a comparison and a number/],
      [['runs', '--param', 'lr'], /--param takes KEY=VALUE/],
      [['runs', '--status', 'finished,exploded'], /--status takes a comma-separated list of .*; "exploded" is none of them/],
      [['runs', '--stale-hours', 'a day'], /--stale-hours must be a number of hours, 0 or more \(0: never stale\); got "a day"/],
      [['runs', '--stale-hours=-1'], /--stale-hours must be a number of hours/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, ws);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
    assert.equal(ok(['export'], ws), before);
    assert.match(ok(['run', '--help'], ws), /^Usage: model-ledger run rename\|note\|pin\|unpin\|delete\|restore/);
  });

  it('runs sorts and filters as the sidebar does', () => {
    const ws = workspace();
    assert.deepEqual(runIds(['--sort', 'metric:acc', '--order', 'asc'], ws), ['id-2', 'id-4', 'id-1', 'id-3', 'id-5']);
    assert.deepEqual(runIds(['--sort', 'param:batch'], ws), ['id-3', 'id-1', 'id-4', 'id-2', 'id-5']);
    assert.deepEqual(runIds(['--sort', 'name'], ws), ['id-1', 'id-2', 'id-4', 'id-5', 'id-3']);
    assert.deepEqual(runIds(['--status', 'failed, killed'], ws), ['id-2', 'id-5']);
    assert.deepEqual(runIds(['--metric', 'acc >= 0.9'], ws), ['id-3', 'id-4', 'id-1']);
    assert.deepEqual(runIds(['--param', 'lr=0.01'], ws), ['id-3', 'id-1']);
    assert.deepEqual(runIds(['--text', '%'], ws), ['id-3']);
    assert.deepEqual(runIds(['--text', "o'b", '--include-deleted'], ws), ['id-6']);
    assert.deepEqual(runIds(['--experiment', 'hand', '--metric', 'loss<1', '--sort', 'metric:loss', '--order', 'desc'], ws), ['id-2', 'id-1', 'id-5']);
  });
});
