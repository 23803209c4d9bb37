// What `model-ledger import` is pointed at, and what it says when a run or a source fails.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { Store } from '../../../src/store/store';
import { cli } from '../helpers/cli';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

const TOM = 'Tom-source__opdracht';
const TOM_RUN = 'mlruns/814720963504240431/23c38a115e4f4cba8a767e3372cae003';

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1)!;
}

function runCount(ws: string): number {
  const store = Store.open(ws, { readonly: true });
  try {
    return store.counts().runs;
  } finally {
    store.close();
  }
}

describe('faults: import targets', () => {
  it('a symbolic link loop is named as one, not as missing', () => {
    const ws = tempDir();
    fs.symlinkSync('b', path.join(ws, 'a'));
    fs.symlinkSync('a', path.join(ws, 'b'));
    const r = cli(['import', 'a'], ws);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `model-ledger import: ${path.join(ws, 'a')} is a symbolic link that loops back on itself (ELOOP); point the link at a real file or folder.\n`);
    assert.equal(fs.existsSync(path.join(ws, '.modelledger')), false, 'no store made for nothing');
  });

  it('--kind that does not fit the target is refused before anything is made', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, 'notes'));
    fs.writeFileSync(path.join(ws, 'notes', 'todo.txt'), 'train more\n');
    const cases: [string, string, RegExp][] = [
      ['notes', 'mlflow-db', /notes is a folder; --kind mlflow-db reads an MLflow SQLite database file \(mlflow\.db\)\.$/],
      ['notes', 'dvclive', /notes holds none of DVCLive's files \(metrics\.json, params\.yaml, plots\/metrics\/\); --kind dvclive reads a DVCLive output folder/],
      ['notes', 'mlflow', /notes holds no MLflow experiment \(a folder with a meta\.yaml\); --kind mlflow reads an MLflow file store folder/],
      ['notes', 'runlog', /notes holds no \.jsonl run log file; --kind runlog reads/],
      ['notes/todo.txt', 'mlflow-db', /todo\.txt is not an MLflow database \(a SQLite file with MLflow's experiments and runs tables\)/],
      ['notes/todo.txt', 'dvclive', /todo\.txt is a file; --kind dvclive reads a DVCLive output folder/],
    ];
    for (const [target, kind, message] of cases) {
      const r = cli(['import', target, '--kind', kind], ws);
      assert.equal(r.code, 1, `${target} as ${kind}: ${r.stderr}`);
      assert.match(r.stderr.trim(), message);
      assert.doesNotMatch(r.stderr, /disk I\/O error|internal error/);
    }
    assert.equal(fs.existsSync(path.join(ws, '.modelledger')), false, 'no store made, no empty run');
  });

  it('--kind still takes a source that detection misses: a DVCLive run that has logged only its params', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, 'live'));
    fs.writeFileSync(path.join(ws, 'live', 'params.yaml'), 'lr: 0.01\nepochs: 3\n');
    assert.equal(cli(['import', 'live'], ws).code, 1, 'not detected without --kind');
    const r = cli(['import', 'live', '--kind', 'dvclive'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^live\s+dvclive\s+1\s+1\s+0\s+0\s+0$/m);
  });
});

describe('faults: import outcome', () => {
  it('a bad metric line is reported once with "line skipped" once, and the import exits 0', () => {
    const ws = copyFixture(TOM);
    const metric = path.join(ws, TOM_RUN, 'metrics', 'accuracy');
    fs.appendFileSync(metric, Buffer.concat([Buffer.from([0xff, 0xfe, 0x20, 0x31, 0x0a]), Buffer.from('not a metric line\n')]));
    const r = cli(['import', '--quiet'], ws);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 3, r.stderr);
    assert.equal(lines[0], `${metric}:2: warning: not valid UTF-8; line skipped`);
    assert.ok(lines[1]!.startsWith(`${metric}:3: warning: `), lines[1]);
    assert.equal(lines[1]!.split('line skipped').length - 1, 1, lines[1]);
    assert.ok(lines[1]!.endsWith('; line skipped'), lines[1]);
    assert.equal(lines[2], '2 problem(s) reported above; everything else was imported.');
  });

  it('a run that fails makes the exit code 1, with the counts in the last line', () => {
    const ws = copyFixture(TOM);
    const meta = path.join(ws, TOM_RUN, 'meta.yaml');
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/^status: \d+$/m, 'status: 42'));
    const r = cli(['import', '--quiet'], ws);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`${meta}: error: unknown run status "42"; run skipped`));
    assert.match(r.stdout, /^mlruns\s+mlflow\s+\d+\s+\d+\s+\d+\s+\d+\s+1$/m, 'the table still shows what was imported');
    const imported = runCount(ws);
    assert.equal(
      lastLine(r.stderr),
      `model-ledger import: 1 of ${imported + 1} runs failed to import. The problems above say why. Fix them and import again: what was imported stays, and only what changed is read again.`,
    );
  });

  it('a source that cannot be read as a whole makes the exit code 1 and is named', () => {
    const ws = tempDir();
    // MLflow's three tables, but not MLflow's columns: found as an mlflow.db, unreadable as one.
    const db = new Database(path.join(ws, 'mlflow.db'));
    db.exec('CREATE TABLE alembic_version (v); CREATE TABLE experiments (x); CREATE TABLE runs (y); INSERT INTO runs VALUES (1);');
    db.close();
    const r = cli(['import', '--quiet'], ws);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /mlflow\.db: error: cannot be imported: .*; nothing was imported from it\n/);
    assert.match(lastLine(r.stderr), /^model-ledger import: The import of mlflow\.db stopped with an error\. The problems above say why\./);
  });
});
