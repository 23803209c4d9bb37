import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { makeDemo } from '../../scripts/make-demo';
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations';
import { storePath } from '../../src/store/paths';
import { cli } from './helpers/cli';
import { copyFixture } from './helpers/fixtures';
import { tempDir } from './helpers/temp';

const COMMANDS = ['init', 'status', 'experiments', 'runs', 'models', 'export'];

describe('cli on the demo workspace', () => {
  let demo: string;
  before(async () => {
    demo = path.join(tempDir(), 'demo');
    await makeDemo(demo);
  });

  it('status names the store, its schema and counts', () => {
    const r = cli(['status'], demo);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`Store:\\s+${storePath(demo).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(r.stdout, new RegExp(`Schema: ${LATEST_SCHEMA_VERSION}\\n`));
    assert.match(r.stdout, /experiments\s+2\n/);
    assert.match(r.stdout, /runs\s+5\n/);
    assert.match(r.stdout, /models\s+2\nmodel versions\s+3\n/);
  });

  it('finds the store from a subfolder', () => {
    fs.mkdirSync(path.join(demo, 'src', 'deep'), { recursive: true });
    const r = cli(['experiments', '--json'], path.join(demo, 'src', 'deep'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).map((e: { name: string; runs: number }) => [e.name, e.runs]), [['baseline', 2], ['tuning', 3]]);
  });

  it('runs filters by experiment, as a table and as JSON', () => {
    const table = cli(['runs', '--experiment', 'tuning'], demo);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^EXPERIMENT\s+NAME\s+STATUS/);
    assert.equal(table.stdout.trim().split('\n').length, 4);
    assert.match(table.stdout, /gbm-lr-0\.3\s+failed/);
    const json = JSON.parse(cli(['runs', '--experiment', 'baseline', '--json'], demo).stdout);
    assert.deepEqual(json.map((r: { name: string }) => r.name).sort(), ['logreg-default', 'logreg-strong-reg']);
    assert.deepEqual(Object.keys(json[0].metrics).sort(), ['loss', 'val/accuracy']);
    assert.equal(json[0].metrics.loss.count, 30);
  });

  it('an unknown experiment is a user error naming it and the known ones', () => {
    const r = cli(['runs', '--experiment', 'nope'], demo);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'model-ledger runs: No experiment named "nope" (known: baseline, tuning).\n');
  });

  it('models lists versions with stages', () => {
    const r = cli(['models'], demo);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /churn-classifier\s+v1\.1\.0\s+staging/);
    assert.match(r.stdout, /churn-classifier\s+v1\.0\.0\s+prod/);
    const json = JSON.parse(cli(['models', '--json'], demo).stdout);
    assert.equal(json[0].name, 'churn-classifier');
    assert.deepEqual(json[0].versions.map((v: { version: string; stages: string[] }) => [v.version, v.stages]), [['v1.1.0', ['staging']], ['v1.0.0', ['prod']]]);
  });

  it('export prints the documented shape', () => {
    const r = cli(['export'], demo);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.format, 'model-ledger-export');
    assert.equal(data.version, 1);
    assert.deepEqual(Object.keys(data), ['format', 'version', 'experiments', 'runs', 'models', 'audit']);
    assert.deepEqual(Object.keys(data.experiments[0]), ['id', 'name', 'deleted', 'origin']);
    assert.deepEqual(Object.keys(data.runs[0]), ['id', 'experimentId', 'name', 'status', 'deleted', 'startTime', 'endTime', 'git', 'params', 'tags', 'metrics', 'origin']);
    assert.deepEqual(Object.keys(data.runs[0].git), ['commit', 'branch', 'dirty']);
    assert.match(data.runs[0].git.commit, /^[0-9a-f]{40}$/);
    assert.deepEqual(Object.keys(data.runs[0].metrics.loss), ['count', 'last', 'min', 'max']);
    assert.deepEqual(Object.keys(data.models[0]), ['name', 'description', 'versions']);
    assert.deepEqual(Object.keys(data.models[0].versions[0]), ['version', 'runId', 'commit', 'artifact', 'stages', 'createdAt', 'createdBy']);
    assert.equal(data.runs.length, 5);
    assert.ok(data.runs.every((run: { status: string }) => ['running', 'scheduled', 'finished', 'failed', 'killed'].includes(run.status)));
    // The demo's registry, written through the registry as a user would (scripts/make-demo.ts).
    assert.deepEqual(data.audit.map((a: { action: string; target: string }) => `${a.action} ${a.target}`), [
      'version.register churn-logreg@v0.1.0',
      'stage.assign churn-logreg#staging',
      'version.register churn-classifier@v1.0.0',
      'stage.assign churn-classifier#staging',
      'stage.assign churn-classifier#prod',
      'stage.unassign churn-logreg#staging',
      'model.deprecate churn-logreg',
      'version.register churn-classifier@v1.1.0',
      'stage.assign churn-classifier#staging',
      'stage.assign churn-classifier#prod',
      'stage.rollback churn-classifier#prod',
    ]);
  });

  it('export --output writes the same JSON to a file', () => {
    const file = path.join(tempDir(), 'out.json');
    const r = cli(['export', '--output', file], demo);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), JSON.parse(cli(['export'], demo).stdout));
  });
});

describe('cli: import summary', () => {
  it('counts deleted runs apart, in the words of the Experiments view', () => {
    const ws = copyFixture('LucasGasparello__KobeDatasetMlflow');
    const metas = fs.readdirSync(path.join(ws, 'mlruns'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('meta.yaml') && f.split(path.sep).length === 3 && !f.startsWith('models'));
    const deleted = metas.filter((f) => /^lifecycle_stage: deleted$/m.test(fs.readFileSync(path.join(ws, 'mlruns', f), 'utf8'))).length;
    assert.ok(deleted > 0, 'the fixture has deleted runs');
    const result = cli(['import', '--quiet'], ws);
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = result.stdout.trim().split('\n');
    assert.deepEqual(header!.split(/\s{2,}/), ['SOURCE', 'KIND', 'EXPERIMENTS', 'RUNS', 'DELETED', 'MODELS', 'FAILED']);
    const cells = row!.split(/\s{2,}/);
    assert.equal(Number(cells[4]), deleted);
    assert.equal(Number(cells[3]) + Number(cells[4]), metas.length, 'every run is counted once');
  });
});

describe('cli: help, errors and exit codes', () => {
  it('every command has --help', () => {
    for (const command of COMMANDS) {
      const r = cli([command, '--help'], tempDir());
      assert.equal(r.code, 0, command);
      assert.match(r.stdout, new RegExp(`^Usage: model-ledger ${command}`), command);
    }
    const main = cli(['--help'], tempDir());
    assert.equal(main.code, 0);
    for (const command of COMMANDS) assert.match(main.stdout, new RegExp(`\\n  ${command}\\s`));
  });

  it('init creates the store and is safe to repeat', () => {
    const ws = tempDir();
    const first = cli(['init'], ws);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`Store ready at .*ledger\\.db \\(schema ${LATEST_SCHEMA_VERSION}\\)`));
    assert.equal(cli(['init'], ws).code, 0);
    assert.ok(fs.existsSync(path.join(ws, '.modelledger', '.gitignore')));
  });

  it('user errors exit 1 with one line naming the problem', () => {
    const ws = tempDir();
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^model-ledger: unknown command "frobnicate"; run "model-ledger --help" for the list\.\n$/],
      [['runs', '--colour'], /^model-ledger runs: Unknown option '--colour'.*see "model-ledger runs --help"\.\n$/],
      [['status'], /^model-ledger status: No Model Ledger store at .*ledger\.db; run "model-ledger init" or import runs first\.\n$/],
      [['experiments', 'extra'], /^model-ledger experiments: expected 0 argument\(s\), got 1/],
      [['export', '--output', path.join(ws, 'missing', 'dir', 'x.json'), '--workspace', ws], /^model-ledger export: /],
    ];
    cli(['init'], path.join(ws));
    for (const [args, message] of cases) {
      const r = cli(args, args[0] === 'status' ? tempDir() : ws);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
    }
  });

  it('a model name starting with - is an argument, not an option', () => {
    const ws = tempDir();
    cli(['init'], ws);
    const r = cli(['runs', '--experiment=--rm -rf'], ws);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /No experiment named "--rm -rf"/);
  });

  it('a store from a newer Model Ledger is refused (exit 1) and left untouched', () => {
    const ws = tempDir();
    cli(['init'], ws);
    const db = new Database(storePath(ws));
    db.pragma('user_version = 99');
    db.close();
    const before = fs.readFileSync(storePath(ws));
    const r = cli(['status'], ws);
    assert.equal(r.code, 1);
    assert.ok(r.stderr.includes(`newer Model Ledger (schema 99; this version reads up to ${LATEST_SCHEMA_VERSION})`), r.stderr);
    assert.deepEqual(fs.readFileSync(storePath(ws)), before);
  });

  it('an inconsistent store is an internal error (exit 2), not a crash', () => {
    const ws = tempDir();
    fs.mkdirSync(path.join(ws, '.modelledger'));
    const db = new Database(storePath(ws));
    db.exec('CREATE TABLE experiments (x)');
    db.pragma('user_version = 1');
    db.close();
    const r = cli(['experiments'], ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^model-ledger experiments: internal error: .*\n$/);
  });

  it('control characters in names cannot reach the terminal', () => {
    const r = cli(['runs', '--experiment', 'evil\u001b[2Jname'], tempDir());
    assert.equal(r.stderr.includes('\u001b'), false, 'no escape character');
  });
});
