import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { modelNameProblem } from '../../../src/core/gto';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { importMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import { adoptedModelName } from '../../../src/registry/adoptedModelName';
import { treeHash } from '../../../testkit/mlflowArtifacts';
import { FIXTURES } from '../helpers/fixtures';
import { git, makeRepo, openRegistry, tags } from './gitRepos';

describe('MLflow registry adoption: the git registry name offered for an MLflow model', () => {
  const free = (...taken: string[]) => (name: string) => !taken.includes(name);

  it('keeps a name GTO accepts when it is free, else offers DVC\'s form, else that with -git', () => {
    assert.equal(adoptedModelName('model_tracking', free()), 'model_tracking');
    assert.equal(adoptedModelName('model_tracking', free('model_tracking')), 'model-tracking');
    assert.equal(adoptedModelName('tracking-quickstart', free('tracking-quickstart')), 'tracking-quickstart-git');
    assert.equal(adoptedModelName('ElasticnetWineModel', free('ElasticnetWineModel')), 'elasticnetwinemodel');
  });

  it('makes any MLflow name one GTO accepts (MLflow allows spaces, dots and more)', () => {
    const cases: [string, string][] = [
      ['Churn Model v2.1', 'Churn-Model-v2-1'],
      ['  _sk-learn random forest_ ', 'sk-learn-random-forest'],
      ['ветер', 'model'],
      ['a//b', 'a/b'],
      ['x--__y', 'x-y'],
    ];
    for (const [mlflow, expected] of cases) {
      const name = adoptedModelName(mlflow, free());
      assert.equal(name, expected, mlflow);
      assert.equal(modelNameProblem(name), null, `${name} passes GTO's rule`);
    }
  });
});

describe('MLflow registry adoption: registering an imported version\'s artifact in the git registry', () => {
  it('the tag records the MLflow run and the sha256 the import computed for the same files', async () => {
    const repo = makeRepo('adopt-');
    fs.cpSync(path.join(FIXTURES, 'data-IA-2022__CO2_Mlflow_Maud_Tarik', 'mlruns'), path.join(repo, 'mlruns'), { recursive: true });
    const { store, registry } = await openRegistry(repo);
    const diagnostics = new DiagnosticSink();
    importMlflowStore({ store, workspace: repo, diagnostics }, path.join(repo, 'mlruns'));
    assert.deepEqual(diagnostics.all, []);
    const mlflow = store.models.versions('model_tracking')[0]!;
    assert.ok(mlflow.artifact?.sha256);

    const result = await registry.register({
      model: adoptedModelName(mlflow.model, (name) => store.models.origin(name) === undefined),
      version: 'v1.0.0',
      artifactPath: mlflow.artifact.path,
      runId: mlflow.runId!,
    });
    assert.equal(result.tag, 'model-tracking@v1.0.0');
    assert.deepEqual(result.artifact, { path: mlflow.artifact.path, ...treeHash(path.join(repo, mlflow.artifact.path)) });
    assert.equal(result.artifact.sha256, mlflow.artifact.sha256, 'the registry hashes the folder as the import did');
    assert.deepEqual(tags(repo), ['model-tracking@v1.0.0']);
    assert.match(git(repo, ['tag', '-l', '--format=%(contents)', 'model-tracking@v1.0.0']), /"run": ?"f44a22316509441d890bf3bdf88fd4e7"/);

    // The git registry's version of that artifact is what the MLflow version points to.
    assert.deepEqual(store.models.gitVersionsOfArtifact(mlflow.artifact.path), [{ model: 'model-tracking', version: 'v1.0.0' }]);
    assert.deepEqual(store.models.versions('model_tracking').map((v) => [v.version, v.origin.source]), [['1', 'mlflow']], 'the MLflow model is left as it was');
    await registry.assign('model-tracking', 'v1.0.0', 'prod');
    assert.deepEqual(store.models.versions('model-tracking').map((v) => [v.version, v.stages]), [['v1.0.0', ['prod']]]);
    store.close();
  });
});
