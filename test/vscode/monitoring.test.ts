import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { BatchCheckEvent } from '../../src/extension/monitor/batchWatcher';
import type { MonitorPanel } from '../../src/extension/panels/monitorPanel';
import type { CheckBatch } from '../../src/monitor/checkBatch';
import { seattleWeather, fileDriftCheck, writeCsv } from '../../testkit/weatherBatches';
import { activateApi, extensionJson, waitFor, workspaceFolder } from './helpers';
import { DEMO_MODEL } from './registryHelpers';

/** Where this suite's batches land, and its monitor.yaml (removed afterwards: the demo workspace is shared). */
const INCOMING = 'monitoring-test/incoming';
const CONFIG = '.modelledger/monitor.yaml';

suite('monitoring: batches of new data checked once', () => {
  let api: ModelLedgerApi;
  let folder: string;
  const checked: string[] = [];
  const events: BatchCheckEvent[] = [];

  suiteSetup(async () => {
    api = await activateApi();
    await api.monitorReady;
    folder = workspaceFolder().uri.fsPath;
    fs.mkdirSync(path.join(folder, INCOMING), { recursive: true });
    const reference = path.join(folder, 'monitoring-test', 'train-2012.csv');
    writeCsv(reference, seattleWeather((d) => d.startsWith('2012')));
    // The drift engine, with the version's training data given as a file; its checks counted.
    const engine = fileDriftCheck({ [`${DEMO_MODEL}@v1.0.0`]: reference });
    const check: CheckBatch = (ref, batch, rules, context) => {
      checked.push(`${ref} ${path.relative(folder, batch)}`);
      return engine(ref, batch, rules, context);
    };
    api.batchWatcher.useCheck(check);
    api.batchWatcher.onDidCheck((event) => events.push(event));
    fs.writeFileSync(path.join(folder, CONFIG), `models:\n  ${DEMO_MODEL}:\n    stages:\n      prod:\n        batches: ${INCOMING}/*.csv\n        important: [temp_max]\n`);
    await waitFor('monitor.yaml to be read', () => (api.batchWatcher.config(workspaceFolder())?.config.models.length ? true : undefined), 15_000);
    await api.batchWatcher.idle();
  });

  suiteTeardown(async () => {
    fs.rmSync(path.join(folder, CONFIG), { force: true });
    fs.rmSync(path.join(folder, 'monitoring-test'), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a batch dropped into the watched folder is checked once against the version in prod, and kept', async function () {
    // A settle, a poll and a check while the machine runs the other suites: more than mocha's 20 s.
    this.timeout(90_000);
    writeCsv(path.join(folder, INCOMING, '2013.csv'), seattleWeather((d) => d.startsWith('2013')));
    const event = await waitFor('the new batch to be checked', () => events.find((e) => e.outcome.batches.some((b) => b.kind === 'checked' && b.path === `${INCOMING}/2013.csv`)), 40_000);
    assert.equal(event.outcome.stage.model, DEMO_MODEL);
    assert.deepEqual(checked, [`${DEMO_MODEL}@v1.0.0 ${INCOMING}/2013.csv`]);

    // The same bytes written again (a re-download) and a copy under another name: recognised, not checked again.
    const before = events.length;
    fs.copyFileSync(path.join(folder, INCOMING, '2013.csv'), path.join(folder, INCOMING, '2013-again.csv'));
    writeCsv(path.join(folder, INCOMING, '2013.csv'), seattleWeather((d) => d.startsWith('2013')));
    // Seen by the file watcher (an event) or by the poll (which reports only news): either way kept as seen.
    const seen = () => {
      const state = api.stores.read(workspaceFolder());
      return state.kind === 'ready' && state.store.db.prepare('SELECT 1 FROM drift_batch_files WHERE path = ?').get(`${INCOMING}/2013-again.csv`) !== undefined;
    };
    await waitFor('the copy to be looked at', () => (seen() || events.slice(before).some((e) => e.outcome.batches.some((b) => b.path === `${INCOMING}/2013-again.csv`)) ? true : undefined), 40_000);
    await api.batchWatcher.idle();
    assert.equal(checked.length, 1, `checked once: ${JSON.stringify(checked)}`);

    const state = api.stores.read(workspaceFolder());
    assert.equal(state.kind, 'ready');
    const series = state.kind === 'ready' ? state.store.driftChecks.series(DEMO_MODEL) : [];
    assert.deepEqual(series.map((c) => [c.stage, c.version, c.batchPath, c.rows]), [['prod', 'v1.0.0', `${INCOMING}/2013.csv`, 365]]);
  });

  test('Show Monitoring, from the Models view\'s model menu or the palette, opens the model\'s panel with its batches', async () => {
    const menus = extensionJson<{ contributes: { menus: Record<string, { command: string; when?: string }[]> } }>('package.json').contributes.menus;
    assert.ok(menus['view/item/context']!.some((m) => m.command === 'modelLedger.showMonitoring' && m.when?.includes('registryModel')), 'on a model\'s menu');
    assert.ok(menus.commandPalette!.some((m) => m.command === 'modelLedger.showMonitoring' && m.when !== 'false'), 'in the palette');

    const panel = await vscode.commands.executeCommand<MonitorPanel>('modelLedger.showMonitoring', { folder, model: DEMO_MODEL });
    assert.ok(panel, 'a panel opened');
    assert.equal(panel.panel.title, `Monitoring: ${DEMO_MODEL}`);
    const message = await waitFor('the panel\'s first snapshot', () => (panel.lastMessage?.type === 'state' ? panel.lastMessage : undefined), 15_000);
    const prod = message.state.stages.find((s) => s.stage === 'prod')!;
    assert.deepEqual(prod.batches.map((b) => [b.batchPath, b.version]), [[`${INCOMING}/2013.csv`, 'v1.0.0']]);
    assert.equal(prod.shareThreshold, 0.5);
    assert.ok(prod.features.length > 0 && prod.features.every((f) => f.scores.length === 1));
    assert.ok(prod.features.every((f) => f.important === (f.column === 'temp_max')), 'the column monitor.yaml marks important, and only it, is marked');
    assert.deepEqual(message.state.problems, []);

    // A second batch lands while the panel is open: a new snapshot shows it.
    writeCsv(path.join(folder, INCOMING, '2014.csv'), seattleWeather((d) => d.startsWith('2014')));
    await waitFor('the panel to show the second batch', () => (panel.lastMessage?.state.stages.find((s) => s.stage === 'prod')?.batches.length === 2 ? true : undefined), 20_000);
    assert.equal(checked.length, 2);
    assert.equal(await vscode.commands.executeCommand('modelLedger.showMonitoring', { folder, model: DEMO_MODEL }), panel, 'the same model\'s panel is revealed, not opened twice');
  });

  test('a problem in monitor.yaml is shown in the Problems panel at its line', async () => {
    const uri = vscode.Uri.file(path.join(folder, CONFIG));
    fs.writeFileSync(uri.fsPath, `models:\n  ${DEMO_MODEL}:\n    stages:\n      prod:\n        batches: ${INCOMING}/*.csv\n        share: 7\n`);
    const diagnostics = await waitFor('the diagnostic', () => {
      const found = vscode.languages.getDiagnostics(uri);
      return found.length > 0 ? found : undefined;
    }, 15_000);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.range.start.line, 5);
    assert.match(diagnostics[0]!.message, /"share" of stage "prod" of model "churn-classifier" is 7, out of range/);
    fs.writeFileSync(uri.fsPath, `models:\n  ${DEMO_MODEL}:\n    stages:\n      prod:\n        batches: ${INCOMING}/*.csv\n`);
    await waitFor('the diagnostic to clear', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined), 15_000);
  });
});
