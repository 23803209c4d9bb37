import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { importMlflowStore, isMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import { runFolderOf } from '../../../src/ingest/mlflow/layout';
import { importedExperimentId } from '../../../src/ingest/runRecord';
import type { ImportSummary, IngestContext } from '../../../src/ingest/types';
import { exportStore, type ExportNumber } from '../../../src/store/export';
import { Store } from '../../../src/store/store';
import { addRun } from '../helpers/sample';
import { copyFixture, copyFixtureInto, FIXTURES } from '../helpers/fixtures';
import { expectedVersionArtifact } from '../../../testkit/mlflowArtifacts';
import { PROJECT_ROOT, tempDir } from '../helpers/temp';


// ---------------------------------------------------------------------------------------------
// Helpers: a workspace with a store, an import, and a small MLflow store writer for synthetic cases.

interface Imported {
  ws: string;
  store: Store;
  diagnostics: DiagnosticSink;
  summary: ImportSummary;
  progress: [number, number | null][];
}

function importInto(ws: string, storeRel = 'mlruns', store = Store.open(ws)): Imported {
  const diagnostics = new DiagnosticSink();
  const progress: [number, number | null][] = [];
  const ctx: IngestContext = { store, workspace: ws, diagnostics, progress: (done, total) => progress.push([done, total]) };
  const summary = importMlflowStore(ctx, path.join(ws, storeRel));
  return { ws, store, diagnostics, summary, progress };
}

const exportJson = (store: Store) => JSON.stringify(exportStore(store));
const messages = (d: DiagnosticSink) => d.all.map((x) => `${x.file}${x.line === undefined ? '' : `:${x.line}`}: ${x.message}`);

type Fields = Record<string, string | number | null>;

/** YAML as PyYAML writes meta.yaml: strings single-quoted, numbers and null plain. */
function metaYaml(fields: Fields): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}: ${v === null ? 'null' : typeof v === 'number' ? v : `'${v.replaceAll("'", "''")}'`}\n`)
    .join('');
}

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

interface RunSpec {
  meta?: Fields;
  params?: Record<string, string | Buffer>;
  tags?: Record<string, string | Buffer>;
  metrics?: Record<string, string | Buffer>;
  artifacts?: Record<string, string>;
}

/** Writes an MLflow file store the way MLflow does, for cases the real fixtures do not show. */
class MlrunsWriter {
  readonly dir: string;
  constructor(ws: string, rel = 'mlruns') {
    this.dir = path.join(ws, rel);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  experiment(id: string, fields: Fields = {}, inTrash = false): string {
    const dir = path.join(this.dir, ...(inTrash ? ['.trash'] : []), id);
    write(path.join(dir, 'meta.yaml'), metaYaml({ artifact_location: `file:///somewhere/${id}`, experiment_id: id, lifecycle_stage: inTrash ? 'deleted' : 'active', name: `exp ${id}`, ...fields }));
    return dir;
  }

  run(experimentDir: string, id: string, spec: RunSpec = {}): string {
    const dir = path.join(experimentDir, id);
    const experimentId = path.basename(experimentDir);
    write(
      path.join(dir, 'meta.yaml'),
      metaYaml({ artifact_uri: `file:///somewhere/${experimentId}/${id}/artifacts`, end_time: 1_700_000_100_000, experiment_id: experimentId, lifecycle_stage: 'active', run_id: id, run_name: `run ${id}`, start_time: 1_700_000_000_000, status: 3, ...spec.meta }),
    );
    for (const folder of ['params', 'tags', 'metrics'] as const) {
      for (const [key, value] of Object.entries(spec[folder] ?? {})) write(path.join(dir, folder, ...key.split('/')), value);
    }
    for (const [file, content] of Object.entries(spec.artifacts ?? {})) write(path.join(dir, 'artifacts', ...file.split('/')), content);
    return dir;
  }
}

// ---------------------------------------------------------------------------------------------
// An independent reader of MLflow file stores, for the expected side of the fixture comparisons.
// It shares no code with the importer: plain line parsing of meta.yaml, direct file reads.

/** Top-level `key: value` lines of a meta.yaml (continuation lines joined, as YAML folds them). */
function metaFields(file: string): Record<string, string | null> {
  const raw: Record<string, string> = {};
  let last: string | null = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Za-z_]+):(?: (.*))?$/.exec(line);
    if (match) raw[(last = match[1]!)] = match[2] ?? '';
    else if (last !== null && /^\s+\S/.test(line)) raw[last] += ` ${line.trim()}`;
  }
  const unquote = (v: string): string | null =>
    v.startsWith("'") ? v.slice(1, -1).replaceAll("''", "'") : v.startsWith('"') ? (JSON.parse(v) as string) : ['', 'null', '~'].includes(v) ? null : v;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unquote(v)]));
}

const subfolders = (dir: string) =>
  fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)) : [];

/** Files under `root`, keyed by their `/`-separated path relative to it. */
function filesUnder(root: string): Map<string, string> {
  const files = new Map<string, string>();
  if (!fs.existsSync(root)) return files;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files.set(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'), path.join(entry.parentPath, entry.name));
  }
  return files;
}

function pyFloat(text: string): number {
  if (/^[+-]?nan$/i.test(text)) return Number.NaN;
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

const asExport = (v: number): ExportNumber => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);

function metricSummary(file: string) {
  let count = 0;
  let min: number | null = null;
  let max: number | null = null;
  let latest: { step: number; ts: number; value: number } | null = null;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const [ts, raw, step = '0'] = line.split(' ');
    const point = { ts: Number(ts), value: pyFloat(raw!), step: Number(step) };
    count += 1;
    if (!latest || point.step > latest.step || (point.step === latest.step && point.ts >= latest.ts)) latest = point;
    if (Number.isFinite(point.value)) {
      min = min === null ? point.value : Math.min(min, point.value);
      max = max === null ? point.value : Math.max(max, point.value);
    }
  }
  return { count, last: asExport(latest!.value), min, max };
}

const STATUS = ['', 'running', 'scheduled', 'finished', 'failed', 'killed'];

function expectedStore(storeDir: string, storeRel: string) {
  const experiments: unknown[] = [];
  const runs: Record<string, unknown>[] = [];
  const artifacts = new Map<string, { path: string; sha256: null; size: number | null }[]>();
  const inputs = new Map<string, number>();
  const commits = new Map<string, string>();
  const experimentDirs = [
    ...subfolders(storeDir).filter((d) => !['.trash', 'models'].includes(path.basename(d)) && fs.existsSync(path.join(d, 'meta.yaml'))),
    ...subfolders(path.join(storeDir, '.trash')),
  ];
  for (const expDir of experimentDirs) {
    const meta = metaFields(path.join(expDir, 'meta.yaml'));
    const expDeleted = path.basename(path.dirname(expDir)) === '.trash' || meta.lifecycle_stage === 'deleted';
    const experimentId = importedExperimentId('mlflow', storeRel, meta.experiment_id!);
    experiments.push({ id: experimentId, name: meta.name, deleted: expDeleted, origin: { source: 'mlflow', id: meta.experiment_id, path: storeRel } });
    const logged = new Map<string, { path: string; sha256: null; size: null }[]>();
    for (const modelDir of subfolders(path.join(expDir, 'models'))) {
      const m = metaFields(path.join(modelDir, 'meta.yaml'));
      logged.set(m.source_run_id!, [...(logged.get(m.source_run_id!) ?? []), { path: `models/${m.name}/${m.model_id}`, sha256: null, size: null }]);
    }
    for (const runDir of subfolders(expDir).filter((d) => !['tags', 'datasets', 'traces', 'models'].includes(path.basename(d)))) {
      const r = metaFields(path.join(runDir, 'meta.yaml'));
      const id = r.run_id!;
      const read = (folder: string) => Object.fromEntries([...filesUnder(path.join(runDir, folder))].map(([k, f]) => [k, fs.readFileSync(f, 'utf8')]));
      const tags = read('tags');
      const params = read('params');
      const metrics = Object.fromEntries([...filesUnder(path.join(runDir, 'metrics'))].map(([k, f]) => [k, metricSummary(f)]));
      const commit = tags['mlflow.source.git.commit'];
      if (commit) commits.set(id, commit);
      runs.push({
        id,
        experimentId,
        name: r.run_name || tags['mlflow.runName'] || r.name || id,
        status: STATUS[Number(r.status)],
        deleted: expDeleted || r.lifecycle_stage === 'deleted',
        startTime: r.start_time === null ? null : Number(r.start_time),
        endTime: r.end_time === null ? null : Number(r.end_time),
        git: commit ? { commit, branch: tags['mlflow.source.git.branch'] ?? null, dirty: false } : null,
        params,
        tags,
        metrics,
        origin: { source: 'mlflow', id, path: storeRel },
      });
      const files = [...filesUnder(path.join(runDir, 'artifacts'))].map(([p, f]) => ({ path: p, sha256: null, size: fs.statSync(f).size }));
      artifacts.set(id, [...files, ...(logged.get(id) ?? [])].sort((a, b) => (a.path < b.path ? -1 : 1)));
      inputs.set(id, subfolders(path.join(runDir, 'inputs')).length);
    }
  }
  return { experiments, runs, artifacts, inputs, models: expectedModels(storeDir, storeRel, commits) };
}

function expectedModels(storeDir: string, storeRel: string, commits: Map<string, string>) {
  const workspace = path.resolve(storeDir, ...storeRel.split('/').map(() => '..'));
  return subfolders(path.join(storeDir, 'models')).map((modelDir) => {
    const meta = metaFields(path.join(modelDir, 'meta.yaml'));
    const versions = subfolders(modelDir)
      .filter((d) => /version-\d+$/.test(d))
      .map((d) => metaFields(path.join(d, 'meta.yaml')))
      .filter((v) => v.current_stage !== 'Deleted_Internal');
    const holders = new Map<string, { version: string; at: number }>();
    for (const v of versions) {
      const stage = v.current_stage?.toLowerCase();
      if (stage !== 'production' && stage !== 'staging') continue;
      const at = Number(v.last_updated_timestamp);
      if (!holders.has(stage) || holders.get(stage)!.at <= at) holders.set(stage, { version: v.version!, at });
    }
    for (const [alias, file] of filesUnder(path.join(modelDir, 'aliases'))) holders.set(alias, { version: fs.readFileSync(file, 'utf8').trim(), at: 0 });
    return {
      name: meta.name,
      description: meta.description || null,
      versions: versions
        .map((v) => ({
          version: v.version,
          runId: v.run_id || null,
          commit: (v.run_id && commits.get(v.run_id)) || null,
          artifact: v.source ? expectedVersionArtifact(workspace, storeDir, v.source, v.run_id || null) : null,
          ...(v.source ? { artifactSource: v.source } : {}),
          stages: [...holders].filter(([, h]) => h.version === v.version).map(([stage]) => stage).sort(),
          createdAt: Number(v.creation_timestamp),
          createdBy: v.user_id || null,
        }))
        .sort((a, b) => b.createdAt - a.createdAt || (a.version! < b.version! ? 1 : -1)),
    };
  });
}

/** JSON round trip: compares plain data, whatever the prototypes of the objects holding it. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Every folder among the fixtures laid out as an MLflow store: a child folder is an experiment. */
function fixtureStores(): { repo: string; rel: string }[] {
  const stores: { repo: string; rel: string }[] = [];
  const scan = (dir: string) => {
    for (const sub of subfolders(dir).filter((d) => path.basename(d) !== '.trash')) {
      const isExperiment = (exp: string) => {
        const meta = fs.existsSync(path.join(exp, 'meta.yaml')) ? metaFields(path.join(exp, 'meta.yaml')) : {};
        return 'experiment_id' in meta && 'artifact_location' in meta && !('model_id' in meta); // not an MLflow 3 logged model
      };
      if (subfolders(sub).some(isExperiment)) {
        const [repo, ...rel] = path.relative(FIXTURES, sub).split(path.sep);
        stores.push({ repo: repo!, rel: rel.join('/') });
      }
      scan(sub);
    }
  };
  scan(FIXTURES);
  return stores;
}

/** The stores PROVENANCE.md lists: its "mlruns" rows (store path in brackets, else mlruns), and the store nested in one. */
function provenanceStores(): string[] {
  const stores: string[] = [];
  for (const line of fs.readFileSync(path.join(FIXTURES, 'PROVENANCE.md'), 'utf8').split('\n')) {
    const [, repo, , shows] = line.split('|').map((c) => c.trim());
    if (!repo || !shows?.startsWith('mlruns')) continue;
    stores.push(`${repo}/${/^mlruns [^;]*\[([^\]]+)\]/.exec(shows)?.[1] ?? 'mlruns'}`);
    if (shows.includes('mlruns/mlruns')) stores.push(`${repo}/mlruns/mlruns`);
  }
  return stores;
}

// ---------------------------------------------------------------------------------------------

/**
 * Runs in a child process with a small V8 heap, which a copy of a 30 MB file (or its million
 * points) would not fit in. It first writes as many points straight to a store (SQLite's own
 * share of memory) and imports a small file (the importer's code, compiled once), then imports
 * the big file, and prints the peak RSS each step added.
 */
const MEMORY_CHILD = `
const path = require('node:path');
const [src, small, big, points] = process.argv.slice(1);
const { Store } = require(path.join(src, 'store', 'store.js'));
const { DiagnosticSink } = require(path.join(src, 'ingest', 'diagnostics.js'));
const { importMlflowStore } = require(path.join(src, 'ingest', 'mlflow', 'importMlflowStore.js'));
const peakMb = () => process.resourceUsage().maxRSS / 1024;
const origin = { source: 'native', id: null, path: null };
const step = (work) => { const before = peakMb(); work(); return peakMb() - before; };
const sqliteMb = step(() => {
  const store = Store.openFile(path.join(small, 'baseline.db'));
  store.write(() => {
    const experimentId = store.experiments.upsert({ name: 'e', origin });
    store.runs.upsert({ id: 'r', experimentId, name: 'r', status: 'finished', deleted: false, startTime: 0, endTime: 0, git: null, command: null, parentRunId: null, origin });
    for (let i = 0; i < Number(points); i += 10000) {
      store.metrics.append('r', Array.from({ length: Math.min(10000, Number(points) - i) }, (_, j) => ({ key: 'loss', step: i + j, timestamp: i + j, value: j / 7 })));
    }
  });
  store.close();
});
const importFile = (ws) => {
  const store = Store.open(ws);
  const summary = importMlflowStore({ store, workspace: ws, diagnostics: new DiagnosticSink() }, path.join(ws, 'mlruns'));
  const count = store.metrics.summaries('big').get('loss').count;
  store.close();
  return { summary, count };
};
step(() => importFile(small));
let result;
const importMb = step(() => { result = importFile(big); });
console.log(JSON.stringify({ ...result, sqliteMb, importMb }));
`;

/** A workspace with one run whose metric file has `lines` points, written a chunk at a time. */
function metricFileWorkspace(minBytes: number): { ws: string; lines: number; bytes: number } {
  const ws = tempDir();
  const writer = new MlrunsWriter(ws);
  const file = path.join(writer.run(writer.experiment('1'), 'big'), 'metrics', 'loss');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let lines = 0;
  while (fs.fstatSync(fd).size < minBytes) {
    let chunk = '';
    for (let i = 0; i < 20_000; i++, lines++) chunk += `${1_700_000_000_000 + lines} ${(lines % 1000) / 7} ${lines}\n`;
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
  return { ws, lines, bytes: fs.statSync(file).size };
}

describe('mlflow store: streaming a large metric file', () => {
  it('imports a 30 MB metric file in a small heap, without memory growing like the file', () => {
    const big = metricFileWorkspace(30 << 20);
    const small = metricFileWorkspace(1 << 20);
    const sizeMb = big.bytes / 2 ** 20;
    const src = path.join(PROJECT_ROOT, 'out', 'src');
    const args = ['--max-old-space-size=16', '--max-semi-space-size=2', '-e', MEMORY_CHILD, src, small.ws, big.ws, String(big.lines)];
    const child = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as { summary: ImportSummary; count: number; sqliteMb: number; importMb: number };
    assert.equal(result.summary.runs, 1);
    assert.equal(result.count, big.lines);
    // Reading the whole file would add at least its size (its bytes, and its text would not even fit
    // the 16 MB heap); streaming adds a few 1 MB chunks and their lines. 3/4 of the file separates
    // the two with room for a loaded machine's noise.
    assert.ok(
      result.importMb < sizeMb * 0.75,
      `importing the ${sizeMb.toFixed(1)} MB file added ${result.importMb.toFixed(1)} MB of peak RSS beyond SQLite's ${result.sqliteMb.toFixed(1)} MB for its points`,
    );
  });
});

describe('mlflow store: real stores written by MLflow 1.x, 2.x and 3.x', () => {
  const stores = fixtureStores();

  it('covers every MLflow store among the fixtures, each row of PROVENANCE.md included', () => {
    const found = new Set(stores.map((s) => `${s.repo}/${s.rel}`));
    for (const listed of provenanceStores()) assert.ok(found.has(listed), `${listed} is tested`);
    assert.equal(found.size, 20);
  });

  for (const { repo, rel } of stores) {
    it(`${repo} ${rel}: the export matches the files, exactly`, () => {
      const ws = copyFixture(repo, rel);
      const { store, diagnostics, summary, progress } = importInto(ws, rel);
      const expected = expectedStore(path.join(ws, rel), rel);
      const exported = exportStore(store);

      assert.deepEqual(messages(diagnostics), []);
      assert.deepEqual(summary, { kind: 'mlflow', source: rel, experiments: expected.experiments.length, runs: expected.runs.length, models: expected.models.length, failedRuns: 0 });
      assert.deepEqual(plain(byId(exported.experiments)), plain(byId(expected.experiments as { id: string }[])));
      assert.deepEqual(plain(byId(exported.runs)), plain(byId(expected.runs as { id: string }[])));
      for (const run of expected.runs) {
        const id = run.id as string;
        assert.deepEqual(store.runs.artifacts(id), expected.artifacts.get(id), `artifacts of ${id}`);
        assert.equal(store.runs.inputs(id).length, expected.inputs.get(id), `inputs of ${id}`);
      }
      assert.deepEqual(plain(exported.models), plain([...expected.models].sort((a, b) => (a.name!.toLowerCase() < b.name!.toLowerCase() ? -1 : 1))));
      assert.deepEqual(progress.at(-1), [expected.runs.length, expected.runs.length]);

      const first = exportJson(store);
      importInto(ws, rel, store);
      importInto(ws, rel, store);
      assert.equal(exportJson(store), first, 're-importing changes nothing');
      store.close();
    });
  }

  it('1.x (Swahili): name from the run id, values as logged, the store nested inside left to itself', () => {
    const ws = copyFixture('10-Academy-Batch-4-Week-4__Swahili-Speech-To-Text', 'mlruns');
    const { store } = importInto(ws);
    const run = exportStore(store).runs.find((r) => r.id === 'ed05f9cd599442fe9a0c9222184710b8')!;
    assert.equal(run.name, 'ed05f9cd599442fe9a0c9222184710b8', 'no run_name and no mlflow.runName tag');
    assert.equal(run.params.opt_learning_rate, '0.002');
    assert.deepEqual(run.metrics.loss, { count: 10, last: 234.7978057861328, min: 234.7978057861328, max: 332.6841735839844 });
    assert.equal(store.runs.get(run.id)!.command, 'C:\\Users\\Maelaf ES\\anaconda3\\lib\\site-packages\\ipykernel_launcher.py');
    assert.deepEqual(store.runs.artifacts(run.id).map((a) => a.path), ['model/MLmodel', 'model/conda.yaml'], 'from the store, not the C:/ URI');
    assert.deepEqual(store.experiments.list().map((e) => e.name), ['Default', 'Speech model simple rnn'], 'the inner store is not an experiment');

    const inner = importInto(ws, 'mlruns/mlruns', store);
    assert.deepEqual(inner.summary, { kind: 'mlflow', source: 'mlruns/mlruns', experiments: 1, runs: 0, models: 0, failedRuns: 0 });
    assert.deepEqual(store.experiments.list().map((e) => e.id), ['mlflow:mlruns#0', 'mlflow:mlruns/mlruns#0', 'mlflow:mlruns#1']);
    store.close();
  });

  it('1.x (TaxiFare): runs never finished stay running, with no end time', () => {
    const { store } = importInto(copyFixture('1kruidenp__TaxiFareModel', 'mlruns'));
    const run = store.runs.get('337531b3ddc34c38a1db55f814c1900d')!;
    assert.equal(run.status, 'running');
    assert.equal(run.endTime, null);
    store.close();
  });

  it('2.x (Kobe): nested runs keep their parent; deleted runs are kept, flagged', () => {
    const { store } = importInto(copyFixture('LucasGasparello__KobeDatasetMlflow', 'mlruns'));
    const child = store.runs.get('77a3b9b3cae846799983f677a212cfbd')!;
    assert.equal(child.name, 'Extra Trees Classifier');
    assert.equal(child.parentRunId, '72116f9b4986431096a7614db7b39c0d');
    assert.ok(store.runs.get(child.parentRunId!), 'the parent is imported too');
    const runs = exportStore(store).runs;
    assert.equal(runs.filter((r) => store.runs.get(r.id)!.parentRunId !== null).length, 18);
    assert.equal(runs.filter((r) => r.deleted).length, 20);
    store.close();
  });

  it('2.x (evaluation): dataset inputs become run inputs', () => {
    const { store } = importInto(copyFixture('2025-1-productos-de-datos__PRE-12-mlflow-evaluacion-alvelezp', 'mlruns'));
    assert.deepEqual(store.runs.inputs('4d2965b64d0a4909b3c6fcfe4e4c03bc'), [{ path: 'dataset@1fbe660b', sha256: null }]);
    assert.equal(store.runs.get('4d2965b64d0a4909b3c6fcfe4e4c03bc')!.name, 'abundant-elk-898');
    store.close();
  });

  it('2.x (Ultralytics at runs/mlflow): keys with / are metric names', () => {
    const { store } = importInto(copyFixture('chanchanhi__nxtmaesdol', 'runs/mlflow'), 'runs/mlflow');
    const run = exportStore(store).runs.find((r) => r.id === '40416c3c49aa458fa6c33560fa8816be')!;
    assert.equal(run.name, 'train5');
    assert.equal(run.params.lr0, '0.01');
    assert.deepEqual(run.metrics['val/box_loss'], { count: 50, last: 1.74723, min: 1.71293, max: run.metrics['val/box_loss']!.max });
    assert.equal(run.origin.path, 'runs/mlflow');
    store.close();
  });

  it('2.x (CNNtention): a metric key with a space', () => {
    const { store } = importInto(copyFixture('AttentionSeekers__CNNtention', 'mlruns'));
    assert.deepEqual(exportStore(store).runs.find((r) => r.id === '64b2f1d30ba9435c9d388ffa9de05176')!.metrics['final accuracy'], { count: 1, last: 0.9129, min: 0.9129, max: 0.9129 });
    store.close();
  });

  it('3.x (mlflow-samples): logged models are artifacts of their run', () => {
    const { store } = importInto(copyFixture('cds-9-group-6__mlflow-samples', 'mlruns'));
    const run = exportStore(store).runs.find((r) => r.id === '434a6590371045679d00cf40122dfbb4')!;
    assert.equal(run.name, 'adorable-stoat-279');
    assert.equal(run.tags['Training Info'] !== undefined, true);
    assert.deepEqual(run.metrics.accuracy, { count: 2, last: 1, min: 1, max: 1 });
    assert.deepEqual(store.runs.artifacts(run.id), [{ path: 'models/iris_model/m-274f47abcbf04a348f65e606d6cb481a', sha256: null, size: null }]);
    store.close();
  });

  it('2.x registry (MLFlowSample): Production maps to production, held by the latest promotion', () => {
    const { store } = importInto(copyFixture('silver6wings__MLFlowSample', 'mlruns'));
    const versions = store.models.versions('sk-learn-random-forest-reg-model');
    assert.deepEqual(versions.map((v) => [v.version, v.stages]), [['4', []], ['3', ['production']], ['2', []], ['1', []]]);
    assert.deepEqual([versions[0]!.origin.source, versions[0]!.origin.id], ['mlflow', 'sk-learn-random-forest-reg-model/4']);
    store.close();
  });

  it('2.x registry (MLFlowSample, two stores): a model name in both stays with the store imported first', () => {
    const ws = copyFixture('silver6wings__MLFlowSample', 'mlruns');
    copyFixtureInto(ws, 'silver6wings__MLFlowSample', 'src/mlruns');
    const { store } = importInto(ws);
    const before = exportJson(store);
    const second = importInto(ws, 'src/mlruns', store);
    assert.deepEqual([second.summary.runs, second.summary.models], [3, 0]);
    assert.deepEqual(messages(second.diagnostics), [
      `${path.join(ws, 'src', 'mlruns', 'models', 'sk-learn-random-forest-reg-model')}: a model named "sk-learn-random-forest-reg-model" is already imported from the MLflow store at mlruns; skipped`,
    ]);
    assert.deepEqual(store.models.versions('sk-learn-random-forest-reg-model').map((v) => v.version), ['4', '3', '2', '1']);
    importInto(ws, 'mlruns', store);
    const again = exportJson(store);
    importInto(ws, 'src/mlruns', store);
    assert.equal(exportJson(store), again, 'stable whatever the order of re-imports');
    assert.deepEqual(JSON.parse(again).models, JSON.parse(before).models);
    store.close();
  });

  it('2.x registry (NEV): deleted versions are left out, as MLflow lists them', () => {
    const { store } = importInto(copyFixture('niloysamadder__Fault-Prediction-for-New-Energy-Vehicles-NEV-using-Machine-Learning-and-Deep-Learning', 'mlruns'));
    assert.deepEqual(store.models.versions('deep_learning_model').map((v) => v.version), ['6', '2', '1'], 'versions 3 to 5 are Deleted_Internal');
    assert.equal(store.models.list().length, 3);
    store.close();
  });

  it('3.x (.trash): deleted experiments and their runs are imported as deleted', () => {
    const { store } = importInto(copyFixture('Robin1511__mlops-2', 'mlruns'));
    const deleted = store.experiments.list({ includeDeleted: true }).filter((e) => e.deleted);
    assert.deepEqual(deleted.map((e) => e.name).sort(), ['MLOps-2', 'MLflow Quickstart', 'california-housing-prediction', 'regression-prediction', 'test-experiment']);
    for (const e of deleted) assert.ok(store.runs.listByExperiment(e.id, { limit: 100, includeDeleted: true }).every((r) => r.deleted));
    store.close();
  });
});

describe('mlflow store: metric files', () => {
  it('keeps NaN and infinities in any spelling, and leaves them out of min and max', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    w.run(w.experiment('1'), 'r', { metrics: { m: '1 nan 0\n2 inf 1\n3 -inf 2\n4 NaN 3\n5 Infinity 4\n6 -Infinity 5\n7 1.5 6\n8 -2 7\n9 INF 8\n10 -nan 9\n11 +inf 10\n' } });
    const { store, diagnostics } = importInto(ws);
    assert.deepEqual(messages(diagnostics), []);
    const values = store.metrics.points('r', 'm').map((p) => p.value);
    assert.deepEqual(values, [NaN, Infinity, -Infinity, NaN, Infinity, -Infinity, 1.5, -2, Infinity, NaN, Infinity]);
    assert.deepEqual(exportStore(store).runs[0]!.metrics.m, { count: 11, last: 'Infinity', min: -2, max: 1.5 });
    store.close();
  });

  it('reads old 2-field lines as step 0 and ignores the identifiers MLflow 3 appends', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    w.run(w.experiment('1'), 'r', { metrics: { old: '100 1.0\n200 2.0\n', v3: '100 0.5 3 0123abcd\n90 0.25 4 0123abcd eval_set 9f8e7d\n' } });
    const { store, diagnostics } = importInto(ws);
    assert.deepEqual(messages(diagnostics), []);
    assert.deepEqual(store.metrics.points('r', 'old').map((p) => [p.step, p.value]), [[0, 1], [0, 2]]);
    assert.deepEqual(plain(exportStore(store).runs[0]!.metrics), { old: { count: 2, last: 2, min: 1, max: 2 }, v3: { count: 2, last: 0.25, min: 0.25, max: 0.5 } });
    store.close();
  });

  it('takes the latest value by (step, timestamp), not by line order', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    w.run(w.experiment('1'), 'r', { metrics: { m: '300 3 5\n200 1 7\n100 9 7\n400 4 6\n' } });
    const { store } = importInto(ws);
    assert.equal(exportStore(store).runs[0]!.metrics.m!.last, 1);
    store.close();
  });

  it('skips bad lines with a diagnostic naming file and line, and imports the rest', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const bad = Buffer.concat([
      Buffer.from('1 1 0\nfoo bar baz\n2 2\n3 3 3 a b c d\n'),
      Buffer.from([0x34, 0x20, 0xff, 0xfe, 0x20, 0x34, 0x0a]),
      Buffer.from('5 x 5\n6 6 6.5\n7.5 7 7\n\n8 8 8\n'),
    ]);
    const runDir = w.run(w.experiment('1'), 'r', { metrics: { m: bad } });
    const { store, diagnostics } = importInto(ws);
    const file = path.join(runDir, 'metrics', 'm');
    assert.deepEqual(diagnostics.all.map((d) => [d.file, d.line]), [2, 4, 5, 6, 7, 8, 9].map((line) => [file, line]));
    assert.match(messages(diagnostics)[2]!, /UTF-8/);
    assert.deepEqual(store.metrics.points('r', 'm').map((p) => p.value), [1, 2, 8]);
    store.close();
  });

  it('reports a torn last line of an ended run, and leaves it unread while the run is RUNNING', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    const ended = w.run(exp, 'ended', { metrics: { m: '1 1 0\n2 2 1\n3 3' } });
    w.run(exp, 'live', { meta: { status: 1, end_time: null }, metrics: { m: '1 1 0\n2 2 1\n3 3' } });
    const first = importInto(ws);
    assert.deepEqual(first.diagnostics.all.map((d) => [d.file, d.line, d.severity]), [[path.join(ended, 'metrics', 'm'), 3, 'warning']]);
    assert.equal(first.store.metrics.summaries('live').get('m')!.count, 2);

    fs.appendFileSync(path.join(exp, 'live', 'metrics', 'm'), ' 2\n4 4 3\n');
    const second = importInto(ws, 'mlruns', first.store);
    assert.deepEqual(second.store.metrics.points('live', 'm').map((p) => [p.step, p.value]), [[0, 1], [1, 2], [2, 3], [3, 4]]);
    first.store.close();
  });

  it('reads only what was appended, re-reads a rewritten file, and ends where a fresh import does', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const runDir = w.run(w.experiment('1'), 'r', { metrics: { a: '1 1 0\n2 2 1\n', b: '1 10 0\n' } });
    const { store } = importInto(ws);
    fs.appendFileSync(path.join(runDir, 'metrics', 'a'), '3 3 2\n');
    fs.writeFileSync(path.join(runDir, 'metrics', 'b'), '9 -1 0\n'); // rewritten: same size, new content
    importInto(ws, 'mlruns', store);
    assert.deepEqual(store.metrics.points('r', 'a').map((p) => p.value), [1, 2, 3]);
    assert.deepEqual(store.metrics.points('r', 'b').map((p) => p.value), [-1]);
    const position = store.ingestFiles.get(`mlflow:mlruns/1/r/metrics/a`)!;
    assert.equal(position.offset, fs.statSync(path.join(runDir, 'metrics', 'a')).size);

    const fresh = importInto(ws, 'mlruns', Store.openFile(path.join(tempDir(), 'fresh.db')));
    assert.equal(exportJson(fresh.store), exportJson(store));
    fresh.store.close();
    store.close();
  });
});

describe('mlflow store: runs and experiments', () => {
  it('maps status codes and names, git, command, parent, names and deletion', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('7', { name: '1e3' });
    w.run(exp, 'a', { meta: { status: 4, run_name: null }, tags: { 'mlflow.runName': 'from tag', 'mlflow.source.git.commit': 'abc123', 'mlflow.source.git.branch': 'main' } });
    w.run(exp, 'b', { meta: { status: 'KILLED', run_name: null, lifecycle_stage: 'deleted' }, tags: { 'mlflow.parentRunId': 'a', 'mlflow.source.name': 'https://github.com/x/y', 'mlflow.project.entryPoint': 'train' } });
    w.run(exp, 'c', { meta: { status: 2 }, tags: { 'mlflow.source.name': 'train.py' } });
    w.run(exp, 'd', { meta: { status: 5, start_time: null, end_time: null } });
    const { store, summary } = importInto(ws);
    assert.equal(summary.runs, 4);
    assert.equal(store.experiments.list()[0]!.name, '1e3', 'a name is text, whatever YAML would guess');
    const a = store.runs.get('a')!;
    assert.deepEqual([a.name, a.status, a.git], ['from tag', 'failed', { commit: 'abc123', branch: 'main', dirty: false }]);
    const b = store.runs.get('b')!;
    assert.deepEqual([b.name, b.status, b.deleted, b.parentRunId, b.command], ['b', 'killed', true, 'a', 'mlflow run https://github.com/x/y -e train']);
    const c = store.runs.get('c')!;
    assert.deepEqual([c.status, c.command, c.git], ['scheduled', 'train.py', null]);
    assert.deepEqual([store.runs.get('d')!.startTime, store.runs.get('d')!.status], [null, 'killed']);
    store.close();
  });

  it('keeps keys with / and spaces, and values exactly as written', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    w.run(w.experiment('1'), 'r', { params: { 'optim/lr': '0.1', 'a b': ' spaced \n', ['__proto__']: 'x' }, metrics: { 'val/loss (ema)': '1 0.5 0\n' } });
    const { store } = importInto(ws);
    const run = exportStore(store).runs[0]!;
    assert.deepEqual(plain(run.params), { 'a b': ' spaced \n', 'optim/lr': '0.1', ['__proto__']: 'x' });
    assert.deepEqual(Object.keys(run.metrics), ['val/loss (ema)']);
    store.close();
  });

  it('reports progress once per run', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    for (const id of ['a', 'b', 'c']) w.run(exp, id);
    assert.deepEqual(importInto(ws).progress, [[0, 3], [1, 3], [2, 3], [3, 3]]);
  });

  it('reads only the changed run folders when told which (the live watcher), and nothing else of the store', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    const a = w.run(exp, 'a', { params: { lr: '0.1' }, metrics: { loss: '1 0.9 0\n' } });
    const b = w.run(exp, 'b', { params: { lr: '0.2' } });
    const imported = importInto(ws);
    fs.writeFileSync(path.join(a, 'params', 'lr'), '0.3');
    fs.appendFileSync(path.join(a, 'metrics', 'loss'), '2 0.5 1\n');
    fs.writeFileSync(path.join(b, 'params', 'lr'), '0.4');
    const c = w.run(exp, 'c');
    const progress: [number, number | null][] = [];
    const ctx: IngestContext = { store: imported.store, workspace: ws, diagnostics: new DiagnosticSink(), progress: (done, total) => progress.push([done, total]) };
    const summary = importMlflowStore(ctx, w.dir, [a, c]);
    const { store } = imported;
    assert.deepEqual([summary.runs, summary.models], [2, 0]);
    assert.deepEqual(progress, [[0, 2], [1, 2], [2, 2]]);
    assert.equal(store.runs.params('a').lr, '0.3');
    assert.equal(store.metrics.summaries('a').get('loss')!.last, 0.5);
    assert.equal(store.runs.params('b').lr, '0.2', 'b was not asked for, so not read');
    assert.ok(store.runs.get('c'), 'a new run folder is imported');
    importMlflowStore(ctx, w.dir);
    assert.equal(store.runs.params('b').lr, '0.4', 'a whole import still reads every run');
    store.close();
  });

  it('tells which run folder a changed file is in, and when a change concerns more than one run', () => {
    const dir = path.join(path.sep, 'ws', 'mlruns');
    const inDir = (...parts: string[]) => path.join(dir, ...parts);
    assert.equal(runFolderOf(dir, inDir('1', 'abc', 'metrics', 'loss')), inDir('1', 'abc'));
    assert.equal(runFolderOf(dir, inDir('1', 'abc', 'meta.yaml')), inDir('1', 'abc'));
    assert.equal(runFolderOf(dir, inDir('1', 'abc')), inDir('1', 'abc'), 'a new run folder, reported before its files');
    for (const shared of [inDir('1', 'meta.yaml'), inDir('1', 'tags', 'x', 'y'), inDir('1', 'models', 'm-1', 'meta.yaml'), inDir('models', 'm', 'version-1'), inDir('.trash', '1', 'abc'), inDir('meta.yaml'), dir, path.join(path.sep, 'ws', 'other', 'a', 'b')]) {
      assert.equal(runFolderOf(dir, shared), null, shared);
    }
  });

  it('imports a store that is not called mlruns, and detects stores by their layout', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws, 'tracking/store');
    const exp = w.experiment('1');
    const run = w.run(exp, 'r');
    write(path.join(exp, 'models', 'm-1', 'meta.yaml'), metaYaml({ model_id: 'm-1', name: 'clf', source_run_id: 'r', experiment_id: '1' }));
    assert.equal(importInto(ws, 'tracking/store').summary.runs, 1);

    const trashOnly = path.join(ws, 'fresh');
    fs.mkdirSync(path.join(trashOnly, '.trash'), { recursive: true });
    const registryOnly = path.join(ws, 'reg');
    write(path.join(registryOnly, 'models', 'clf', 'version-1', 'meta.yaml'), metaYaml({ version: 1 }));
    const otherTrash = path.join(ws, 'notes');
    write(path.join(otherTrash, '.trash', 'old note.txt'), 'not an experiment');
    assert.deepEqual(
      [w.dir, trashOnly, registryOnly, exp, run, path.join(exp, 'models'), path.join(trashOnly, '.trash'), otherTrash, path.join(ws, 'tracking'), path.join(ws, 'nope')].map((d) =>
        isMlflowStore(d),
      ),
      [true, true, true, false, false, false, false, false, false, false],
    );
  });
});

describe('mlflow store: bad input', () => {
  it('skips a run or experiment whose meta.yaml is missing or not YAML, naming the file, and imports the rest', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    w.run(exp, 'good');
    const notYaml = w.run(exp, 'broken');
    fs.writeFileSync(path.join(notYaml, 'meta.yaml'), 'run_id: [unclosed\n  status: {\n');
    const missing = w.run(exp, 'missing');
    fs.rmSync(path.join(missing, 'meta.yaml'));
    const badExp = w.experiment('2');
    fs.writeFileSync(path.join(badExp, 'meta.yaml'), Buffer.from([0xff, 0x3a, 0x0a]));
    fs.mkdirSync(path.join(w.dir, 'notes'));

    const { store, diagnostics, summary } = importInto(ws);
    assert.deepEqual([summary.experiments, summary.runs, summary.failedRuns], [1, 1, 2]);
    const files = diagnostics.all.map((d) => d.file).sort();
    assert.deepEqual(files, [path.join(badExp, 'meta.yaml'), path.join(missing, 'meta.yaml'), path.join(notYaml, 'meta.yaml'), path.join(w.dir, 'notes', 'meta.yaml')].sort());
    assert.ok(store.runs.get('good'));
    store.close();
  });

  it('keeps a param that is not UTF-8 with replacement characters, and says so', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const runDir = w.run(w.experiment('1'), 'r', { params: { p: Buffer.from([0x66, 0xff, 0x6f]) } });
    const { store, diagnostics } = importInto(ws);
    assert.equal(store.runs.params('r').p, 'f\uFFFDo');
    assert.deepEqual(diagnostics.all.map((d) => [d.severity, d.file]), [['warning', path.join(runDir, 'params', 'p')]]);
    store.close();
  });

  it('ends in a symlink loop and never follows a link out of the workspace', () => {
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret'), 'do not read');
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    const runDir = w.run(exp, 'r', { params: { ok: '1' }, artifacts: { 'model.pkl': 'weights' } });
    fs.symlinkSync(path.join(outside, 'secret'), path.join(runDir, 'params', 'stolen'));
    fs.symlinkSync(path.join(runDir, 'artifacts'), path.join(runDir, 'artifacts', 'loop'));
    fs.symlinkSync(outside, path.join(runDir, 'artifacts', 'elsewhere'));
    fs.symlinkSync(path.join(w.dir, '9'), path.join(w.dir, '9')); // a link to itself

    const { store, diagnostics, summary } = importInto(ws);
    assert.equal(summary.runs, 1);
    assert.deepEqual(store.runs.params('r'), { ok: '1' });
    assert.deepEqual(store.runs.artifacts('r').map((a) => a.path), ['model.pkl']);
    const text = messages(diagnostics).join('\n');
    assert.match(text, /stolen: leads outside the workspace/);
    assert.match(text, /elsewhere: leads outside the workspace/);
    assert.match(text, /loop: reached again through a symbolic link/);
    assert.match(text, /9: symbolic link loop/);
    store.close();
  });

  it('reads artifacts through a URI only inside the workspace: Windows, %20, relative and foreign paths', () => {
    const root = tempDir();
    const ws = path.join(root, 'ws');
    write(path.join(root, 'outside', 'artifacts', 'secret.bin'), 'x');
    write(path.join(ws, 'shared artifacts', 'r3', 'model.pkl'), 'abc');
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    w.run(exp, 'r1', { meta: { artifact_uri: 'file:///D:/My%20Projects/mlruns/1/r1/artifacts' }, artifacts: { 'a.txt': 'a' } });
    w.run(exp, 'r2', { meta: { artifact_uri: '../outside/artifacts' }, artifacts: { 'b.txt': 'b' } });
    w.run(exp, 'r3', { meta: { artifact_uri: pathToFileURL(path.join(ws, 'shared artifacts', 'r3')).href } });
    w.run(exp, 'r4', { meta: { artifact_uri: pathToFileURL(path.join(root, 'outside', 'artifacts')).href } });
    w.run(exp, 'r5', { meta: { artifact_uri: 'mlflow-artifacts:/1/r5/artifacts' } });

    const { store, diagnostics } = importInto(ws);
    const listed = (id: string) => store.runs.artifacts(id).map((a) => [a.path, a.size]);
    assert.deepEqual([listed('r1'), listed('r2'), listed('r3'), listed('r4'), listed('r5')], [[['a.txt', 1]], [['b.txt', 1]], [['model.pkl', 3]], [], []]);
    assert.equal(diagnostics.all.filter((d) => /leads outside the workspace/.test(d.message)).length, 2);
    store.close();
  });

  it('skips a run whose id the store already holds from another source', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    w.run(exp, 'taken', { params: { p: 'mlflow' } });
    w.run(exp, 'free');
    w.run(w.experiment('2'), 'free');
    const store = Store.open(ws);
    addRun(store, { id: 'taken', name: 'native run' });
    const { diagnostics, summary } = importInto(ws, 'mlruns', store);
    assert.deepEqual([summary.runs, summary.failedRuns], [1, 2]);
    assert.equal(store.runs.get('taken')!.name, 'native run');
    assert.deepEqual(store.runs.params('taken'), {});
    assert.match(messages(diagnostics).join('\n'), /taken is already in the store from native/);
    assert.match(messages(diagnostics).join('\n'), /free appears twice in this store/);
    store.close();
  });

  it('rolls back a run that fails half-way, reports it, and imports it whole once the fault is gone', () => {
    const ws = tempDir();
    const w = new MlrunsWriter(ws);
    const exp = w.experiment('1');
    w.run(exp, 'bad', { params: { p: '1' }, tags: { t: '2' }, metrics: { a: '1 1 0\n', b: '1 2 0\n' } });
    w.run(exp, 'good', { metrics: { a: '1 1 0\n' } });
    const store = Store.open(ws);
    // A real SQLite failure in the middle of the run's transaction, after its params and first metric.
    store.db.exec(`CREATE TEMP TRIGGER fail BEFORE INSERT ON metric_points
      WHEN (SELECT run_id || key FROM metric_series WHERE id = NEW.series_id) = 'badb' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`);
    const first = importInto(ws, 'mlruns', store);
    assert.deepEqual([first.summary.runs, first.summary.failedRuns], [1, 1]);
    assert.match(messages(first.diagnostics).join('\n'), /run bad not imported .*disk on fire/);
    assert.equal(store.runs.get('bad'), undefined);
    assert.equal(store.db.prepare<[], { n: number }>("SELECT count(*) AS n FROM params WHERE run_id = 'bad'").get()!.n, 0);
    assert.equal(store.ingestFiles.get('mlflow:mlruns/1/bad/metrics/a'), undefined, 'read positions roll back too');

    store.db.exec('DROP TRIGGER fail');
    importInto(ws, 'mlruns', store);
    assert.deepEqual(plain(exportStore(store).runs.find((r) => r.id === 'bad')!.metrics), { a: { count: 1, last: 1, min: 1, max: 1 }, b: { count: 1, last: 2, min: 2, max: 2 } });
    store.close();
  });
});

describe('mlflow store: model registry', () => {
  function registry(ws: string) {
    const w = new MlrunsWriter(ws);
    w.run(w.experiment('1'), 'r1', { tags: { 'mlflow.source.git.commit': 'c0ffee' } });
    const model = path.join(w.dir, 'models', 'clf');
    write(path.join(model, 'meta.yaml'), metaYaml({ creation_timestamp: 1000, description: 'a classifier', last_updated_timestamp: 9000, name: 'clf' }));
    const stages = ['Archived', 'Staging', 'Production', 'Deleted_Internal', 'None'];
    stages.forEach((stage, i) => {
      const fields = { creation_timestamp: 1000 + i, current_stage: stage, last_updated_timestamp: 2000 + i, name: 'clf', run_id: 'r1', source: `mlflow-artifacts:/1/r1/artifacts/m${i + 1}`, user_id: null, version: i + 1 };
      write(path.join(model, `version-${i + 1}`, 'meta.yaml'), metaYaml(fields));
    });
    write(path.join(model, 'aliases', 'champion'), '3');
    write(path.join(model, 'aliases', 'challenger'), '5');
    write(path.join(model, 'aliases', 'ghost'), '4');
    return { w, model };
  }

  it('maps stages and aliases onto versions, leaves deleted versions out, ties versions to their run commit', () => {
    const ws = tempDir();
    const { model } = registry(ws);
    const { store, diagnostics, summary } = importInto(ws);
    assert.equal(summary.models, 1);
    const versions = store.models.versions('clf');
    assert.deepEqual(versions.map((v) => [v.version, v.stages]), [
      ['5', ['challenger']],
      ['3', ['champion', 'production']],
      ['2', ['staging']],
      ['1', []],
    ]);
    const v3 = versions[1]!;
    assert.deepEqual([v3.commit, v3.runId, v3.artifactSource, v3.artifact, v3.createdAt, v3.createdBy], ['c0ffee', 'r1', 'mlflow-artifacts:/1/r1/artifacts/m3', null, 1002, null]);
    assert.deepEqual([v3.origin.source, v3.origin.id], ['mlflow', 'clf/3']);
    assert.equal(exportStore(store).models[0]!.description, 'a classifier');
    assert.deepEqual(diagnostics.all.map((d) => d.file), [path.join(model, 'aliases', 'ghost')]);
    store.close();
  });

  it('re-imports without piling up stage events, and follows versions removed at the source', () => {
    const ws = tempDir();
    const { model } = registry(ws);
    const { store } = importInto(ws);
    const events = store.models.stageEvents('clf').length;
    const first = exportJson(store);
    importInto(ws, 'mlruns', store);
    assert.equal(store.models.stageEvents('clf').length, events);
    assert.equal(exportJson(store), first);

    fs.rmSync(path.join(model, 'version-5'), { recursive: true });
    fs.rmSync(path.join(model, 'aliases', 'challenger'));
    importInto(ws, 'mlruns', store);
    assert.deepEqual(store.models.versions('clf').map((v) => [v.version, v.stages]), [['3', ['champion', 'production']], ['2', ['staging']], ['1', []]]);
    store.close();
  });

  it('leaves alone a model of the same name recorded from another source', () => {
    const ws = tempDir();
    registry(ws);
    const store = Store.open(ws);
    store.write(() => store.models.upsertModel({ name: 'clf', description: 'ours', createdAt: 1, origin: { source: 'git', id: null, path: null } }));
    const { diagnostics, summary } = importInto(ws, 'mlruns', store);
    assert.equal(summary.models, 0);
    assert.deepEqual(store.models.versions('clf'), []);
    assert.match(messages(diagnostics).join('\n'), /"clf" is already in the store from git/);
    store.close();
  });
});
