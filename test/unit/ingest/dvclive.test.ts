import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { importDvclive, isDvcliveFolder } from '../../../src/ingest/dvclive';
import { exportStore, type ExportedRun } from '../../../src/store/export';
import { Store } from '../../../src/store/store';
import { copyFixture, ingestContext } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

/** Every DVCLive fixture (PROVENANCE.md); each has one DVCLive folder, `dvclive/`. */
const DVCLIVE_FIXTURES = ['Aaroen__Aroen_ultralytics', 'CaroCardozo__example-dvc-experiments', 'CoffeeMugTwo__dvc_dqn_test'];
const CARO = 'CaroCardozo__example-dvc-experiments';
/**
 * Keys whose metrics.json value is not the last line of their tsv. Ultralytics' callback logs the
 * final validation of the best weights to metrics.json after the last epoch, at the same step, so
 * the summary disagrees with the history; the history (the tsv) is what the store keeps.
 */
const SUMMARY_DIFFERS: Readonly<Record<string, string[]>> = {
  Aaroen__Aroen_ultralytics: ['metrics/mAP50(B)', 'metrics/mAP50-95(B)', 'metrics/precision(B)', 'metrics/recall(B)'],
};

function onlyRun(store: Store): ExportedRun {
  const runs = exportStore(store).runs;
  assert.equal(runs.length, 1);
  return runs[0]!;
}

// ---- What the fixture files say, computed here without the importer's code ----

function tsvFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.tsv')).map((f) => path.join(dir, f));
}

/** count, last (the last line: DVCLive appends in step order), finite min and max of one tsv's value column. */
function tsvFacts(file: string): ExportedRun['metrics'][string] {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  const values = lines.slice(1).map((l) => Number(l.split('\t').at(-1)));
  return { count: lines.length - 1, last: values.at(-1)!, min: Math.min(...values), max: Math.max(...values) };
}

/** Leaf values of metrics.json under `/`-joined keys, and its step. */
function jsonFacts(file: string): { values: Map<string, number>; step: number } {
  const { step, ...rest } = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const values = new Map<string, number>();
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'object' && v !== null) walk(v as Record<string, unknown>, `${prefix}${k}/`);
      else if (typeof v === 'number') values.set(prefix + k, v);
    }
  };
  walk(rest, '');
  return { values, step: typeof step === 'number' ? step : 0 };
}

/** The fixtures' params files are block mappings, two spaces per level: read them line by line. */
function yamlFacts(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  const params: Record<string, string> = {};
  const parents: { indent: number; key: string }[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^( *)([^ #].*?):(?: (.*))?$/.exec(line.replace(/\s+$/, ''));
    if (!match) continue;
    const indent = match[1]!.length;
    while (parents.length && parents.at(-1)!.indent >= indent) parents.pop();
    const key = [...parents.map((p) => p.key), match[2]!].join('.');
    if (match[3] === undefined) parents.push({ indent, key: match[2]! });
    params[key] = match[3] ?? '';
  }
  // A key that turned out to have children is a mapping, not a param.
  for (const key of Object.keys(params)) if (Object.keys(params).some((k) => k.startsWith(`${key}.`))) delete params[key];
  return params;
}

describe('ingest: DVCLive', () => {
  describe('every real DVCLive folder, imported exactly', () => {
    for (const fixture of DVCLIVE_FIXTURES) {
      it(fixture, () => {
        const ws = copyFixture(fixture);
        const live = path.join(ws, 'dvclive');
        assert.equal(isDvcliveFolder(live), true);
        assert.equal(isDvcliveFolder(ws), false, 'the repository beside it is not a run');
        const ctx = ingestContext(ws);
        const summary = importDvclive(ctx, live);
        assert.deepEqual(ctx.diagnostics.all, []);
        assert.deepEqual(summary, { kind: 'dvclive', source: 'dvclive', experiments: 1, runs: 1, models: 0, failedRuns: 0 });

        const exported = exportStore(ctx.store);
        assert.deepEqual(exported.experiments.map((e) => [e.name, e.origin]), [[path.basename(ws), { source: 'dvclive', id: '.', path: '.' }]]);
        const run = onlyRun(ctx.store);
        assert.equal(run.id, 'dvclive:dvclive');
        assert.equal(run.status, 'finished');
        assert.deepEqual(run.origin, { source: 'dvclive', id: null, path: 'dvclive' });
        // These DVCLive versions write no timestamp column, so nothing tells when the run happened.
        assert.equal(run.startTime, null);
        assert.equal(run.endTime, null);

        const expected: ExportedRun['metrics'] = Object.create(null);
        const plots = path.join(live, 'plots', 'metrics');
        for (const file of tsvFiles(plots)) expected[path.relative(plots, file).slice(0, -4).split(path.sep).join('/')] = tsvFacts(file);
        const json = jsonFacts(path.join(live, 'metrics.json'));
        const differs: string[] = [];
        for (const [key, value] of json.values) {
          if (!expected[key]) expected[key] = { count: 1, last: value, min: value, max: value };
          else if (expected[key].last !== value) differs.push(key);
        }
        assert.deepEqual(differs.sort(), SUMMARY_DIFFERS[fixture] ?? []);
        assert.deepEqual(run.metrics, expected);
        const points = Object.values(expected).reduce((n, m) => n + m.count, 0);
        assert.equal(ctx.store.counts().metricPoints, points);

        const jsonOnly = [...json.values.keys()].filter((k) => !tsvFiles(plots).some((f) => f.endsWith(`${k}.tsv`)));
        for (const key of jsonOnly) assert.deepEqual(ctx.store.metrics.points(run.id, key).map((p) => p.step), [json.step], `${key} at the summary's step`);

        assert.deepEqual(run.params, { ...yamlFacts(path.join(ws, 'params.yaml')), ...yamlFacts(path.join(live, 'params.yaml')) });
        ctx.store.close();
      });
    }

    it('lists dvc.yaml artifacts; a missing file has no hash, a present one has its SHA-256 and size', () => {
      const ws = copyFixture('Aaroen__Aroen_ultralytics');
      const ctx = ingestContext(ws);
      importDvclive(ctx, path.join(ws, 'dvclive'));
      assert.deepEqual(ctx.store.runs.artifacts('dvclive:dvclive'), [{ path: 'dvclive/artifacts/best.pt', sha256: null, size: null }]);

      const model = path.join(ws, 'dvclive', 'artifacts', 'best.pt');
      fs.mkdirSync(path.dirname(model), { recursive: true });
      const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7); // more than one read chunk
      fs.writeFileSync(model, bytes);
      importDvclive(ctx, path.join(ws, 'dvclive'));
      assert.deepEqual(ctx.store.runs.artifacts('dvclive:dvclive'), [
        { path: 'dvclive/artifacts/best.pt', sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length },
      ]);
      assert.deepEqual(ctx.diagnostics.all, []);
      ctx.store.close();
    });
  });

  describe('re-import', () => {
    it('gives the same export; appended rows are read incrementally; a rewritten tsv starts its series over', () => {
      const ws = copyFixture(CARO);
      const live = path.join(ws, 'dvclive');
      const ctx = ingestContext(ws);
      importDvclive(ctx, live);
      const first = JSON.stringify(exportStore(ctx.store));
      importDvclive(ctx, live);
      assert.equal(JSON.stringify(exportStore(ctx.store)), first, 'a re-import changes nothing');

      const loss = path.join(live, 'plots', 'metrics', 'train', 'loss.tsv');
      fs.appendFileSync(loss, '10\t0.02\n11\t0.01\n12\t0.0'); // the last row is still being written
      importDvclive(ctx, live);
      assert.deepEqual(onlyRun(ctx.store).metrics['train/loss'], { count: 12, last: 0.01, min: 0.01, max: 0.2800039052963257 });
      fs.appendFileSync(loss, '05\n');
      importDvclive(ctx, live);
      assert.deepEqual(onlyRun(ctx.store).metrics['train/loss'], { count: 13, last: 0.005, min: 0.005, max: 0.2800039052963257 });
      assert.deepEqual(ctx.store.metrics.points('dvclive:dvclive', 'train/loss').map((p) => p.step), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);

      fs.writeFileSync(loss, 'step\ttrain/loss\n0\t0.9\n1\t0.8\n');
      importDvclive(ctx, live);
      assert.deepEqual(onlyRun(ctx.store).metrics['train/loss'], { count: 2, last: 0.8, min: 0.8, max: 0.9 });
      assert.deepEqual(ctx.diagnostics.all, []);
      ctx.store.close();
    });

    it('a summary-only metric that later gets a tsv takes the tsv history; one that leaves both goes', () => {
      const ws = copyFixture('Aaroen__Aroen_ultralytics');
      const live = path.join(ws, 'dvclive');
      const ctx = ingestContext(ws);
      importDvclive(ctx, live);
      assert.equal(onlyRun(ctx.store).metrics['model/GFLOPs']!.count, 1);
      fs.mkdirSync(path.join(live, 'plots', 'metrics', 'model'));
      fs.writeFileSync(path.join(live, 'plots', 'metrics', 'model', 'GFLOPs.tsv'), 'step\tGFLOPs\n0\t6.5\n1\t6.614\n');
      const json = JSON.parse(fs.readFileSync(path.join(live, 'metrics.json'), 'utf8')) as { model: Record<string, number> };
      delete json.model['speed_PyTorch(ms)'];
      fs.writeFileSync(path.join(live, 'metrics.json'), JSON.stringify(json));
      importDvclive(ctx, live);
      const metrics = onlyRun(ctx.store).metrics;
      assert.deepEqual(metrics['model/GFLOPs'], { count: 2, last: 6.614, min: 6.5, max: 6.614 });
      assert.equal(metrics['model/speed_PyTorch(ms)'], undefined);
      assert.equal(metrics['model/parameters']!.count, 1);
      ctx.store.close();
    });
  });

  it('several DVCLive folders in one repository are several runs of one experiment', () => {
    const ws = copyFixture(CARO);
    const second = path.join(ws, 'experiments', 'wide', 'dvclive');
    fs.cpSync(path.join(ws, 'dvclive'), second, { recursive: true });
    fs.writeFileSync(path.join(second, 'params.yaml'), 'model:\n  conv_units: 64\n');
    const ctx = ingestContext(ws);
    importDvclive(ctx, path.join(ws, 'dvclive'));
    importDvclive(ctx, second);
    const exported = exportStore(ctx.store);
    assert.equal(exported.experiments.length, 1);
    assert.deepEqual(exported.runs.map((r) => [r.id, r.name, r.params['model.conv_units']]).sort(), [
      ['dvclive:dvclive', 'dvclive', '24'],
      ['dvclive:experiments/wide/dvclive', 'experiments/wide/dvclive', '64'],
    ]);
    assert.ok(exported.runs.every((r) => r.metrics['train/loss']!.count === 10));
    ctx.store.close();
  });

  it('reads DVCLive 2 tsv files with a timestamp column: point times and the run start and end', () => {
    const ws = tempDir('dvclive-');
    const live = path.join(ws, 'out', 'live');
    fs.mkdirSync(path.join(live, 'plots', 'metrics'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'dvc.yaml'), 'stages: {}\n');
    fs.writeFileSync(path.join(live, 'plots', 'metrics', 'loss.tsv'), 'timestamp\tstep\tloss\n1700000000000\t0\t1.5\n1700000060000\t1\tnan\n1700000120000\t2\tinf\n');
    fs.writeFileSync(path.join(live, 'plots', 'metrics', 'acc.tsv'), 'timestamp\tstep\tacc\n1700000001000\t0\t0.5\n1700000200000\t1\t0.75\n');
    fs.writeFileSync(path.join(live, 'metrics.json'), '{"loss": Infinity, "acc": 0.75, "drift": NaN, "note": "a string", "step": 2}');
    const ctx = ingestContext(ws);
    importDvclive(ctx, live);
    assert.deepEqual(ctx.diagnostics.all, []);
    const run = onlyRun(ctx.store);
    assert.equal(run.startTime, 1700000000000);
    assert.equal(run.endTime, 1700000200000);
    assert.deepEqual(run.metrics, Object.assign(Object.create(null), {
      acc: { count: 2, last: 0.75, min: 0.5, max: 0.75 },
      drift: { count: 1, last: 'NaN', min: null, max: null },
      loss: { count: 3, last: 'Infinity', min: 1.5, max: 1.5 },
    }));
    assert.deepEqual(ctx.store.metrics.points(run.id, 'loss').map((p) => p.timestamp), [1700000000000, 1700000060000, 1700000120000]);
    assert.deepEqual(ctx.store.metrics.points(run.id, 'drift').map((p) => [p.step, p.timestamp]), [[2, 1700000200000]]);
    assert.deepEqual(exportStore(ctx.store).experiments.map((e) => e.origin), [{ source: 'dvclive', id: '.', path: '.' }]);
    ctx.store.close();
  });

  it('recognises a run that has only logged its params, when the dvc.yaml beside it lists them', () => {
    const ws = tempDir('dvclive-');
    const live = path.join(ws, 'dvclive');
    fs.mkdirSync(live);
    fs.writeFileSync(path.join(live, 'params.yaml'), 'lr: 0.1\n');
    assert.equal(isDvcliveFolder(live), false);
    fs.writeFileSync(path.join(ws, 'dvc.yaml'), 'params:\n- dvclive/params.yaml\n');
    assert.equal(isDvcliveFolder(live), true);
    const ctx = ingestContext(ws);
    importDvclive(ctx, live);
    assert.deepEqual(onlyRun(ctx.store).params, { lr: '0.1' });
    ctx.store.close();
  });

  describe('bad input', () => {
    it('reports each bad file (and line) by name and imports the rest', () => {
      const ws = copyFixture(CARO);
      const live = path.join(ws, 'dvclive');
      const metrics = path.join(live, 'plots', 'metrics');
      fs.writeFileSync(path.join(live, 'metrics.json'), '{"train": {"loss": 0.1,');
      fs.writeFileSync(path.join(ws, 'params.yaml'), 'train:\n  epochs: 10\n   bad: [\n');
      fs.writeFileSync(path.join(live, 'params.yaml'), Buffer.from([0x6c, 0x72, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
      fs.appendFileSync(path.join(metrics, 'train', 'acc.tsv'), '10\t0.99\textra\n11\n12\t0.995\n');
      fs.appendFileSync(path.join(metrics, 'eval', 'acc.tsv'), Buffer.concat([Buffer.from('10\t0.9'), Buffer.from([0xc3, 0x28]), Buffer.from('\n11\t0.991\n')]));
      fs.appendFileSync(path.join(metrics, 'eval', 'loss.tsv'), '10\tlots\n');
      fs.writeFileSync(path.join(metrics, 'weird.tsv'), 'when\twhat\twho\n1\t2\t3\n');
      fs.writeFileSync(path.join(ws, 'dvc.yaml'), 'artifacts: [not, a, mapping]\n');

      const ctx = ingestContext(ws);
      const summary = importDvclive(ctx, live);
      assert.equal(summary.runs, 1);
      const reported = ctx.diagnostics.all.map((d) => `${path.relative(ws, d.file)}${d.line ? `:${d.line}` : ''}: ${d.message}`);
      const expectations: [string, RegExp][] = [
        ['dvclive/metrics.json', /^dvclive\/metrics\.json: not valid JSON/],
        ['params.yaml', /^params\.yaml:2: not valid YAML/],
        ['dvclive/params.yaml', /^dvclive\/params\.yaml: not valid UTF-8/],
        ['train/acc.tsv:12', /^dvclive\/plots\/metrics\/train\/acc\.tsv:12: expected 2 tab-separated fields, found 3/],
        ['train/acc.tsv:13', /^dvclive\/plots\/metrics\/train\/acc\.tsv:13: expected 2 tab-separated fields, found 1/],
        ['eval/acc.tsv:12', /^dvclive\/plots\/metrics\/eval\/acc\.tsv:12: not valid UTF-8/],
        ['eval/loss.tsv:12', /^dvclive\/plots\/metrics\/eval\/loss\.tsv:12: value "lots" is not a number/],
        ['weird.tsv:1', /^dvclive\/plots\/metrics\/weird\.tsv:1: header "when\\twhat\\twho" is not DVCLive's/],
        ['dvc.yaml', /^dvc\.yaml: `artifacts` is not a mapping/],
      ];
      for (const [what, pattern] of expectations) assert.ok(reported.some((r) => pattern.test(r)), `${what} reported in:\n${reported.join('\n')}`);
      assert.equal(reported.length, expectations.length, reported.join('\n'));

      const run = onlyRun(ctx.store);
      assert.deepEqual(Object.keys(run.metrics), ['eval/acc', 'eval/loss', 'train/acc', 'train/loss']);
      assert.deepEqual(run.metrics['train/acc']!.count, 11, 'the good line after the bad ones');
      assert.deepEqual(run.metrics['eval/acc']!.count, 11);
      assert.deepEqual(run.metrics['eval/loss']!.count, 10);
      assert.deepEqual(run.params, {}, 'both params files were bad');
      ctx.store.close();
    });

    it('a folder outside the workspace is refused', () => {
      const ws = tempDir('dvclive-');
      const outside = copyFixture(CARO);
      const ctx = ingestContext(ws);
      const summary = importDvclive(ctx, path.join(outside, 'dvclive'));
      assert.equal(summary.runs, 0);
      assert.match(ctx.diagnostics.all[0]!.message, /outside the workspace/);
      assert.equal(ctx.store.counts().runs, 0);
      ctx.store.close();
    });
  });
});
