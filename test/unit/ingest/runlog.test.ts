import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink, formatDiagnostic, type Diagnostic } from '../../../src/ingest/diagnostics';
import { importRunLog, isRunLogFolder } from '../../../src/ingest/runlog/importRunLog';
import { exportStore, type ExportedRun } from '../../../src/store/export';
import { Store } from '../../../src/store/store';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';

const RUNS = '.modelledger/runs';
const T0 = 1_767_225_600_000;
const PYTHON_ENV = { ...process.env, PYTHONPATH: path.join(PROJECT_ROOT, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' };

/** A workspace's store, kept open across imports as the extension keeps it. */
class Ledger {
  readonly store: Store;

  constructor(readonly ws: string) {
    this.store = Store.open(ws);
  }

  import(target = RUNS) {
    const sink = new DiagnosticSink();
    const summary = importRunLog({ store: this.store, workspace: this.ws, diagnostics: sink }, target);
    return { summary, diagnostics: sink.all };
  }

  export() {
    return exportStore(this.store);
  }

  run(id: string): ExportedRun | undefined {
    return this.export().runs.find((r) => r.id === id);
  }

  position(id: string) {
    return this.store.ingestFiles.get(`runlog:${RUNS}/${id}.jsonl`);
  }

  close(): void {
    this.store.close();
  }
}

function start(runId: string, fields: Record<string, unknown> = {}) {
  return { type: 'start', v: 1, t: T0, run_id: runId, experiment: 'exp', name: 'a run', git: null, command: 'train', start_time: T0, ...fields };
}

function jsonl(...records: object[]): string {
  return records.map((r) => `${JSON.stringify(r)}\n`).join('');
}

function writeLog(ws: string, fileName: string, content: string | Buffer): string {
  const file = path.join(ws, RUNS, fileName);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return file;
}

/** Imports `content` into a fresh workspace: what an incremental import must end up equal to. */
function freshExport(fileName: string, content: string | Buffer) {
  const ws = tempDir();
  writeLog(ws, fileName, content);
  const ledger = new Ledger(ws);
  ledger.import();
  const exported = ledger.export();
  ledger.close();
  return exported;
}

function makeOld(file: string): void {
  const old = Date.now() / 1000 - 60;
  fs.utimesSync(file, old, old);
}

function assertDiagnostic(diagnostics: Diagnostic[], expected: { file: string; line?: number; severity: Diagnostic['severity']; message: RegExp }): void {
  const found = diagnostics.find((d) => d.file === expected.file && d.line === expected.line && d.severity === expected.severity && expected.message.test(d.message));
  assert.ok(found, `expected ${expected.severity} at ${expected.file}:${expected.line ?? ''} matching ${expected.message}, got:\n${diagnostics.map(formatDiagnostic).join('\n')}`);
  if (expected.line !== undefined) assert.ok(formatDiagnostic(found).startsWith(`${expected.file}:${expected.line}: `));
}

function run(command: string, args: string[], options: SpawnSyncOptions): string {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${String(result.stdout)}\n${String(result.stderr)}`);
  return String(result.stdout).trim();
}

function gitRepo(ws: string): void {
  const git = (...args: string[]) => run('git', args, { cwd: ws });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  git('add', '.');
  git('commit', '-q', '-m', 'training code');
}

const TRAIN_PY = `
import sys, model_ledger
with model_ledger.start_run(experiment="tuning", name="lr-0.1") as run:
    run.log_params({"lr": 0.1, "epochs": 5})
    run.set_tag("model", "mlp")
    run.log_input("data/train.csv")
    for epoch in range(5):
        run.log_metrics({"loss": 1 / (epoch + 1), "acc": epoch / 10}, step=epoch)
    run.log_metric("val/loss (ema)", float("nan"))
    with open("model.bin", "wb") as model:
        model.write(b"weights")
    run.log_artifact("model.bin")
    if "--fail" in sys.argv:
        raise RuntimeError("diverged")
print(run.run_id)
`;

describe('run log: a real Python training script', () => {
  it('imports the run the client wrote: params, tags, metrics, git state, artifacts, inputs', () => {
    const ws = tempDir();
    fs.writeFileSync(path.join(ws, 'train.py'), TRAIN_PY);
    fs.mkdirSync(path.join(ws, 'data'));
    fs.writeFileSync(path.join(ws, 'data', 'train.csv'), 'x,y\n1,2\n');
    gitRepo(ws);
    const runId = run('python3', ['train.py'], { cwd: ws, env: PYTHON_ENV });
    const head = run('git', ['rev-parse', 'HEAD'], { cwd: ws });

    const ledger = new Ledger(ws);
    const { summary, diagnostics } = ledger.import();
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(summary, { kind: 'runlog', source: RUNS, experiments: 1, runs: 1, models: 0, failedRuns: 0 });
    const exported = ledger.export();
    assert.deepEqual(exported.experiments.map((e) => [e.name, e.origin]), [['tuning', { source: 'native', id: 'tuning', path: RUNS }]]);
    const r = exported.runs[0]!;
    assert.equal(r.id, runId);
    assert.equal(r.name, 'lr-0.1');
    assert.equal(r.status, 'finished');
    assert.deepEqual(r.git, { commit: head, branch: 'main', dirty: false });
    assert.deepEqual(r.origin, { source: 'native', id: runId, path: `${RUNS}/${runId}.jsonl` });
    assert.ok(r.startTime! <= r.endTime!);
    assert.deepEqual(r.params, { epochs: '5', lr: '0.1' });
    assert.deepEqual(r.tags, { model: 'mlp' });
    assert.deepEqual({ ...r.metrics }, {
      acc: { count: 5, last: 0.4, min: 0, max: 0.4 },
      loss: { count: 5, last: 0.2, min: 0.2, max: 1 },
      'val/loss (ema)': { count: 1, last: 'NaN', min: null, max: null },
    });
    assert.equal(ledger.store.runs.get(runId)?.command, 'train.py');
    assert.deepEqual(ledger.store.runs.artifacts(runId), [{ path: 'model.bin', sha256: createHash('sha256').update('weights').digest('hex'), size: 7 }]);
    assert.deepEqual(ledger.store.runs.inputs(runId), [{ path: 'data/train.csv', sha256: createHash('sha256').update('x,y\n1,2\n').digest('hex') }]);
    ledger.close();
  });

  it('marks the run failed when the script raises', () => {
    const ws = tempDir();
    fs.writeFileSync(path.join(ws, 'train.py'), TRAIN_PY);
    const result = spawnSync('python3', ['train.py', '--fail'], { cwd: ws, env: PYTHON_ENV, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /RuntimeError: diverged/);
    const ledger = new Ledger(ws);
    ledger.import();
    const [r] = ledger.export().runs;
    assert.equal(r?.status, 'failed');
    assert.equal(r?.git, null, 'not a git repository');
    assert.equal(r?.metrics.loss?.count, 5);
    ledger.close();
  });

  it('marks a run killed once its writer died without an end line (SIGKILL)', { skip: process.platform === 'win32' }, async () => {
    const ws = tempDir();
    const script = 'import time, model_ledger\nrun = model_ledger.start_run(experiment="e")\nrun.log_metric("loss", 1.0)\nprint(run.run_id, flush=True)\ntime.sleep(60)\n';
    const child = spawn('python3', ['-c', script], { cwd: ws, env: PYTHON_ENV, stdio: ['ignore', 'pipe', 'inherit'] });
    const runId = await new Promise<string>((resolve) => child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
    const ledger = new Ledger(ws);
    ledger.import();
    assert.equal(ledger.run(runId)?.status, 'running', 'alive: still running');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const { diagnostics } = ledger.import();
    const r = ledger.run(runId);
    assert.equal(r?.status, 'killed');
    assert.equal(r?.endTime, Math.trunc(fs.statSync(path.join(ws, RUNS, `${runId}.jsonl`)).mtimeMs));
    assertDiagnostic(diagnostics, { file: path.join(ws, RUNS, `${runId}.jsonl`), severity: 'warning', message: /writer \(pid \d+ on .+\) is gone/ });
    ledger.close();
  });
});

describe('run log: the shell example', () => {
  it('logs a run with echo that imports as a finished run', () => {
    const ws = tempDir();
    const log = run('sh', [path.join(PROJECT_ROOT, 'examples', 'shell', 'log-run.sh'), ws], { env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(ws) } });
    assert.match(log, /^\.modelledger\/runs\/sh-\d+-\d+\.jsonl$/);
    const ledger = new Ledger(ws);
    const { summary, diagnostics } = ledger.import();
    assert.deepEqual(diagnostics, []);
    assert.equal(summary.runs, 1);
    const [r] = ledger.export().runs;
    assert.equal(r?.status, 'finished');
    assert.deepEqual(r?.params, { epochs: '3', lr: '0.1' });
    assert.deepEqual(r?.metrics.loss, { count: 3, last: 0.333333, min: 0.333333, max: 1 });
    ledger.close();
  });
});

describe('run log: incremental import', () => {
  const runId = 'inc';
  const content = jsonl(
    start(runId),
    { type: 'params', t: T0 + 1, values: { lr: '0.1', batch: 32 } },
    ...Array.from({ length: 6 }, (_, step) => ({ type: 'metrics', t: T0 + 10 + step, step, values: { loss: 1 / (step + 1), acc: step / 10 } })),
    { type: 'params', t: T0 + 20, values: { lr: '0.05' } },
    { type: 'tags', t: T0 + 21, values: { phase: 'fine-tune' } },
    { type: 'artifact', t: T0 + 22, path: 'model.bin', sha256: 'a'.repeat(64), size: 10 },
    { type: 'input', t: T0 + 23, path: 'data/a.csv', sha256: null },
    { type: 'input', t: T0 + 24, path: 'data/b.csv', sha256: 'B'.repeat(64) },
    { type: 'end', t: T0 + 30, status: 'finished' },
  );

  it('reads only the bytes appended since the last import, and ends equal to a fresh import', () => {
    const ws = tempDir();
    const ledger = new Ledger(ws);
    const file = writeLog(ws, `${runId}.jsonl`, '');
    // Cut points in mid-line too: a line's first half waits for its second.
    const cuts = [0, 40, content.indexOf('\n') + 1, 300, 301, 555, content.length - 5, content.length];
    for (let i = 1; i < cuts.length; i++) {
      fs.appendFileSync(file, content.slice(cuts[i - 1], cuts[i]));
      const { diagnostics } = ledger.import();
      assert.deepEqual(diagnostics, [], `import ${i}: a fresh torn line is waited for silently`);
      const sofar = content.slice(0, cuts[i]);
      const complete = sofar.slice(0, sofar.lastIndexOf('\n') + 1);
      const position = ledger.position(runId);
      assert.equal(position?.offset, Buffer.byteLength(complete), `import ${i} stopped after the last complete line`);
      assert.equal(position?.lines, complete.split('\n').length - 1);
      const points = complete.split('\n').filter((l) => l.includes('"metrics"')).length;
      assert.equal(ledger.run(runId)?.metrics.loss?.count ?? 0, points, `import ${i}: every point once`);
    }
    const before = ledger.store.counts();
    ledger.import();
    assert.deepEqual(ledger.store.counts(), before, 'an unchanged file adds nothing');
    assert.deepEqual(ledger.export(), freshExport(`${runId}.jsonl`, content));
    const r = ledger.run(runId)!;
    assert.deepEqual(r.params, { batch: '32', lr: '0.05' }, 'a later value replaces an earlier one');
    assert.equal(r.status, 'finished');
    assert.deepEqual(ledger.store.runs.inputs(runId).map((i) => i.sha256), [null, 'b'.repeat(64)]);
    ledger.close();
  });

  it('imports one file given as the target', () => {
    const ws = tempDir();
    writeLog(ws, `${runId}.jsonl`, content);
    writeLog(ws, 'other.jsonl', jsonl(start('other')));
    const ledger = new Ledger(ws);
    const { summary } = ledger.import(`${RUNS}/${runId}.jsonl`);
    assert.deepEqual(summary, { kind: 'runlog', source: `${RUNS}/${runId}.jsonl`, experiments: 1, runs: 1, models: 0, failedRuns: 0 });
    assert.deepEqual(ledger.export().runs.map((r) => r.id), [runId]);
    ledger.close();
  });

  it('reports progress and counts runs of one experiment once', () => {
    const ws = tempDir();
    for (const id of ['a', 'b', 'c']) writeLog(ws, `${id}.jsonl`, jsonl(start(id)));
    const ledger = new Ledger(ws);
    const progress: [number, number | null][] = [];
    const summary = importRunLog({ store: ledger.store, workspace: ws, diagnostics: new DiagnosticSink(), progress: (done, total) => progress.push([done, total]) }, RUNS);
    assert.deepEqual([summary.runs, summary.experiments], [3, 1]);
    assert.deepEqual(progress, [[1, 3], [2, 3], [3, 3]]);
    ledger.close();
  });
});

describe('run log: rewritten and truncated files', () => {
  const runId = 'rw';
  const first = jsonl(
    start(runId, { experiment: 'first' }),
    { type: 'params', t: T0, values: { a: '1' } },
    { type: 'tags', t: T0, values: { old: 'yes' } },
    ...[0, 1, 2].map((step) => ({ type: 'metrics', t: T0 + step, step, values: { loss: 3 - step } })),
    { type: 'artifact', t: T0, path: 'old.bin', sha256: null, size: null },
  );

  it('reads a rewritten file again from the start, keeping nothing of the old one', () => {
    const ws = tempDir();
    const file = writeLog(ws, `${runId}.jsonl`, first);
    const ledger = new Ledger(ws);
    ledger.import();
    const second = jsonl(
      start(runId, { name: 'second try' }),
      { type: 'params', t: T0, values: { b: '2' } },
      { type: 'metrics', t: T0, step: 0, values: { loss: 9 } },
      ...Array.from({ length: 5 }, (_, i) => ({ type: 'metrics', t: T0 + i, step: i, values: { acc: i } })),
      { type: 'end', t: T0 + 9, status: 'failed' },
    );
    fs.writeFileSync(file, second);
    assert.deepEqual(ledger.import().diagnostics, []);
    assert.deepEqual(ledger.run(runId), freshExport(`${runId}.jsonl`, second).runs[0]);
    assert.deepEqual(ledger.store.runs.artifacts(runId), []);
    ledger.close();
  });

  it('notices a rewrite of the same size', () => {
    const ws = tempDir();
    const file = writeLog(ws, `${runId}.jsonl`, first);
    const ledger = new Ledger(ws);
    ledger.import();
    const same = first.replace('"a":"1"', '"a":"2"');
    assert.equal(same.length, first.length);
    fs.writeFileSync(file, same);
    ledger.import();
    assert.deepEqual(ledger.run(runId)?.params, { a: '2' });
    assert.equal(ledger.run(runId)?.metrics.loss?.count, 3);
    ledger.close();
  });

  it('reads a truncated file again from the start', () => {
    const ws = tempDir();
    const file = writeLog(ws, `${runId}.jsonl`, first);
    const ledger = new Ledger(ws);
    ledger.import();
    const truncated = first.split('\n').slice(0, 4).join('\n') + '\n';
    fs.truncateSync(file, Buffer.byteLength(truncated));
    ledger.import();
    assert.deepEqual(ledger.export(), freshExport(`${runId}.jsonl`, truncated));
    assert.equal(ledger.run(runId)?.metrics.loss?.count, 1);
    ledger.close();
  });
});

describe('run log: bad input', () => {
  /** Imports one file of `lines` (strings or records) and returns the file and the import's result. */
  function importLines(lines: (string | object)[], fileName = 'r.jsonl') {
    const ws = tempDir();
    const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l)) + '\n').join('');
    const file = writeLog(ws, fileName, text);
    const ledger = new Ledger(ws);
    const result = ledger.import();
    return { ws, file, ledger, ...result };
  }

  it('reports a torn last line only once the run ended or the file is a few seconds old', () => {
    const ws = tempDir();
    const file = writeLog(ws, 'r.jsonl', jsonl(start('r'), { type: 'metrics', t: T0, step: 0, values: { loss: 1 } }) + '{"type":"metrics","t":1,"st');
    const ledger = new Ledger(ws);
    assert.deepEqual(ledger.import().diagnostics, [], 'a writer mid-line is waited for');
    makeOld(file);
    assertDiagnostic(ledger.import().diagnostics, { file, line: 3, severity: 'warning', message: /incomplete last line/ });
    fs.appendFileSync(file, 'ep":1,"values":{"loss":0.5}}\n');
    assert.deepEqual(ledger.import().diagnostics, []);
    assert.equal(ledger.run('r')?.metrics.loss?.count, 2, 'the completed line is imported');
    fs.appendFileSync(file, jsonl({ type: 'end', t: T0, status: 'finished' }) + '{"ty');
    assertDiagnostic(ledger.import().diagnostics, { file, line: 5, severity: 'warning', message: /incomplete last line/ });
    assert.equal(ledger.run('r')?.status, 'finished');
    ledger.close();
  });

  it('skips a line that is not UTF-8 and imports the rest', () => {
    const ws = tempDir();
    const file = writeLog(
      ws,
      'r.jsonl',
      Buffer.concat([Buffer.from(jsonl(start('r'))), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from(jsonl({ type: 'params', t: T0, values: { a: 'é' } }))]),
    );
    const ledger = new Ledger(ws);
    const { diagnostics } = ledger.import();
    assertDiagnostic(diagnostics, { file, line: 2, severity: 'error', message: /not valid UTF-8/ });
    assert.deepEqual(ledger.run('r')?.params, { a: 'é' });
    ledger.close();
  });

  it('skips lines of invalid JSON or of unknown shape with an error naming the line, and imports the rest', () => {
    const { file, ledger, diagnostics } = importLines([
      start('r'),
      '{"type":"metrics",',
      '',
      '[1,2]',
      { t: T0, values: {} },
      { type: 'metrics', t: T0, step: 0, values: { loss: 'abc' } },
      { type: 'metrics', t: T0, step: 1.5, values: { loss: 1 } },
      { type: 'params', t: T0, values: { a: { nested: true } } },
      { type: 'params', t: T0 },
      { type: 'artifact', t: T0, path: 'm.bin', sha256: 'not-a-hash' },
      { type: 'metrics', t: 'yesterday', step: 0, values: { loss: 1 } },
      { type: 'metrics', t: T0, step: 2, values: { loss: 'Infinity', acc: '-Infinity', f1: 'NaN' } },
      { type: 'end', t: T0, status: 'done' },
      { type: 'params', t: T0, values: { good: 'yes' } },
    ]);
    const expected: [number, RegExp][] = [
      [2, /not valid JSON/],
      [3, /empty line/],
      [4, /not a JSON object/],
      [5, /no "type"/],
      [6, /"values\.loss" must be a number/],
      [7, /"step" must be an integer/],
      [8, /"values\.a" must be a string, number or boolean/],
      [9, /"values" must be an object/],
      [10, /"sha256" must be 64 hex digits/],
      [11, /"t" must be an integer/],
      [13, /"status" must be one of finished, failed, killed/],
    ];
    for (const [line, message] of expected) assertDiagnostic(diagnostics, { file, line, severity: 'error', message });
    assert.equal(diagnostics.length, expected.length);
    const r = ledger.run('r')!;
    assert.deepEqual(r.params, { good: 'yes' });
    assert.equal(r.status, 'running');
    assert.deepEqual({ ...r.metrics }, {
      acc: { count: 1, last: '-Infinity', min: null, max: null },
      f1: { count: 1, last: 'NaN', min: null, max: null },
      loss: { count: 1, last: 'Infinity', min: null, max: null },
    });
    ledger.close();
  });

  it('skips unknown line types with one warning per type (forward compatibility)', () => {
    const { file, ledger, diagnostics } = importLines([
      start('r'),
      { type: 'system_metrics', t: T0, values: { gpu: 1 } },
      { type: 'params', t: T0, values: { a: '1' } },
      { type: 'system_metrics', t: T0, values: { gpu: 2 } },
      { type: 'end', t: T0, status: 'finished', reason: 'a field this reader does not know' },
    ]);
    assert.equal(diagnostics.length, 1);
    assertDiagnostic(diagnostics, { file, line: 2, severity: 'warning', message: /unknown line type "system_metrics"/ });
    assert.deepEqual([ledger.run('r')?.params, ledger.run('r')?.status], [{ a: '1' }, 'finished']);
    ledger.close();
  });

  it('skips a second start line and lines after the end, with warnings', () => {
    const { file, ledger, diagnostics } = importLines([
      start('r'),
      start('r', { experiment: 'other' }),
      { type: 'end', t: T0 + 5, status: 'killed' },
      { type: 'params', t: T0, values: { late: '1' } },
    ]);
    assertDiagnostic(diagnostics, { file, line: 2, severity: 'warning', message: /second "start"/ });
    assertDiagnostic(diagnostics, { file, line: 4, severity: 'warning', message: /after the "end"/ });
    const r = ledger.run('r')!;
    assert.deepEqual([r.status, r.endTime, r.params], ['killed', T0 + 5, {}]);
    assert.deepEqual(ledger.export().experiments.map((e) => e.name), ['exp']);
    ledger.close();
  });

  it('skips a file of a newer format version, leaving the store untouched', () => {
    const { file, ledger, diagnostics, summary } = importLines([start('r', { v: 2, shape: 'new' }), { type: 'params', t: T0, values: { a: '1' } }]);
    assertDiagnostic(diagnostics, { file, line: 1, severity: 'error', message: /format version 2; this Model Ledger reads version 1.*file skipped/ });
    assert.equal(summary.failedRuns, 1);
    const counts = ledger.store.counts();
    assert.deepEqual([counts.experiments, counts.runs], [0, 0]);
    assert.equal(ledger.position('r'), undefined, 'nothing recorded: the next import tries again');
    ledger.close();
  });

  it('skips a file whose first line is not a valid start line', () => {
    for (const first of [{ type: 'params', t: T0, values: {} }, 'not json', { ...start('r'), experiment: '' }]) {
      const { file, ledger, diagnostics, summary } = importLines([first, { type: 'end', t: T0, status: 'finished' }]);
      assertDiagnostic(diagnostics, { file, line: 1, severity: 'error', message: /first line must be a valid "start" line.*file skipped/ });
      assert.deepEqual([summary.runs, summary.failedRuns, ledger.store.counts().runs], [0, 1, 0]);
      ledger.close();
    }
  });

  it('links a run to the version its start line evaluates; a rewrite without it unlinks it; a stage is not a version', () => {
    const ws = tempDir();
    const file = writeLog(ws, 'evalrun.jsonl', jsonl(start('evalrun', { evaluates: 'churn@v3.1.0' })));
    const ledger = new Ledger(ws);
    assert.deepEqual(ledger.import().diagnostics, []);
    assert.deepEqual(ledger.store.lineage.evaluates('evalrun'), { model: 'churn', version: 'v3.1.0' });
    fs.writeFileSync(file, jsonl(start('evalrun', { name: 'again' })));
    assert.deepEqual(ledger.import().diagnostics, []);
    assert.equal(ledger.store.lineage.evaluates('evalrun'), undefined, 'the file read again from its start says nothing of it');
    ledger.close();

    const { diagnostics, summary, ledger: other } = importLines([start('r', { evaluates: 'churn#prod' })]);
    assert.match(diagnostics[0]!.message, /"evaluates" must name a model version as model@version/);
    assert.equal(summary.runs, 0);
    other.close();
  });

  it('skips a file whose run_id differs from its name', () => {
    const { file, ledger, diagnostics, summary } = importLines([start('someone-else')], 'r.jsonl');
    assertDiagnostic(diagnostics, { file, line: 1, severity: 'error', message: /"run_id" "someone-else" differs from the file name; file skipped/ });
    assert.deepEqual([summary.failedRuns, ledger.store.counts().runs], [1, 0]);
    ledger.close();
  });

  it('skips files whose names are not run ids, and ignores files that are not .jsonl', () => {
    const ws = tempDir();
    const bad = ['-rf.jsonl', '.hidden.jsonl', 'with space.jsonl', `${'x'.repeat(129)}.jsonl`].map((name) => writeLog(ws, name, jsonl(start(name.slice(0, -6)))));
    writeLog(ws, 'notes.txt', 'not a run');
    writeLog(ws, 'ok_1.2-b.jsonl', jsonl(start('ok_1.2-b')));
    const ledger = new Ledger(ws);
    const { diagnostics, summary } = ledger.import();
    for (const file of bad) assertDiagnostic(diagnostics, { file, severity: 'error', message: /not <run id>\.jsonl.*file skipped/ });
    assert.deepEqual([summary.runs, summary.failedRuns, diagnostics.length], [1, 4, 4]);
    ledger.close();
  });

  it('never reads outside the workspace: a linked log is skipped, artifact paths are stored as given', () => {
    const ws = tempDir();
    const outside = path.join(tempDir(), 'elsewhere.jsonl');
    fs.writeFileSync(outside, jsonl(start('linked')));
    fs.mkdirSync(path.join(ws, RUNS), { recursive: true });
    fs.symlinkSync(outside, path.join(ws, RUNS, 'linked.jsonl'));
    writeLog(ws, 'r.jsonl', jsonl(start('r'), { type: 'artifact', t: T0, path: '../../etc/passwd', sha256: null, size: null }, { type: 'input', t: T0, path: '/etc/shadow' }));
    const ledger = new Ledger(ws);
    const { diagnostics, summary } = ledger.import();
    assertDiagnostic(diagnostics, { file: path.join(ws, RUNS, 'linked.jsonl'), severity: 'error', message: /leads outside the workspace/ });
    assert.deepEqual([summary.runs, summary.failedRuns], [1, 1]);
    assert.deepEqual(ledger.store.runs.artifacts('r'), [{ path: '../../etc/passwd', sha256: null, size: null }]);
    assert.deepEqual(ledger.store.runs.inputs('r'), [{ path: '/etc/shadow', sha256: null }]);
    ledger.close();
  });

  it('refuses a run id that another source already uses', () => {
    const ws = tempDir();
    writeLog(ws, 'r.jsonl', jsonl(start('r')));
    const ledger = new Ledger(ws);
    ledger.store.write(() => {
      const experimentId = ledger.store.experiments.upsert({ name: 'm', origin: { source: 'mlflow', id: '0', path: 'mlruns' } });
      ledger.store.runs.upsert({ id: 'r', experimentId, name: 'm', status: 'finished', deleted: false, startTime: 0, endTime: 0, git: null, command: null, parentRunId: null, origin: { source: 'mlflow', id: 'r', path: 'mlruns/0/r' } });
    });
    const { diagnostics } = ledger.import();
    assertDiagnostic(diagnostics, { file: path.join(ws, RUNS, 'r.jsonl'), severity: 'error', message: /already belongs to a run from mlflow mlruns\/0\/r; file skipped/ });
    assert.equal(ledger.run('r')?.origin.source, 'mlflow');
    ledger.close();
  });
});

describe('run log: runs whose writer died', () => {
  const deadPid = spawnSync(process.execPath, ['-e', '']).pid;

  it('marks a run killed when its pid is gone on this host; another host or a live pid keeps it running', () => {
    const ws = tempDir();
    writeLog(ws, 'dead.jsonl', jsonl(start('dead', { pid: deadPid, host: os.hostname() })));
    writeLog(ws, 'alive.jsonl', jsonl(start('alive', { pid: process.pid, host: os.hostname() })));
    writeLog(ws, 'remote.jsonl', jsonl(start('remote', { pid: deadPid, host: `not-${os.hostname()}` })));
    writeLog(ws, 'nopid.jsonl', jsonl(start('nopid')));
    const ledger = new Ledger(ws);
    ledger.import();
    const status = () => Object.fromEntries(ledger.export().runs.map((r) => [r.id, r.status]));
    assert.deepEqual(status(), { alive: 'running', dead: 'killed', nopid: 'running', remote: 'running' });
    ledger.close();
  });

  it('decides anew when the file of a run found dead grows', () => {
    const ws = tempDir();
    const file = writeLog(ws, 'dead.jsonl', jsonl(start('dead', { pid: deadPid, host: os.hostname() }), { type: 'metrics', t: T0, step: 0, values: { loss: 1 } }));
    const ledger = new Ledger(ws);
    ledger.import();
    assert.equal(ledger.run('dead')?.status, 'killed');
    fs.appendFileSync(file, jsonl({ type: 'metrics', t: T0 + 1, step: 1, values: { loss: 0.5 } }, { type: 'end', t: T0 + 2, status: 'finished' }));
    assert.deepEqual(ledger.import().diagnostics, []);
    const r = ledger.run('dead');
    assert.deepEqual([r?.status, r?.endTime, r?.metrics.loss?.count], ['finished', T0 + 2, 2]);
    ledger.close();
  });
});

describe('run log: isRunLogFolder', () => {
  it('recognises .modelledger/runs only', () => {
    const ws = tempDir();
    writeLog(ws, 'r.jsonl', jsonl(start('r')));
    fs.mkdirSync(path.join(ws, 'data'));
    fs.writeFileSync(path.join(ws, 'data', 'train.jsonl'), '{}\n');
    assert.equal(isRunLogFolder(path.join(ws, RUNS)), true);
    assert.equal(isRunLogFolder(path.join(ws, 'data')), false);
    assert.equal(isRunLogFolder(path.join(ws, '.modelledger')), false);
    assert.equal(isRunLogFolder(path.join(tempDir(), '.modelledger', 'runs')), false, 'missing');
  });
});

describe('run log: the Python client', () => {
  it('passes its own test suite under python3', () => {
    const result = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', path.join(PROJECT_ROOT, 'clients', 'python')], {
      cwd: PROJECT_ROOT,
      env: PYTHON_ENV,
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, `python3 -m unittest failed:\n${result.stderr}`);
    assert.match(result.stderr, /^OK/m);
  });
});
