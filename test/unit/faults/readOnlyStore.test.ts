// A store this user cannot write: a read-only ledger.db, the -wal and -shm SQLite then leaves
// read-only beside it, a read-only .modelledger/ folder. Writes exit 1 naming what to make
// writable; reads work read-only and change nothing. The CLI runs as a user file modes hold.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { Store } from '../../../src/store/store';
import { storePath } from '../../../src/store/paths';
import { git, makeRepo, write } from '../registry/gitRepos';
import { cli, type CliResult } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';
import { unprivileged, type Unprivileged } from './unprivileged';

const user = unprivileged();
const skip = 'skip' in user ? user.skip : false;

/** The CLI as the unprivileged user. */
function run(args: string[], cwd: string): CliResult {
  return cli(args, cwd, (user as Unprivileged).cli);
}

/** A copy of real MLflow runs imported by their owner, the unprivileged user. */
function importedWorkspace(t: TestContext): string {
  const ws = copyFixture('Tom-source__opdracht');
  (user as Unprivileged).own(ws);
  t.diagnostic(`the CLI runs as ${(user as Unprivileged).who}`);
  const r = run(['import', '--quiet'], ws);
  assert.equal(r.code, 0, r.stderr);
  return ws;
}

/** Sets a mode for the test and puts the old one back after it (so the temp folder can be removed). */
function chmodForTest(t: TestContext, file: string, mode: number): void {
  const before = fs.statSync(file).mode & 0o7777;
  fs.chmodSync(file, mode);
  t.after(() => fs.existsSync(file) && fs.chmodSync(file, before));
}

function assertOneLineFault(r: CliResult, command: string): string {
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.ok(r.stderr.startsWith(`model-ledger ${command}: `), r.stderr);
  return r.stderr.trim();
}

/** `chmod MODE PATH…` commands a message tells the user to run. */
function chmodsIn(message: string): { mode: string; paths: string[] }[] {
  return [...message.matchAll(/chmod (u\+rwx?) ((?:\/[^\s)]+ ?)+)/g)].map((m) => ({ mode: m[1]!, paths: m[2]!.trim().split(' ') }));
}

describe('faults: a read-only store', { skip }, () => {
  it('a read-only ledger.db: import exits 1 naming it, and reads still work', (t) => {
    const ws = importedWorkspace(t);
    const exported = run(['export'], ws).stdout;
    chmodForTest(t, storePath(ws), 0o444);

    const message = assertOneLineFault(run(['import', '--quiet'], ws), 'import');
    assert.match(message, new RegExp(`cannot be written by this user: ${storePath(ws)} \\(read-only\\)`));
    assert.match(message, /Make (it|them) writable \(chmod u\+rw .*ledger\.db.*\), or run as the user who owns/);
    assert.match(message, /Commands that only read work as it is\.$/);

    for (const args of [['status'], ['runs', '--json'], ['experiments'], ['models']]) assert.equal(run(args, ws).code, 0, args.join(' '));
    assert.equal(run(['export'], ws).stdout, exported, 'reads see the same store');
    assertOneLineFault(run(['run', 'rename', 'nope', 'x'], ws), 'run');
  });

  it('after ledger.db is writable again, the -wal and -shm SQLite made read-only are named, and their fix works', (t) => {
    const ws = importedWorkspace(t);
    chmodForTest(t, storePath(ws), 0o444);
    run(['import', '--quiet'], ws); // SQLite makes -wal and -shm with ledger.db's mode, and leaves them
    for (const suffix of ['-wal', '-shm']) t.after(() => fs.rmSync(storePath(ws) + suffix, { force: true }));
    fs.chmodSync(storePath(ws), 0o644);

    const message = assertOneLineFault(run(['import', '--quiet'], ws), 'import');
    assert.doesNotMatch(message, new RegExp(`${storePath(ws)} \\(read-only\\)`), 'ledger.db itself is writable now');
    assert.match(message, /ledger\.db-(wal|shm) \(read-only\)/);
    assert.match(message, /SQLite makes ledger\.db-wal and -shm with the permissions ledger\.db had, so they stay read-only after it is made writable again/);

    for (const { paths } of chmodsIn(message)) for (const p of paths) fs.chmodSync(p, 0o644);
    const again = run(['import', '--quiet'], ws);
    assert.equal(again.code, 0, again.stderr);
  });

  it('a read-only .modelledger/: reads work read-only and leave the folder as it was; writes exit 1 naming it', (t) => {
    const ws = importedWorkspace(t);
    const folder = path.dirname(storePath(ws));
    const exported = run(['export'], ws).stdout;
    const runs = run(['runs', '--json'], ws).stdout;
    assert.deepEqual(fs.readdirSync(folder).sort(), ['.gitignore', 'ledger.db'], 'no -wal or -shm after a clean close');
    chmodForTest(t, folder, 0o555);

    for (const args of [['status'], ['experiments'], ['models']]) {
      const r = run(args, ws);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
    }
    assert.equal(run(['export'], ws).stdout, exported);
    assert.equal(run(['runs', '--json'], ws).stdout, runs);
    assert.deepEqual(fs.readdirSync(folder).sort(), ['.gitignore', 'ledger.db'], 'reading made nothing');

    for (const [command, ...args] of [['import', '--quiet'], ['init'], ['run', 'pin', 'nope']] as const) {
      const message = assertOneLineFault(run([command, ...args], ws), command);
      assert.match(message, new RegExp(`the folder ${folder} \\(read-only\\)`));
      assert.match(message, new RegExp(`chmod u\\+rwx ${folder}`));
    }
  });

  it('a read-only .modelledger/ whose -wal holds changes: reading refuses rather than show stale data', (t) => {
    const source = importedWorkspace(t);
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, '.modelledger'));
    // Copy the store while a connection has a change in its -wal only, as a crashed writer leaves it.
    const runId = JSON.parse(run(['runs', '--json'], source).stdout)[0].id as string;
    const store = Store.open(source);
    store.db.pragma('wal_autocheckpoint = 0');
    store.runAnnotations.setNote(runId, 'written only to the -wal', null);
    for (const suffix of ['', '-wal']) fs.copyFileSync(storePath(source) + suffix, storePath(ws) + suffix);
    store.close();
    (user as Unprivileged).own(ws);
    chmodForTest(t, path.join(ws, '.modelledger'), 0o555);

    const message = assertOneLineFault(run(['status'], ws), 'status');
    assert.match(message, /has changes in ledger\.db-wal that SQLite can read only by creating ledger\.db-shm beside it/);
    assert.match(message, /make the folder writable \(chmod u\+rwx /);

    fs.chmodSync(path.join(ws, '.modelledger'), 0o755);
    const runs = run(['runs', '--json'], ws);
    assert.equal(runs.code, 0, runs.stderr);
    assert.equal(JSON.parse(runs.stdout).find((r: { id: string }) => r.id === runId).annotations.note, 'written only to the -wal');
  });

  it('init in a folder this user cannot write exits 1 naming the folder, and makes nothing', (t) => {
    const ws = tempDir();
    (user as Unprivileged).own(ws);
    chmodForTest(t, ws, 0o555);
    const message = assertOneLineFault(run(['init'], ws), 'init');
    assert.match(message, new RegExp(`the folder ${ws} \\(read-only\\)`));
    assert.deepEqual(fs.readdirSync(ws), []);
  });
});

describe('faults: registering into a read-only store', { skip }, () => {
  it('writes no tag and no audit entry, then registers once the store is writable', (t) => {
    const repo = makeRepo('faults-register-');
    write(repo, 'models/churn.pkl', 'weights');
    (user as Unprivileged).own(repo);
    t.diagnostic(`the CLI runs as ${(user as Unprivileged).who}`);
    assert.equal(run(['init'], repo).code, 0);
    const tags = () => git(repo, ['-c', 'safe.directory=*', 'tag', '--list']);
    chmodForTest(t, storePath(repo), 0o444);

    const message = assertOneLineFault(run(['register', 'churn', '--artifact', 'models/churn.pkl'], repo), 'register');
    assert.match(message, /cannot be written by this user/);
    assert.equal(tags(), '', 'no tag written');

    const listed = run(['models'], repo);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stderr, /^warning: .*ledger\.db cannot be written, so the registry tags were not read again/);

    for (const name of fs.readdirSync(path.dirname(storePath(repo)))) fs.chmodSync(path.join(repo, '.modelledger', name), 0o644);
    const registered = run(['register', 'churn', '--artifact', 'models/churn.pkl'], repo);
    assert.equal(registered.code, 0, registered.stderr);
    assert.equal(tags(), 'churn@v0.0.1');
    assert.match(run(['status'], repo).stdout, /audit entries\s+1\n/);
  });
});
