import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RUN_QUERY } from '../../../src/core/runQuery';
import { runLabels } from '../../../src/core/runLabels';
import { importMlflowStore } from '../../../src/ingest/mlflow/importMlflowStore';
import { labelInExperiment, labelRuns } from '../../../src/store/runListingLabels';
import { Store } from '../../../src/store/store';
import { copyFixture, ingestContext } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';
import { ALL, writeRuns } from './handRuns';

/** A real PyCaret comparison (LucasGasparello/KobeDatasetMlflow): three runs named "str", three "Logistic Regression". */
function kobe(): { store: Store; experimentId: string } {
  const ctx = ingestContext(copyFixture('LucasGasparello__KobeDatasetMlflow'));
  importMlflowStore(ctx, `${ctx.workspace}/mlruns`);
  return { store: ctx.store, experimentId: ctx.store.experiments.findByName('clf-default-name')[0]!.id };
}

const listed = (store: Store, experimentId: string) => store.runList.listRuns(experimentId, DEFAULT_RUN_QUERY, ALL).runs.map((l) => ({ id: l.run.id, name: l.run.name }));

describe('run labels from the store', () => {
  it('reads the params of many runs in one call, every run answered', () => {
    const { store, experimentId } = kobe();
    const runs = listed(store, experimentId);
    const params = store.runList.paramsOf([...runs.map((r) => r.id), 'no-such-run']);
    assert.equal(params.size, runs.length + 1);
    assert.deepEqual(params.get('no-such-run'), {});
    for (const run of runs) assert.deepEqual(params.get(run.id), store.runs.params(run.id), run.id);
  });

  it('tells the same-named runs of a real store apart, reading params for those runs only', () => {
    const { store, experimentId } = kobe();
    const runs = listed(store, experimentId);
    const known = new Map<string, Readonly<Record<string, string>>>();
    const labels = labelRuns(store.runList, runs, known);
    const shared = runs.filter((r) => runs.filter((o) => o.name === r.name).length > 1);
    assert.deepEqual(
      [...new Set(shared.map((r) => r.name))].sort(),
      ['Logistic Regression', 'str'],
      'the fixture has these names more than once',
    );
    assert.deepEqual([...known.keys()].sort(), shared.map((r) => r.id).sort(), 'params were read for the same-named runs only');
    // The same as core's rule on every run's params: the store adds no rule of its own.
    const expected = runLabels(runs.map((r) => ({ ...r, params: store.runs.params(r.id) })));
    for (const run of runs) assert.deepEqual(labels.get(run.id), expected.get(run.id), run.id);
    const texts = shared.map((r) => `${r.name} ${labels.get(r.id)!.qualifier}`);
    assert.equal(new Set(texts).size, texts.length, `every same-named run is told apart: ${texts.join(' | ')}`);
    for (const run of runs.filter((r) => !shared.includes(r))) assert.equal(labels.get(run.id)!.qualifier, null, run.name);
  });

  it('reads only the new runs\' params when a page is added to those known', () => {
    const { store, experimentId } = kobe();
    const runs = listed(store, experimentId);
    const known = new Map<string, Readonly<Record<string, string>>>();
    labelRuns(store.runList, runs.slice(0, 10), known);
    const before = new Map(known);
    const labels = labelRuns(store.runList, runs, known);
    for (const [id, params] of before) assert.equal(known.get(id), params, 'read before: kept, not read again');
    assert.deepEqual(labels, labelRuns(store.runList, runs), 'the same labels as reading everything at once');
  });

  it('names a run alone among its experiment\'s runs of the same name, deleted ones left out', () => {
    const store = Store.open(tempDir());
    const experimentId = writeRuns(store, 'sweep', [
      { id: 'aaaa1111', name: 'train', start: 1, status: 'finished', params: { lr: '0.1', seed: '1' }, metrics: {} },
      { id: 'bbbb2222', name: 'train', start: 2, status: 'finished', params: { lr: '0.2', seed: '1' }, metrics: {} },
      { id: 'cccc3333', name: 'train', start: 3, status: 'finished', params: { lr: '0.2', seed: '2' }, metrics: {} },
      { id: 'dddd4444', name: 'eval', start: 4, status: 'finished', params: { lr: '0.2' }, metrics: {} },
    ]);
    const run = (id: string) => ({ ...store.runs.get(id)!, experimentId });
    assert.deepEqual(labelInExperiment(store.runList, run('aaaa1111')), { name: 'train', qualifier: 'lr=0.1, seed=1' });
    assert.deepEqual(labelInExperiment(store.runList, run('dddd4444')), { name: 'eval', qualifier: null });
    store.runAnnotations.softDelete(['cccc3333'], null);
    assert.deepEqual(labelInExperiment(store.runList, run('aaaa1111')), { name: 'train', qualifier: 'lr=0.1' }, 'the deleted run no longer counts');
    assert.deepEqual(labelInExperiment(store.runList, run('cccc3333')), { name: 'train', qualifier: 'lr=0.2, seed=2' }, 'a deleted run is still told apart');
    store.runAnnotations.rename('bbbb2222', 'train-b', null);
    assert.deepEqual(labelInExperiment(store.runList, run('aaaa1111')), { name: 'train', qualifier: null }, 'names as the user sees them');
  });
});

describe('the key metric of a real store', () => {
  it('is one whose name says which way is better over a slightly more common one that says nothing', () => {
    const { store, experimentId } = kobe();
    // PyCaret logs TT (seconds taken) in 18 runs and AUC, Accuracy, F1… in 17: the row shows AUC.
    assert.equal(store.runList.defaultKeyMetric(experimentId), 'AUC');
    const kobedataset = store.experiments.findByName('kobedataset')[0]!.id;
    assert.equal(store.runList.defaultKeyMetric(kobedataset), 'F1_score model API');
  });
});

describe('run counts of a source', () => {
  it('counts a real store\'s runs and the deleted ones among them, under its path only', () => {
    const { store } = kobe();
    const all = store.runs.countFromSource('mlflow', 'mlruns');
    const byExperiment = store.experiments.list({ includeDeleted: true }).map((e) => [store.runs.countByExperiment(e.id, true), store.runs.countByExperiment(e.id, false)] as const);
    assert.deepEqual(all, { runs: byExperiment.reduce((n, [total]) => n + total, 0), deleted: byExperiment.reduce((n, [total, shown]) => n + total - shown, 0) });
    assert.equal(all.deleted, 20, 'PROVENANCE.md: 20 deleted');
    assert.deepEqual(store.runs.countFromSource('mlflow', '.'), all, 'the workspace holds them');
    assert.deepEqual(store.runs.countFromSource('mlflow', 'mlr'), { runs: 0, deleted: 0 }, 'a path prefix that is not a folder');
    assert.deepEqual(store.runs.countFromSource('mlflow-db', 'mlruns'), { runs: 0, deleted: 0 });
    const [someRun] = store.runList.listRuns(store.experiments.findByName('clf-default-name')[0]!.id, DEFAULT_RUN_QUERY, ALL).runs;
    store.runAnnotations.softDelete([someRun!.run.id], null);
    assert.deepEqual(store.runs.countFromSource('mlflow', 'mlruns'), { runs: all.runs, deleted: all.deleted + 1 }, 'deleted by a user counts too');
  });
});
