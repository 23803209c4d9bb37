// The store's disk fills up: during an import, an export and a registry write. Each exits 1
// saying so and what to do, keeps nothing half-written, and works once there is room again.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import Database from 'better-sqlite3';
import { storePath } from '../../../src/store/paths';
import { git, makeRepo, write } from '../registry/gitRepos';
import { cli, type CliResult } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { smallDisk, type DiskSize, type SmallDisk } from './smallDisk';

/** 44 runs of real MLflow data with their metric histories, and a registered model. */
const FIXTURE = 'LucasGasparello__KobeDatasetMlflow';
/** Room for the store's schema and part of the runs, not for the rest (imports commit in chunks: the WAL stays small). */
const IMPORT_DISK = { disk: 384 * 1024 };
/** What a full disk looks like to the user: the tmpfs fills, or the file-size limit stops a write. */
const DISK_FULL = /The disk holding .*ledger\.db is full|a file size limit \(ulimit -f\) was reached/;

interface Exported {
  runs: { id: string }[];
  models: unknown[];
}

function exported(ws: string): Exported {
  const r = cli(['export'], ws);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Exported;
}

function lastLine(r: CliResult): string {
  return r.stderr.trimEnd().split('\n').at(-1)!;
}

/** The small disk on `dir`, released after the test; null (the test skipped, with the reason) where none can be made. */
function diskFor(t: TestContext, dir: string, size: DiskSize): SmallDisk | null {
  const disk = smallDisk(dir, size);
  if ('skip' in disk) {
    t.skip(disk.skip);
    return null;
  }
  t.diagnostic(`full disk: ${disk.how}`);
  t.after(() => disk.release());
  return disk;
}

describe('faults: a full disk', () => {
  it('import exits 1 with the counts and the full disk in its last line, keeps every run whole, and completes once there is room', (t) => {
    const reference = exported(importedCopy());
    const ws = copyFixture(FIXTURE);
    const disk = diskFor(t, path.join(ws, '.modelledger'), IMPORT_DISK);
    if (!disk) return;

    const r = cli(['import', '--quiet'], ws, disk.cli);
    assert.equal(r.code, 1, r.stderr);
    assert.match(lastLine(r), /^model-ledger import: (\d+ of 44 runs failed to import|The import of mlruns stopped with an error)\. /);
    assert.match(lastLine(r), DISK_FULL);
    assert.doesNotMatch(r.stderr, /internal error/);

    const db = new Database(storePath(ws), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();
    const partial = exported(ws);
    assert.ok(partial.runs.length < reference.runs.length, 'the disk filled before the end');
    const whole = new Map(reference.runs.map((run) => [run.id, run]));
    for (const run of partial.runs) assert.deepEqual(run, whole.get(run.id), `run ${run.id} is whole: its params, tags and every metric point`);

    disk.grow();
    const again = cli(['import', '--quiet'], ws, disk.cli);
    assert.equal(again.code, 0, again.stderr);
    const complete = exported(ws);
    assert.deepEqual(complete.runs, reference.runs);
    assert.deepEqual(complete.models, reference.models);
  });

  it('export --output names the file and leaves no temporary file behind', (t) => {
    const ws = importedCopy();
    const out = path.join(ws, 'out');
    const disk = diskFor(t, out, { disk: 64 * 1024 });
    if (!disk) return;
    disk.fill();
    const before = fs.readdirSync(out);

    const r = cli(['export', '--output', path.join(out, 'ledger.json')], ws, disk.cli);
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`^model-ledger export: ${path.join(out, 'ledger.json')} could not be written: (no space left on the disk \\(ENOSPC\\); free some space|larger than the file size limit \\(EFBIG\\); raise the limit)`),
    );
    assert.deepEqual(fs.readdirSync(out), before, 'no ledger.json, no temporary file');
  });

  it('a registry write the store cannot record takes its tag back: nothing is half written', (t) => {
    const repo = makeRepo('faults-full-');
    write(repo, 'models/churn.pkl', 'weights');
    const folder = path.join(repo, '.modelledger');
    // Under a file-size limit the store's -shm (32 kB) must exist before the CLI starts, or its
    // open fails before the tag is written; a reader holding the store open (VS Code) makes it.
    const disk = diskFor(t, folder, { disk: 1024 * 1024, file: 16 * 1024 });
    if (!disk) return;
    const registered = cli(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
    assert.equal(registered.code, 0, registered.stderr);
    const reader = new Database(storePath(repo), { readonly: true });
    try {
      reader.pragma('user_version');
      disk.fill();
      const r = cli(['assign', 'churn', 'v0.0.1', 'prod'], repo, disk.cli);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^model-ledger assign: Nothing was written: the store could not record the tag churn#prod#1, so the tag was removed again\. /);
      assert.match(r.stderr, DISK_FULL);
    } finally {
      reader.close();
    }
    assert.equal(git(repo, ['tag', '--list']), 'churn@v0.0.1');
    assert.match(cli(['status'], repo).stdout, /audit entries\s+1\n/);

    disk.grow();
    const assigned = cli(['assign', 'churn', 'v0.0.1', 'prod'], repo, disk.cli);
    assert.equal(assigned.code, 0, assigned.stderr);
    assert.deepEqual(git(repo, ['tag', '--list']).split('\n'), ['churn#prod#1', 'churn@v0.0.1']);
    assert.match(cli(['status'], repo).stdout, /audit entries\s+2\n/);
  });
});

/** A copy of the fixture imported on an ordinary disk. */
function importedCopy(): string {
  const ws = copyFixture(FIXTURE);
  const r = cli(['import', '--quiet'], ws);
  assert.equal(r.code, 0, r.stderr);
  return ws;
}
