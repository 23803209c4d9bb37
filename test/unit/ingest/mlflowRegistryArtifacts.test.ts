import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hashArtifact } from '../../../src/artifacts/hashArtifact';
import { importMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import { expectedArtifactPath } from '../../../src/ingest/mlflow/versionArtifacts';
import { importMlflowDb } from '../../../src/ingest/mlflowDb';
import { parseVersionSource } from '../../../src/ingest/mlflow/versionSource';
import type { Store } from '../../../src/store/store';
import { copyFixture, FIXTURES, ingestContext } from '../helpers/fixtures';
import { treeHash } from '../../../testkit/mlflowArtifacts';
import { tempDir } from '../helpers/temp';

const CO2 = 'data-IA-2022__CO2_Mlflow_Maud_Tarik';
const NEV = 'niloysamadder__Fault-Prediction-for-New-Energy-Vehicles-NEV-using-Machine-Learning-and-Deep-Learning';
const SAMPLES3 = 'cds-9-group-6__mlflow-samples';
const PRACTICE3 = 'chopinlab__mlflow-practice';
const SILVER = 'silver6wings__MLFlowSample';
const ZOOMCAMP = '1412010__nda-mlops-zoomcamp-2024';

/** Imports `rel` of a workspace; returns the store and what the import said. */
function imported(ws: string, rel = 'mlruns', store?: Store) {
  const ctx = ingestContext(ws);
  if (store) {
    ctx.store.close();
    ctx.store = store;
  }
  const summary = importMlflowStore(ctx, path.join(ws, rel));
  return { store: ctx.store, diagnostics: ctx.diagnostics.all.map((d) => `${path.relative(ws, d.file)}: ${d.message}`), summary };
}

/** Each version as `[model, version, artifact path or null]`, models by name, versions newest first. */
function mapping(store: Store): [string, string, string | null][] {
  return store.models.withVersions().flatMap((m) => m.versions.map((v): [string, string, string | null] => [m.name, v.version, v.artifact?.path ?? null]));
}

function version(store: Store, model: string, number: string) {
  const found = store.models.versions(model).find((v) => v.version === number);
  assert.ok(found, `${model} ${number}`);
  return found;
}

/** The sha256 and size the test computes itself for a workspace path. */
function hashed(ws: string, rel: string) {
  return { path: rel, ...treeHash(path.join(ws, rel)) };
}

describe('MLflow registry: versions mapped to their artifacts in the workspace', () => {
  it('data-IA-2022 (2 models, 5 versions, deleted runs, file: and mlflow-artifacts: sources): the file: one maps to its run\'s folder, hashed', () => {
    const ws = copyFixture(CO2, 'mlruns');
    const { store, diagnostics, summary } = imported(ws);
    assert.deepEqual(diagnostics, []);
    assert.equal(summary.models, 2);
    const folder = 'mlruns/720243650590451200/f44a22316509441d890bf3bdf88fd4e7/artifacts/data/best_model_GradientBoostingRegressor.pkl';
    assert.deepEqual(mapping(store), [
      ['model_tracking', '1', folder],
      ['tracking-quickstart', '4', null],
      ['tracking-quickstart', '3', null],
      ['tracking-quickstart', '2', null],
      ['tracking-quickstart', '1', null],
    ]);
    const mapped = version(store, 'model_tracking', '1');
    assert.deepEqual(mapped.artifact, hashed(ws, folder));
    assert.equal(mapped.artifactSource, `file:///home/tarik/Projet_ml_flow/CO2_Mlflow_Maud_Tarik/${folder}`);
    // The fixture left out model.pkl (4 MB, as MLmodel's model_size_bytes says): the folder's hash covers the three files that are here.
    assert.deepEqual(fs.readdirSync(path.join(ws, folder)).sort(), ['MLmodel', 'conda.yaml', 'python_env.yaml']);

    // The server kept tracking-quickstart's files (mlflow-artifacts:); MLflow's source stays, and the runs behind versions 1 and 2 are deleted ones.
    const absent = version(store, 'tracking-quickstart', '2');
    assert.equal(absent.artifactSource, 'mlflow-artifacts:/601757128816916662/1769788a57344a56b7017e2e61d80f3d/artifacts/iris_model');
    assert.deepEqual(['1', '2', '3', '4'].map((v) => store.runs.get(version(store, 'tracking-quickstart', v).runId!)!.deleted), [true, true, false, false]);
    store.close();
  });

  it('the hash is the registry\'s own: Verify Artifact, which hashes with hashArtifact, agrees with the import', async () => {
    const ws = copyFixture(NEV, 'mlruns');
    const { store } = imported(ws);
    const versions = store.models.withVersions().flatMap((m) => m.versions).filter((v) => v.artifact !== null);
    assert.equal(versions.length, 6);
    for (const v of versions) {
      const again = await hashArtifact(path.join(ws, v.artifact!.path));
      assert.deepEqual({ sha256: v.artifact!.sha256, size: v.artifact!.size }, again, `${v.model} ${v.version}`);
    }
    store.close();
  });

  it('NEV (3 models, Windows file:///F:/ with %20, runs:/ and a bare F:/ path): each source is read as MLflow wrote it', () => {
    const ws = copyFixture(NEV, 'mlruns');
    const { store, diagnostics } = imported(ws);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(mapping(store), [
      ['best_model', '1', 'mlruns/560277888509444402/1008cde0d46e4229984a8c245250eea4/artifacts/best_model'],
      // A file outside any MLflow store on the other machine (F:/…/models/deployed_model.sklearn) is not here.
      ['best_rf_model', '3', null],
      ['best_rf_model', '2', 'mlruns/0/3e1ba3033caf40beb0a820e660f8c96f/artifacts/best_rf_model'],
      ['best_rf_model', '1', 'mlruns/0/df64b5380b42467ea95d3753c6c4ebf0/artifacts/best_rf_model'],
      ['deep_learning_model', '6', 'mlruns/0/0ca3e2d1dea54d819ca53f81bcb72f52/artifacts/deep_learning_model'],
      ['deep_learning_model', '2', 'mlruns/0/0ca3e2d1dea54d819ca53f81bcb72f52/artifacts/deep_learning_model'],
      ['deep_learning_model', '1', 'mlruns/0/9171fdb356ac4f859b2ee8fd42671871/artifacts/deep_learning_model'],
    ]);
    for (const v of store.models.withVersions().flatMap((m) => m.versions)) {
      if (v.artifact) assert.deepEqual(v.artifact, hashed(ws, v.artifact.path), `${v.model} ${v.version}`);
    }
    assert.equal(version(store, 'best_model', '1').artifactSource, 'file:///F:/Portfolio%20Projects/fault_prediction_project/mlruns/560277888509444402/1008cde0d46e4229984a8c245250eea4/artifacts/best_model');
    assert.equal(version(store, 'best_rf_model', '3').artifactSource, 'F:/Portfolio Projects/fault_prediction_project/models/deployed_model.sklearn');
    store.close();
  });

  it('MLflow 3 (mlflow-samples, mlflow-practice): models:/m-… versions whose logged models kept their files on the server are not here', () => {
    for (const repo of [SAMPLES3, PRACTICE3]) {
      const ws = copyFixture(repo, 'mlruns');
      const { store, diagnostics } = imported(ws);
      assert.deepEqual(diagnostics, [], repo);
      const versions = store.models.withVersions().flatMap((m) => m.versions);
      assert.equal(versions.length, repo === SAMPLES3 ? 6 : 4);
      assert.ok(versions.every((v) => v.artifact === null && /^models:\/m-[0-9a-f]{32}$/.test(v.artifactSource ?? '')), repo);
      store.close();
    }
  });

  it('MLflow 3: a logged model whose artifacts are in the store (a local tracking store) maps to <experiment>/models/m-…/artifacts', () => {
    const ws = copyFixture(SAMPLES3, 'mlruns');
    // A local store keeps a logged model's files beside its meta.yaml: real MLflow 3 files, from another fixture's logged model.
    const real = path.join(FIXTURES, '2024ab05143__heart-disease-mlops', 'mlruns', '0', 'models', 'm-311328140282464aaf69e44f5f79e07a', 'artifacts');
    const target = 'mlruns/873684218641179966/models/m-91947c6ab1d54ee1b165991371500a04/artifacts';
    fs.cpSync(real, path.join(ws, target), { recursive: true });
    const { store, diagnostics } = imported(ws);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(mapping(store).filter(([, , p]) => p !== null), [['tracking-quickstart', '1', target]]);
    assert.deepEqual(version(store, 'tracking-quickstart', '1').artifact, hashed(ws, target));
    store.close();
  });

  it('silver6wings (5 models from a tracking server, and a second store): mlflow-artifacts: maps once the server\'s mlartifacts/ is beside the store', () => {
    const ws = copyFixture(SILVER);
    const first = imported(ws);
    assert.equal(first.summary.models, 4, 'and a fifth in src/mlruns');
    assert.ok(mapping(first.store).every(([, , p]) => p === null), 'the server kept every artifact');
    // `mlflow server` keeps artifacts in mlartifacts/<experiment>/<run>/artifacts/ by default, beside mlruns/.
    const run = '823752a37b844f01880ec088776a549b';
    const model = `mlartifacts/0/${run}/artifacts/model`;
    fs.cpSync(path.join(ws, 'src/mlruns/0/d017a8ea656a4a6fb71b77501652739b/artifacts/sklearn-model'), path.join(ws, model), { recursive: true });
    const second = imported(ws, 'mlruns', first.store);
    assert.deepEqual(second.diagnostics, []);
    assert.deepEqual(mapping(second.store).filter(([, , p]) => p !== null), [['test_r_m', '1', model]]);
    assert.deepEqual(version(second.store, 'test_r_m', '1').artifact, hashed(ws, model));

    // The store in src/: another machine's file:///Users/… path, in a store that is not at the workspace's top.
    const inner = imported(ws, 'src/mlruns', second.store);
    assert.deepEqual(inner.diagnostics, [`src/mlruns/models/sk-learn-random-forest-reg-model: a model named "sk-learn-random-forest-reg-model" is already imported from the MLflow store at mlruns; skipped`]);
    second.store.close();
    const alone = copyFixture(SILVER, 'src/mlruns');
    const { store } = imported(alone, 'src/mlruns');
    const folder = 'src/mlruns/0/d017a8ea656a4a6fb71b77501652739b/artifacts/sklearn-model';
    assert.deepEqual(version(store, 'sk-learn-random-forest-reg-model', '1').artifact, hashed(alone, folder));
    store.close();
  });

  it('an mlflow.db (week-02): its file:///D:/ source maps to mlruns/ beside the database once the files are there', () => {
    const ws = copyFixture(ZOOMCAMP, 'week-02');
    const db = path.join(ws, 'week-02', 'mlflow.db');
    const ctx = ingestContext(ws);
    importMlflowDb(ctx, db);
    const v = version(ctx.store, 'nyc-taxi-model', '1');
    assert.equal(v.artifact, null, 'the fixture holds the database only');
    assert.equal(v.artifactSource, 'file:///D:/code/nda-mlops-zoomcamp-2024/week-02/mlruns/1/92025337761b47258bb509b166789a29/artifacts/model');

    const folder = 'week-02/mlruns/1/92025337761b47258bb509b166789a29/artifacts/model';
    fs.cpSync(path.join(FIXTURES, NEV, 'mlruns/0/0ca3e2d1dea54d819ca53f81bcb72f52/artifacts/deep_learning_model'), path.join(ws, folder), { recursive: true });
    importMlflowDb(ctx, db);
    assert.deepEqual(version(ctx.store, 'nyc-taxi-model', '1').artifact, hashed(ws, folder));
    assert.deepEqual(ctx.diagnostics.all, []);
    ctx.store.close();
  });
});

describe('MLflow registry: where an absent artifact would be', () => {
  it('in the store its run came from, by MLflow\'s layout: a file store, a logged model, an mlflow.db', () => {
    const ws = copyFixture(CO2, 'mlruns');
    const { store } = imported(ws);
    assert.equal(expectedArtifactPath(store, version(store, 'tracking-quickstart', '2')), 'mlruns/601757128816916662/1769788a57344a56b7017e2e61d80f3d/artifacts/iris_model');
    assert.equal(expectedArtifactPath(store, { runId: null, artifactSource: 'runs:/nope/model' }), null, 'a run this store does not hold');
    store.close();

    const samples = copyFixture(SAMPLES3, 'mlruns');
    const s3 = imported(samples).store;
    assert.equal(expectedArtifactPath(s3, version(s3, 'tracking-quickstart', '1')), 'mlruns/873684218641179966/models/m-91947c6ab1d54ee1b165991371500a04/artifacts');
    s3.close();

    const zoomcamp = copyFixture(ZOOMCAMP, 'week-02');
    const ctx = ingestContext(zoomcamp);
    importMlflowDb(ctx, path.join(zoomcamp, 'week-02', 'mlflow.db'));
    assert.equal(expectedArtifactPath(ctx.store, version(ctx.store, 'nyc-taxi-model', '1')), 'week-02/mlruns/1/92025337761b47258bb509b166789a29/artifacts/model');
    ctx.store.close();
  });
});

describe('MLflow registry: artifacts that change or go', () => {
  const FOLDER = 'mlruns/720243650590451200/f44a22316509441d890bf3bdf88fd4e7/artifacts/data/best_model_GradientBoostingRegressor.pkl';

  it('a re-import reads an artifact again only when one of its files was added, removed, resized or touched', () => {
    const ws = copyFixture(CO2, 'mlruns');
    // Whole seconds, which utimes sets exactly (a time read back from stat may round to the millisecond below).
    const mlmodel = path.join(ws, FOLDER, 'MLmodel');
    const time = 1_700_000_000;
    fs.utimesSync(mlmodel, time, time);
    const { store } = imported(ws);
    const before = version(store, 'model_tracking', '1').artifact!;
    // Same size, same time, other bytes: the stamp says unchanged, so the stored sha256 stands (the files were not read).
    const text = fs.readFileSync(mlmodel, 'utf8');
    fs.writeFileSync(mlmodel, text.replace('predict_fn: predict', 'predict_fn: PREDICT'));
    fs.utimesSync(mlmodel, time, time);
    imported(ws, 'mlruns', store);
    assert.deepEqual(version(store, 'model_tracking', '1').artifact, before);

    // A newer time: hashed again, and the sha256 is the new files'.
    fs.utimesSync(mlmodel, time, time + 5);
    imported(ws, 'mlruns', store);
    const after = version(store, 'model_tracking', '1').artifact!;
    assert.notEqual(after.sha256, before.sha256);
    assert.deepEqual(after, hashed(ws, FOLDER));

    // Older bytes put back with an older time (`cp -p`, a backup): another time, so hashed again, though no file is newer.
    fs.writeFileSync(mlmodel, text);
    fs.utimesSync(mlmodel, time - 3600, time - 3600);
    imported(ws, 'mlruns', store);
    assert.deepEqual(version(store, 'model_tracking', '1').artifact, before);

    // A file added to the folder (model.pkl, as the real run had it): size and sha256 follow.
    fs.writeFileSync(path.join(ws, FOLDER, 'model.pkl'), Buffer.alloc(4096, 7));
    imported(ws, 'mlruns', store);
    assert.deepEqual(version(store, 'model_tracking', '1').artifact, hashed(ws, FOLDER));
    assert.equal(version(store, 'model_tracking', '1').artifact!.size, before.size! + 4096);
    store.close();
  });

  it('an artifact removed from the store is no longer mapped; MLflow\'s source stays', () => {
    const ws = copyFixture(CO2, 'mlruns');
    const { store } = imported(ws);
    fs.rmSync(path.join(ws, FOLDER), { recursive: true });
    const again = imported(ws, 'mlruns', store);
    assert.deepEqual(again.diagnostics, []);
    const v = version(store, 'model_tracking', '1');
    assert.equal(v.artifact, null);
    assert.match(v.artifactSource!, /^file:\/\/\/home\/tarik\/.*best_model_GradientBoostingRegressor\.pkl$/);
    store.close();
  });

  it('a link inside the artifact that leads out of the workspace is not followed: the version is listed without a sha256, with a diagnostic', () => {
    const ws = copyFixture(CO2, 'mlruns');
    const outside = path.join(tempDir(), 'secret.bin');
    fs.writeFileSync(outside, 'not the workspace\'s');
    fs.symlinkSync(outside, path.join(ws, FOLDER, 'model.pkl'));
    const { store, diagnostics } = imported(ws);
    assert.deepEqual(version(store, 'model_tracking', '1').artifact, { path: FOLDER, sha256: null, size: null });
    // The run's artifact listing says it too.
    assert.deepEqual(diagnostics, [
      `${FOLDER}/model.pkl: leads outside the workspace (to ${outside}); skipped`,
      `${FOLDER}: a registered version's artifact cannot be hashed (${FOLDER}/model.pkl leads outside ${ws} (to ${outside})); listed without its sha256`,
    ]);
    store.close();
  });

  it('a source that climbs out with ".." is followed nowhere', () => {
    const ws = copyFixture(CO2, 'mlruns');
    const meta = path.join(ws, 'mlruns/models/model_tracking/version-1/meta.yaml');
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/^source: .*$/m, 'source: runs:/f44a22316509441d890bf3bdf88fd4e7/../../../../meta.yaml'));
    const { store, diagnostics } = imported(ws);
    assert.deepEqual(diagnostics, []);
    assert.equal(version(store, 'model_tracking', '1').artifact, null);
    store.close();
  });
});

describe('MLflow registry: what a version\'s source names', () => {
  const RUN = '0ca3e2d1dea54d819ca53f81bcb72f52';
  const cases: [string, ReturnType<typeof parseVersionSource>][] = [
    [`file:///Users/ana/proj/mlruns/3/${RUN}/artifacts/model`, { inStore: { kind: 'run', experimentId: '3', runId: RUN, path: 'model' }, localPath: `/Users/ana/proj/mlruns/3/${RUN}/artifacts/model` }],
    [`file:///F:/Portfolio%20Projects/p/mlruns/0/${RUN}/artifacts/m`, { inStore: { kind: 'run', experimentId: '0', runId: RUN, path: 'm' }, localPath: `F:/Portfolio Projects/p/mlruns/0/${RUN}/artifacts/m` }],
    [`D:\\work\\mlruns\\2\\${RUN}\\artifacts\\model\\MLmodel`, { inStore: { kind: 'run', experimentId: '2', runId: RUN, path: 'model/MLmodel' }, localPath: `D:/work/mlruns/2/${RUN}/artifacts/model/MLmodel` }],
    [`mlflow-artifacts:/0/${RUN}/artifacts/sklearn-model`, { inStore: { kind: 'run', experimentId: '0', runId: RUN, path: 'sklearn-model' }, localPath: null }],
    [`mlflow-artifacts://tracking.example:5000/7/${RUN}/artifacts/a/b`, { inStore: { kind: 'run', experimentId: '7', runId: RUN, path: 'a/b' }, localPath: null }],
    [`s3://bucket/artifacts/mlruns/4/${RUN}/artifacts/model`, { inStore: { kind: 'run', experimentId: '4', runId: RUN, path: 'model' }, localPath: null }],
    [`runs:/${RUN}/best_rf_model`, { inStore: { kind: 'run', experimentId: null, runId: RUN, path: 'best_rf_model' }, localPath: null }],
    ['models:/m-91947c6ab1d54ee1b165991371500a04', { inStore: { kind: 'loggedModel', experimentId: null, modelId: 'm-91947c6ab1d54ee1b165991371500a04', path: '' }, localPath: null }],
    ['mlflow-artifacts:/8/models/m-91947c6ab1d54ee1b165991371500a04/artifacts', { inStore: { kind: 'loggedModel', experimentId: '8', modelId: 'm-91947c6ab1d54ee1b165991371500a04', path: '' }, localPath: null }],
    ['models:/churn/3', { inStore: null, localPath: null }],
    ['F:/Portfolio Projects/p/models/deployed_model.sklearn', { inStore: null, localPath: 'F:/Portfolio Projects/p/models/deployed_model.sklearn' }],
    ['models/local.pkl', { inStore: null, localPath: 'models/local.pkl' }],
    ['file:///tmp/100%.pkl', { inStore: null, localPath: '/tmp/100%.pkl' }],
    [`runs:/${RUN}/../../secrets`, { inStore: null, localPath: null }],
    [`file:///x/%2e%2e/%2e%2e/etc/passwd`, { inStore: null, localPath: null }],
  ];
  for (const [source, expected] of cases) {
    it(source, () => assert.deepEqual(parseVersionSource(source), expected));
  }

  it('an "artifacts" folder inside the artifact is not taken for the run\'s', () => {
    assert.deepEqual(parseVersionSource(`/home/u/artifacts/mlruns/1/${RUN}/artifacts/artifacts/model.pkl`).inStore, { kind: 'run', experimentId: '1', runId: RUN, path: 'artifacts/model.pkl' });
  });
});
