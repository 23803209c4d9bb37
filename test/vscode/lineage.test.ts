import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { RegisterResult } from '../../src/registry/registry';
import type { Store } from '../../src/store/store';
import { activateApi, EXTENSION_ID, label, waitFor, workspaceFolder, type Row } from './helpers';
import { git, modelRow, removeModelTags, rowsOf, run, versionRow } from './registryHelpers';

const MODEL = 'churn-lineage';
const SOURCE_RUN = 'demo0003000000000000000000000000'; // the demo's gbm-lr-0.1

function storeOf(api: ModelLedgerApi): Store {
  const state = api.stores.read(workspaceFolder());
  if (state.kind !== 'ready') throw new Error(`the demo store is ${state.kind}`);
  return state.store;
}

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function childRows(api: ModelLedgerApi, row: Row): Promise<Row[]> {
  return rowsOf(api, row.node);
}

async function childNamed(api: ModelLedgerApi, row: Row, prefix: string): Promise<Row> {
  const rows = await childRows(api, row);
  const found = rows.find((r) => r.label.startsWith(prefix));
  if (!found) throw new Error(`no row "${prefix}…" under ${row.label}; have ${JSON.stringify(rows.map((r) => r.label))}`);
  return found;
}

suite('lineage in the Models view', () => {
  let api: ModelLedgerApi;
  let folder: string;
  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    folder = workspaceFolder().uri.fsPath;
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await removeModelTags(api, MODEL);
  });

  test('a version registered with data shows its datasets, and an evaluation run written by the Python client shows under it against the registered metrics', async () => {
    // Real public data (vega-datasets) as the training and evaluation files.
    const extensionPath = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
    const vega = path.join(extensionPath, 'node_modules', 'vega-datasets', 'data');
    fs.mkdirSync(path.join(folder, 'lineage-data'), { recursive: true });
    const train = path.join(folder, 'lineage-data', 'weather.csv');
    const holdout = path.join(folder, 'lineage-data', 'sp500.csv');
    fs.copyFileSync(path.join(vega, 'seattle-weather.csv'), train);
    fs.copyFileSync(path.join(vega, 'sp500.csv'), holdout);

    const commit = (await git('log', '--format=%H', '--grep', '^Train gbm-lr-0.1$')).trim();
    const result = await run<RegisterResult>('modelLedger.registerVersion', {
      folder,
      runId: SOURCE_RUN,
      model: MODEL,
      version: 'v1.0.0',
      commit,
      artifactPath: 'models/churn.pkl',
      description: '',
      allowDirty: false,
      data: [{ path: train, role: 'training' }, { path: 'lineage-data/sp500.csv', role: 'evaluation' }],
    });
    assert.deepEqual(result?.data.map(({ profile: _, ...d }) => d), [
      { path: 'lineage-data/weather.csv', sha256: sha256Of(train), role: 'training' },
      { path: 'lineage-data/sp500.csv', sha256: sha256Of(holdout), role: 'evaluation' },
    ]);
    // Each was profiled (in the data worker) at registration: the tag names a stored profile of those bytes.
    for (const d of result!.data) {
      const stored = JSON.parse(fs.readFileSync(path.join(folder, '.modelledger', 'profiles', `${d.profile}.json`), 'utf8')) as { source: { sha256: string } };
      assert.equal(stored.source.sha256, d.sha256, d.path);
    }

    const version = await waitFor('the new version in the Models view', async () => (await childRows(api, await modelRow(api, MODEL))).find((r) => r.label === 'v1.0.0'));
    const data = await childNamed(api, version, 'Data (2)');
    const rows = await childRows(api, data);
    assert.deepEqual(rows.map((r) => [r.label, r.item.description, r.item.contextValue]), [
      ['lineage-data/weather.csv', `training · ${sha256Of(train).slice(0, 8)}`, 'lineage.dataset.local'],
      ['lineage-data/sp500.csv', `evaluation · ${sha256Of(holdout).slice(0, 8)}`, 'lineage.dataset.local'],
    ]);
    assert.deepEqual(rows[0]!.item.command?.arguments, [vscode.Uri.file(train)], 'a click opens the file');
    const tooltip = (await api.models.resolveTreeItem(rows[0]!.item, rows[0]!.node)) as vscode.TreeItem;
    const hover = (tooltip.tooltip as vscode.MarkdownString).value;
    assert.ok(hover.includes(sha256Of(train)), hover);
    assert.ok(hover.includes(`churn-lineage@v1.0.0`), hover);

    // An evaluation, written by the Python client as a monitoring job would.
    const registered = storeOf(api).models.versions(MODEL).find((v) => v.version === 'v1.0.0')!.metrics;
    const [key, before] = Object.entries(registered).sort()[0]!;
    const script = `import model_ledger
with model_ledger.start_run(experiment="monitoring", name="holdout-check", evaluates="${MODEL}@v1.0.0") as run:
    run.log_input("lineage-data/sp500.csv")
    run.log_metric(${JSON.stringify(key)}, ${before} + 0.25, step=0)
print(run.run_id)`;
    const evalId = execFileSync('python3', ['-c', script], { cwd: folder, encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(extensionPath, 'clients', 'python'), PYTHONDONTWRITEBYTECODE: '1' } }).trim();
    await waitFor('the evaluation run in the store', () => (storeOf(api).lineage.evaluates(evalId) ? true : undefined), 15_000);

    const evaluations = await waitFor('Evaluations (1) under the version', async () => {
      const fresh = await versionRow(api, MODEL, 'v1.0.0');
      return (await childRows(api, fresh)).find((r) => r.label === 'Evaluations (1)');
    }, 15_000);
    const [evaluation] = await childRows(api, evaluations);
    assert.equal(evaluation!.label, 'holdout-check');
    assert.match(String(evaluation!.item.description), new RegExp(`${key.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .* \\(\\+0\\.25\\)$`));
    assert.deepEqual(evaluation!.item.command?.arguments, [{ folder, runId: evalId, fromRow: true }]);
    const under = await childRows(api, evaluation!);
    assert.deepEqual(under.map((r) => label(r.item)), ['lineage-data/sp500.csv', key]);
    assert.match(String(under[1]!.item.description), /, registered .* \(\+0\.25\)$/);
  });
});
