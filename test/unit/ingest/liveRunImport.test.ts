import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { importMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import { runFolderOf } from '../../../src/ingest/mlflow/layout';
import { copyFixture, ingestContext } from '../helpers/fixtures';

/** A real MLflow 3 store (PROVENANCE.md): experiments 0 and 578181712464337076, a registry, a .trash. */
const FIXTURE = 'Robin1511__mlops-2';
const EXPERIMENT = '578181712464337076';
const RUN = '3d2e44c4536f403984851758cd92ae3d';
const OTHER_RUN = 'a860945d4b3946f8a2c479cd39bacaa0';

describe('a live change to one run of an MLflow store', () => {
  it('imports that run alone: no other experiment, run or registered model is read', () => {
    const ws = copyFixture(FIXTURE, 'mlruns');
    const mlruns = path.join(ws, 'mlruns');
    const ctx = ingestContext(ws);
    importMlflowStore(ctx, mlruns);
    const before = ctx.store.metrics.summaries(RUN).get('accuracy')!;
    const otherParams = ctx.store.runs.params(OTHER_RUN);

    // Anything read besides the changed run would now be reported or changed in the store.
    fs.writeFileSync(path.join(mlruns, '0', 'meta.yaml'), 'experiment_id: [broken\n');
    fs.writeFileSync(path.join(mlruns, 'models', 'tracking-quickstart', 'meta.yaml'), 'name: [broken\n');
    fs.writeFileSync(path.join(mlruns, EXPERIMENT, OTHER_RUN, 'params', 'changed_on_disk'), 'not read');
    const metric = path.join(mlruns, EXPERIMENT, RUN, 'metrics', 'accuracy');
    fs.appendFileSync(metric, `${Date.now()} 0.5 ${before.lastStep + 1}\n`);

    const diagnostics = new DiagnosticSink();
    const summary = importMlflowStore({ ...ctx, diagnostics }, mlruns, [runFolderOf(mlruns, metric)!]);
    assert.deepEqual(diagnostics.all, []);
    assert.deepEqual([summary.experiments, summary.runs, summary.models], [1, 1, 0]);
    const after = ctx.store.metrics.summaries(RUN).get('accuracy')!;
    assert.deepEqual([after.count, after.last], [before.count + 1, 0.5]);
    assert.deepEqual(ctx.store.runs.params(OTHER_RUN), otherParams);
    ctx.store.close();
  });
});
