import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runArtifactRoots } from '../../../src/artifacts/runArtifactRoots';
import { listRunArtifacts } from '../../../src/artifacts/runArtifactTree';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { importSources } from '../../../src/ingest/importWorkspace';
import { Store } from '../../../src/store/store';
import { copyFixture } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

function importAll(ws: string): Store {
  const store = Store.open(ws);
  importSources({ store, workspace: ws, diagnostics: new DiagnosticSink(), sources: 'discover' });
  return store;
}

describe('runArtifactRoots', () => {
  it("finds an MLflow file store run's artifacts in <run>/artifacts when its URI names another machine", () => {
    const ws = copyFixture('silver6wings__MLFlowSample', 'src/mlruns');
    const store = importAll(ws);
    const roots = runArtifactRoots(ws, store, '5a2ddaac9c354d1ab8fcae8d8ed1c3a3');
    assert.deepEqual(roots, [{ label: 'artifacts', dir: path.join(ws, 'src', 'mlruns', '0', '5a2ddaac9c354d1ab8fcae8d8ed1c3a3', 'artifacts'), layout: 'mlflow' }]);
    assert.ok(fs.existsSync(path.join(roots[0]!.dir, 'model', 'MLmodel')));
    store.close();
  });

  it("prefers an artifact URI that names a folder inside the workspace, and never one that leads out", () => {
    const ws = copyFixture('silver6wings__MLFlowSample', 'src/mlruns');
    const runDir = path.join(ws, 'src', 'mlruns', '0', '5a2ddaac9c354d1ab8fcae8d8ed1c3a3');
    const metaFile = path.join(runDir, 'meta.yaml');
    const original = fs.readFileSync(metaFile, 'utf8');
    // A separate artifact root inside the workspace, as `mlflow ui --default-artifact-root ./store` gives.
    fs.mkdirSync(path.join(ws, 'store', 'run-a'), { recursive: true });
    fs.writeFileSync(metaFile, original.replace(/^artifact_uri: .*$/m, 'artifact_uri: ./store/run-a'));
    let store = importAll(ws);
    assert.equal(runArtifactRoots(ws, store, '5a2ddaac9c354d1ab8fcae8d8ed1c3a3')[0]!.dir, path.join(ws, 'store', 'run-a'));
    store.close();
    // The same URI through a link that leads out of the workspace: the store's own folder instead.
    const elsewhere = tempDir('outside-ws-');
    fs.symlinkSync(elsewhere, path.join(ws, 'linked-out'));
    fs.writeFileSync(metaFile, original.replace(/^artifact_uri: .*$/m, `artifact_uri: ${path.join(ws, 'linked-out')}`));
    store = importAll(ws);
    assert.equal(runArtifactRoots(ws, store, '5a2ddaac9c354d1ab8fcae8d8ed1c3a3')[0]!.dir, path.join(runDir, 'artifacts'));
    store.close();
  });

  it('gives a DVCLive run its folder, and the artifacts dvc.yaml declares as files of the workspace', () => {
    const ws = copyFixture('CaroCardozo__example-dvc-experiments');
    const store = importAll(ws);
    const run = store.runs.get('dvclive:dvclive');
    assert.ok(run, 'the DVCLive run was imported');
    const roots = runArtifactRoots(ws, store, run.id);
    assert.deepEqual(roots[0], { label: 'dvclive', dir: path.join(ws, 'dvclive'), layout: 'dvclive' });
    const declared = store.runs.artifacts(run.id).map((a) => a.path).filter((p) => !p.startsWith('dvclive/'));
    // Its dvc.yaml also declares the plots folder `plots` beside the DVCLive folder (`dvclive/plots` is in the DVCLive root).
    assert.deepEqual(roots[1], { label: 'dvc.yaml artifacts', dir: ws, layout: 'workspace', files: [...new Set([...declared, 'plots'])] });
    assert.equal(roots.length, 2);
    store.close();
  });

  it("lists a run log's artifacts that are workspace files, never URIs, absolute paths or paths leading out", async () => {
    const ws = tempDir('runlog-roots-');
    fs.mkdirSync(path.join(ws, '.modelledger', 'runs'), { recursive: true });
    const t = 1767225600000;
    const lines = [
      { type: 'start', v: 1, t, run_id: 'run-1', experiment: 'e', name: 'r', start_time: t },
      { type: 'artifact', t, path: 'models/model.pt', sha256: null, size: 3 },
      { type: 'artifact', t, path: 's3://bucket/model.pt', sha256: null, size: null },
      { type: 'artifact', t, path: '/etc/passwd', sha256: null, size: null },
      { type: 'artifact', t, path: '../elsewhere/model.pt', sha256: null, size: null },
      { type: 'end', t, status: 'finished' },
    ];
    fs.writeFileSync(path.join(ws, '.modelledger', 'runs', 'run-1.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const store = importAll(ws);
    assert.deepEqual(runArtifactRoots(ws, store, 'run-1'), [{ label: 'logged files', dir: ws, layout: 'runlog', files: ['models/model.pt'] }]);
    assert.deepEqual(runArtifactRoots(ws, store, 'no-such-run'), []);
    // The file logged but not written, and the ones elsewhere, are listed as recorded outside the folders.
    const tree = await listRunArtifacts(ws, store, 'run-1', runArtifactRoots(ws, store, 'run-1'));
    assert.deepEqual(tree.listed[0]!.entries, []);
    assert.deepEqual(tree.elsewhere.map((a) => a.path), ['../elsewhere/model.pt', '/etc/passwd', 'models/model.pt', 's3://bucket/model.pt']);
    fs.mkdirSync(path.join(ws, 'models'));
    fs.writeFileSync(path.join(ws, 'models', 'model.pt'), 'pt!');
    const written = await listRunArtifacts(ws, store, 'run-1', runArtifactRoots(ws, store, 'run-1'));
    assert.deepEqual(written.listed[0]!.entries.map((e) => [e.path, e.kind, e.size]), [['models', 'folder', 3], ['models/model.pt', 'file', 3]]);
    assert.deepEqual(written.elsewhere.map((a) => a.path), ['../elsewhere/model.pt', '/etc/passwd', 's3://bucket/model.pt']);
    store.close();
  });
});
