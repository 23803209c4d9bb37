import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { RunPanel } from '../../src/extension/panels/runPanel';
import { liveMlflowRunIds } from '../../src/extension/staleRuns';
import { activateApi, treeRows, waitFor, workspaceFolder, type Row } from './helpers';
import { withStore } from './sidebarHelpers';

const EXPERIMENT = 'stale-suite';
const HOUR = 3_600_000;

/** Runs as an MLflow store leaves them: one whose process died three days ago, still RUNNING; one training now; one finished. */
function writeStaleSuite(now: number): void {
  withStore((store) =>
    store.write(() => {
      const experimentId = store.experiments.upsert({ name: EXPERIMENT, origin: { source: 'mlflow', id: 'stale-suite', path: 'stale/mlruns' } });
      const runs = [
        { id: 'st-crashed', status: 'running' as const, start: now - 72 * HOUR, logged: now - 71 * HOUR },
        { id: 'st-training', status: 'running' as const, start: now - HOUR, logged: now },
        { id: 'st-done', status: 'finished' as const, start: now - 80 * HOUR, logged: now - 79 * HOUR },
      ];
      for (const r of runs) {
        store.runs.upsert({
          id: r.id,
          experimentId,
          name: r.id.slice(3),
          status: r.status,
          deleted: false,
          startTime: r.start,
          endTime: r.status === 'finished' ? r.logged : null,
          git: null,
          command: null,
          parentRunId: null,
          origin: { source: 'mlflow', id: r.id, path: 'stale/mlruns' },
        });
        store.metrics.append(r.id, [{ key: 'loss', step: 0, timestamp: r.logged, value: 0.5 }]);
      }
    }),
  );
}

suite('sidebar: stale running runs', () => {
  let api: ModelLedgerApi;
  const now = Date.now();
  const rows = async (): Promise<Row[]> => {
    const experiment = await waitFor(`${EXPERIMENT} in the view`, async () => (await treeRows(api.experiments)).find((r) => r.label === EXPERIMENT));
    return treeRows(api.experiments, experiment.node);
  };
  const row = async (name: string) => (await rows()).find((r) => r.label === name)!;
  const icon = (r: Row) => (r.item.iconPath as vscode.ThemeIcon).id;
  const setHours = (hours: number | undefined) => vscode.workspace.getConfiguration('modelLedger').update('staleRunHours', hours, vscode.ConfigurationTarget.Global);

  suiteSetup(async () => {
    api = await activateApi();
    writeStaleSuite(now);
  });
  teardown(async () => {
    await setHours(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a running run with no new data for a day shows as stale, with its last update, not a spinner', async () => {
    const crashed = await row('crashed');
    assert.equal(icon(crashed), 'warning');
    assert.equal(crashed.item.contextValue, 'run.stale', 'the run menus that apply to a running run apply');
    assert.match(String(crashed.item.description), /^loss 0\.5 · stale, updated (2|3)d ago$/);
    assert.match(crashed.item.accessibilityInformation!.label, /^Run crashed, stale, /);
    const tooltip = (api.experiments.resolveTreeItem(crashed.item, crashed.node).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(tooltip, /— stale/);
    assert.match(tooltip, /Still marked running, but nothing new since \d{4}-\d\d-\d\d \d\d:\d\d \((2|3) days ago\)/);
    const training = await row('training');
    assert.equal(icon(training), 'sync~spin');
    assert.equal(training.item.contextValue, 'run.running');
    assert.equal(icon(await row('done')), 'pass', 'a finished run is never stale');
  });

  test('its details panel says it is stale and when it last logged', async () => {
    const panel = (await vscode.commands.executeCommand('modelLedger.showRun', { folder: workspaceFolder().uri.fsPath, runId: 'st-crashed' })) as RunPanel;
    const message = await waitFor('the details', () => (panel.lastMessage?.type === 'state' ? panel.lastMessage : undefined), 20_000);
    assert.equal(message.run.status, 'running');
    assert.equal(message.run.stale, true);
    assert.equal(message.run.lastUpdate, now - 71 * HOUR);
  });

  test('the live poll follows the running runs but not the stale one', () => {
    const live = liveMlflowRunIds(api.stores, workspaceFolder());
    assert.ok(live.has('st-training'));
    assert.ok(!live.has('st-crashed'));
    assert.ok(!live.has('st-done'));
  });

  test('the setting decides: 0 turns it off, a longer limit makes the run live again', async () => {
    await setHours(0);
    await waitFor('the stale run to spin again', async () => (icon(await row('crashed')) === 'sync~spin' ? true : undefined));
    assert.ok(liveMlflowRunIds(api.stores, workspaceFolder()).has('st-crashed'));
    await setHours(100);
    await waitFor('72 h is under the 100 h limit', async () => ((await row('crashed')).item.contextValue === 'run.running' ? true : undefined));
    await setHours(48);
    await waitFor('72 h is over the 48 h limit', async () => ((await row('crashed')).item.contextValue === 'run.stale' ? true : undefined));
    assert.ok(!liveMlflowRunIds(api.stores, workspaceFolder()).has('st-crashed'));
  });
});
