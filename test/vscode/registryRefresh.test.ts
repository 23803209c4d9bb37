import * as assert from 'node:assert/strict';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { ScanResult } from '../../src/registry/registry';
import { activateApi, waitFor } from './helpers';
import { git, rowsOf, versionRow } from './registryHelpers';

const MODEL = 'refresh-model';

suite('registry refresh when refs change', () => {
  let api: ModelLedgerApi;
  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
  });

  test('a tag written outside the editor is read alone: the refresh compares the ref that changed, not every tag', async () => {
    const scans: ScanResult[] = [];
    const listening = api.registry.registries.onDidScan(({ result }) => scans.push(result));
    try {
      await git('tag', '-a', `${MODEL}@v0.0.1`, '-m', `Registering artifact ${MODEL} version v0.0.1`, 'HEAD');
      await waitFor('the scan that reads the registration', () => scans.find((s) => s.changedModels.includes(MODEL)));
      const before = scans.length;
      await git('tag', '-a', `${MODEL}#prod#1`, '-m', `Assigning stage prod to artifact ${MODEL} version v0.0.1`, 'HEAD');
      const assigned = await waitFor('the scan that reads the assignment', () => scans.slice(before).find((s) => s.changedModels.includes(MODEL)));
      const tags = (await git('tag', '--list')).split('\n').filter(Boolean).length;
      assert.deepEqual([assigned.added, assigned.removed, assigned.compared], [1, 0, 1], `one ref compared among ${tags} tags`);
      const row = await waitFor('the model in the view', async () => (await rowsOf(api)).find((r) => r.label === MODEL));
      assert.deepEqual((await rowsOf(api, row.node)).map((r) => r.label), ['v0.0.1', 'History']);
      assert.equal((await versionRow(api, MODEL, 'v0.0.1')).item.contextValue, 'registryVersion.prod');
    } finally {
      listening.dispose();
      await git('tag', '-d', `${MODEL}@v0.0.1`, `${MODEL}#prod#1`);
      await waitFor('the model gone from the view', async () => ((await rowsOf(api)).some((r) => r.label === MODEL) ? undefined : true));
    }
  });
});
