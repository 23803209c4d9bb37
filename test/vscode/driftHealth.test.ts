import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DriftReport } from '../../src/core/drift/types';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { BatchCheckEvent } from '../../src/extension/monitor/batchWatcher';
import type { MonitorPanel } from '../../src/extension/panels/monitorPanel';
import type { RegisterResult } from '../../src/registry/registry';
import type { Store } from '../../src/store/store';
import { seattleWeather, writeCsv } from '../../testkit/weatherBatches';
import { activateApi, EXTENSION_ID, waitFor, workspaceFolder } from './helpers';
import { git, removeModelTags, run, versionRow } from './registryHelpers';

/**
 * The monitoring loop with nothing stood in: a version registered with real data (Seattle's
 * weather of 2012, vega-datasets), profiled at registration, in prod; Check Drift… on it with a
 * later year (the data worker's engine), its report panel and its health in the Models view; and
 * a batch landing where monitor.yaml says, checked by the batch watcher's own engine.
 */
const MODEL = 'weather-drift';
const DIR = 'drift-health';
const INCOMING = `${DIR}/incoming`;
const CONFIG = '.modelledger/monitor.yaml';

function storeOf(api: ModelLedgerApi): Store {
  const state = api.stores.read(workspaceFolder());
  if (state.kind !== 'ready') throw new Error(`the demo store is ${state.kind}`);
  return state.store;
}

/** `model-ledger drift --json` of two files, by the CLI in a process of its own: the figures the engine must give. */
function cliDrift(reference: string, current: string): { columns: { name: string; test: string; statistic: number; pValue: number | null; drift: boolean }[]; driftShare: number; datasetDrift: boolean } {
  const root = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const node = path.join(root, 'node_modules', '.bin', 'node');
  return JSON.parse(execFileSync(node, [path.join(root, 'dist', 'cli.js'), 'drift', '--reference', reference, '--current', current, '--json'], { encoding: 'utf8' }));
}

/** Each column's test, statistic and verdict, as compared between the engine's report and the CLI's. */
function figures(columns: readonly { name: string; test: string; statistic: number; drift: boolean }[]): [string, string, string, boolean][] {
  return columns.map((c) => [c.name, c.test, c.statistic.toPrecision(9), c.drift] as [string, string, string, boolean]).sort((a, b) => a[0].localeCompare(b[0]));
}

suite('drift and health on a version registered with real data', () => {
  let api: ModelLedgerApi;
  let folder: string;
  let train: string;
  const events: BatchCheckEvent[] = [];

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    await api.registryReady;
    await api.monitorReady;
    folder = workspaceFolder().uri.fsPath;
    train = path.join(folder, DIR, 'train-2012.csv');
    writeCsv(train, seattleWeather((d) => d.startsWith('2012')));
    const commit = (await git('rev-parse', 'HEAD')).trim();
    const registered = await run<RegisterResult>('modelLedger.registerVersion', {
      folder, model: MODEL, version: 'v1.0.0', commit, artifactPath: 'models/churn.pkl', description: 'trained on 2012', allowDirty: true, data: [{ path: train, role: 'training' }],
    });
    assert.ok(registered, JSON.stringify(api.registry.feedback.last));
    assert.match(registered.data[0]?.profile ?? '', /^[0-9a-f]{64}$/, 'the training data was profiled at registration');
    assert.ok(await run('modelLedger.assignStage', { folder, model: MODEL, version: 'v1.0.0', stage: 'prod' }), JSON.stringify(api.registry.feedback.last));
    api.batchWatcher.onDidCheck((event) => events.push(event));
    fs.writeFileSync(path.join(folder, CONFIG), `models:\n  ${MODEL}:\n    stages:\n      prod:\n        batches: ${INCOMING}/*.csv\n        important: [temp_max]\n`);
    await waitFor('monitor.yaml to be read', () => (api.batchWatcher.config(workspaceFolder())?.config.models.some((m) => m.name === MODEL) ? true : undefined), 15_000);
    await api.batchWatcher.idle();
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await removeModelTags(api, MODEL);
    fs.rmSync(path.join(folder, CONFIG), { force: true });
    fs.rmSync(path.join(folder, DIR), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Check Drift on the version with a later year: dataset drift, the report in a panel, the version\'s row shows drift and why', async function () {
    this.timeout(60_000);
    const current = path.join(folder, DIR, 'current-2015.csv');
    writeCsv(current, seattleWeather((d) => d.startsWith('2015')));
    const report = await run<DriftReport>('modelLedger.checkDrift', { folder, model: MODEL, version: 'v1.0.0', current });
    assert.ok(report, JSON.stringify(api.runFeedback.last));
    assert.equal(report.datasetDrift, true);
    assert.deepEqual(report.rows, { reference: 366, current: 365 });
    assert.equal(report.current.label, `${DIR}/current-2015.csv`);
    // The stored profile holds every row of a year: the figures are the CLI's, file against file.
    const cli = cliDrift(train, current);
    assert.deepEqual(figures(report.columns), figures(cli.columns));
    assert.equal(report.driftShare, cli.driftShare);
    assert.ok(report.columns.every((c) => !c.estimated));
    assert.ok(report.columns.find((c) => c.name === 'temp_max')?.drift, 'temp_max drifted');
    assert.ok(report.findings.some((f) => f.column === 'date' && f.kind === 'datetime-range'), JSON.stringify(report.findings));

    const panel = [...api.driftPanels.values()].find((p) => p.report === report);
    assert.ok(panel, 'a drift panel shows the report');
    await waitFor('the panel to send its report', () => (panel.lastMessage?.type === 'report' && panel.lastMessage.report.checkedAt === report.checkedAt ? true : undefined), 20_000);

    const drifted = await waitFor('the drift on the version\'s row', async () => {
      const row = await versionRow(api, MODEL, 'v1.0.0');
      return String(row.item.description).includes('drift') ? row : undefined;
    }, 15_000);
    const icon = drifted.item.iconPath as vscode.ThemeIcon;
    assert.equal(icon.id, 'warning');
    assert.match(String(drifted.item.description), /^\[prod\] · drift · /);
    const tooltip = (api.models.resolveTreeItem(drifted.item, drifted.node).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(tooltip, /Health: drift/);
    const share = Math.round(report.driftShare * 100);
    assert.ok(tooltip.includes(`Dataset drift in the data of prod: ${share} % of the columns drifted (threshold 50 %) in batch ${DIR}/current-2015.csv`), tooltip);
    assert.match(tooltip, /Important column temp_max drifted in the data of prod/);
  });

  test('a batch landing where monitor.yaml says is checked by the real engine, and the Monitoring panel shows it', async function () {
    this.timeout(60_000);
    const batch = path.join(folder, INCOMING, '2013.csv');
    writeCsv(batch, seattleWeather((d) => d.startsWith('2013')));
    const event = await waitFor('the batch to be checked', () => events.find((e) => e.outcome.batches.some((b) => b.kind === 'checked' && b.path === `${INCOMING}/2013.csv`)), 30_000);
    assert.equal(event.outcome.stage.model, MODEL);

    const queries = storeOf(api).driftChecks;
    const kept = queries.series(MODEL, { stage: 'prod' }).find((c) => c.batchPath === `${INCOMING}/2013.csv`);
    assert.ok(kept, 'the check is kept');
    assert.equal(kept.version, 'v1.0.0');
    assert.equal(kept.rows, 365);
    const report = queries.report(kept.id)!;
    // The engine's own statistics (KS, chi-squared on a reference of 366 rows), not a stand-in's.
    const cli = cliDrift(train, batch);
    assert.deepEqual(figures(report.columns), figures(cli.columns));
    assert.equal(kept.datasetDrift, cli.datasetDrift);

    const panel = await vscode.commands.executeCommand<MonitorPanel>('modelLedger.showMonitoring', { folder, model: MODEL });
    assert.ok(panel, 'the Monitoring panel opened');
    const message = await waitFor('the panel to show both checks of prod', () => {
      const m = panel.lastMessage;
      return m?.type === 'state' && (m.state.stages.find((s) => s.stage === 'prod')?.batches.length ?? 0) >= 2 ? m : undefined;
    }, 20_000);
    const prod = message.state.stages.find((s) => s.stage === 'prod')!;
    assert.deepEqual(prod.batches.map((b) => b.batchPath).sort(), [`${DIR}/current-2015.csv`, `${INCOMING}/2013.csv`]);
    assert.ok(prod.batches.every((b) => b.version === 'v1.0.0' && b.datasetDrift));
    assert.equal(prod.features.find((f) => f.column === 'temp_max')?.important, true);
    assert.deepEqual(message.state.problems, []);
  });
});
