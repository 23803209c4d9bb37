import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DiagnosticSink } from '../../../src/ingest/diagnostics';
import { discoverSources } from '../../../src/ingest/sources';
import { Store } from '../../../src/store/store';
import { cli } from '../helpers/cli';
import { copyFixtureInto, FIXTURES } from '../helpers/fixtures';
import { tempDir } from '../helpers/temp';

/** A real DVCLive run (PROVENANCE.md): a summary, params and one long metric history. */
const FIXTURE = 'CoffeeMugTwo__dvc_dqn_test';
const FOLDS = ['fold_0', 'fold_1', 'fold_2'];

/**
 * A cross-validation repository as `Live(dir=f"dvclive/fold_{i}")` leaves it: the fixture's
 * repository files, its DVCLive folder copied once per fold under dvclive/, no outer run.
 */
function crossValidation(): string {
  const ws = tempDir('nested-dvclive-');
  for (const file of ['params.yaml', 'dvc.yaml']) copyFixtureInto(ws, FIXTURE, file);
  for (const fold of FOLDS) fs.cpSync(path.join(FIXTURES, FIXTURE, 'dvclive'), path.join(ws, 'dvclive', fold), { recursive: true });
  return ws;
}

describe('DVCLive folders nested in another (one per cross-validation fold)', () => {
  it('are each a run of `model-ledger import`, and the outer folder without metrics of its own is none', () => {
    const ws = crossValidation();
    const result = cli(['import', '--workspace', ws, '--quiet'], ws);
    assert.equal(result.code, 0, result.stderr);
    const store = Store.open(ws, { create: false });
    const runs = [...store.runs.iterateAll()].map((run) => run.id).sort();
    assert.deepEqual(runs, FOLDS.map((fold) => `dvclive:dvclive/${fold}`));
    const history = store.metrics.summaries('dvclive:dvclive/fold_1');
    const tsv = fs.readFileSync(path.join(FIXTURES, FIXTURE, 'dvclive', 'plots', 'metrics', 'min_distance.tsv'), 'utf8').trim().split('\n');
    assert.equal(history.get('min_distance')?.count, tsv.length - 1, 'the fold has the whole history of the copied run');
    store.close();
  });

  it('are found by discovery beside the outer folder when it logs metrics of its own', () => {
    const ws = crossValidation();
    fs.cpSync(path.join(FIXTURES, FIXTURE, 'dvclive', 'metrics.json'), path.join(ws, 'dvclive', 'metrics.json'));
    const found = discoverSources(ws, new DiagnosticSink()).map((s) => [s.kind, path.relative(ws, s.path)]);
    assert.deepEqual(found, [['dvclive', 'dvclive'], ...FOLDS.map((fold) => ['dvclive', path.join('dvclive', fold)])]);
  });

  it('are imported when the user names the outer folder, with or without --kind dvclive', () => {
    for (const kindArgs of [[], ['--kind', 'dvclive']]) {
      const ws = crossValidation();
      const result = cli(['import', 'dvclive', ...kindArgs, '--quiet'], ws);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        result.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/).slice(0, 4)),
        FOLDS.map((fold) => [`dvclive/${fold}`, 'dvclive', '1', '1']),
        result.stdout,
      );
    }
  });

  it('a folder with no source in it is still refused, and nothing is created', () => {
    const ws = crossValidation();
    fs.mkdirSync(path.join(ws, 'notes'));
    fs.writeFileSync(path.join(ws, 'notes', 'readme.txt'), 'no runs here\n');
    const result = cli(['import', 'notes'], ws);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /notes is not a run source Model Ledger knows/);
    const asMlflow = cli(['import', 'dvclive', '--kind', 'mlflow'], ws);
    assert.equal(asMlflow.code, 1, 'the folds are DVCLive runs, not MLflow stores');
    assert.match(asMlflow.stderr, /dvclive/);
    assert.equal(fs.existsSync(path.join(ws, '.modelledger')), false);
  });
});
