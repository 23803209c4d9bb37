// The team store in the extension, against a real PostgreSQL server the suite starts: connecting
// (a wrong password refused and nothing saved), a teammate's runs pulled into the sidebar with their
// owner and an owner filter, local runs pushed as they are written, live updates in an open compare
// panel, zoom at full resolution from the server, the status bar through a server crash, and
// disconnecting.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MetricPoint } from '../../../src/core/types';
import type { ModelLedgerApi } from '../../../src/extension/extension';
import type { ComparePanel } from '../../../src/extension/panels/comparePanel';
import type { TreeNode } from '../../../src/extension/views/treeNode';
import type { CompareState, ToCompareWebview } from '../../../src/protocol/compare';
import { Store } from '../../../src/store/store';
import { pushToTeam } from '../../../src/team/push';
import { applyTeamRoles, READER_ROLE } from '../../../src/team/roles';
import { migrateTeamSchema } from '../../../src/team/schema/migrate';
import { readTeamConfig, writeTeamConfig } from '../../../src/team/teamConfig';
import { startPostgres, type PostgresServer } from '../../../testkit/postgres';
import { connectTeamClient } from '../../../testkit/teamStore';
import { activateApi, treeRows, waitFor, workspaceFolder, type Row } from '../helpers';

const EXPERIMENT_ID = 'team-suite-experiment';
const EXPERIMENT = 'team-suite';
const TEAMMATE = 'bob@gpu-box';
const START = Date.UTC(2026, 11, 5, 9, 0, 0);
/** Enough points that the pull brings only coarse levels and a zoom needs the server's raw points. */
const TEAMMATE_POINTS = 20_000;
/** Generous: the catch-up after a restart waits for the listener's backoff. */
const LIVE_MS = 30_000;

function lossCurve(from: number, to: number, start: number, scale: number): MetricPoint[] {
  return Array.from({ length: to - from }, (_, i) => {
    const step = from + i;
    return { key: 'loss', step, timestamp: start + step * 100, value: scale / (1 + step / 100) + 0.01 * Math.sin(step) };
  });
}

/** A run of the experiment in `store`, written as a training script's log would be. */
function writeRun(store: Store, id: string, name: string, points: MetricPoint[], params: Record<string, string>): void {
  store.write(() => {
    const experimentId = store.experiments.upsert({ id: EXPERIMENT_ID, name: EXPERIMENT, origin: { source: 'native', id: null, path: null } });
    store.runs.upsert({
      id, experimentId, name, status: 'finished', deleted: false, startTime: START, endTime: START + 60_000, git: null, command: 'python train.py',
      parentRunId: null, origin: { source: 'native', id, path: null },
    });
    store.runs.setParams(id, params);
    store.metrics.append(id, points);
  });
}

function localStore<T>(work: (store: Store) => T): T {
  const store = Store.open(workspaceFolder().uri.fsPath);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

async function experimentRows(api: ModelLedgerApi): Promise<Row[]> {
  const folders = await treeRows(api.experiments);
  const experiment = await waitFor('the team suite experiment in the sidebar', async () => {
    for (const row of folders) {
      const found = row.label === EXPERIMENT ? row : (await treeRows(api.experiments, row.node)).find((r) => r.label === EXPERIMENT);
      if (found) return found;
    }
    return undefined;
  });
  return treeRows(api.experiments, experiment.node);
}

async function runRow(api: ModelLedgerApi, name: string): Promise<Row> {
  return waitFor(`run ${name} in the sidebar`, async () => (await experimentRows(api)).find((r) => r.label === name), LIVE_MS);
}

function description(row: Row): string {
  return typeof row.item.description === 'string' ? row.item.description : '';
}

function stateWhere(panel: ComparePanel, what: string, check: (state: CompareState) => boolean): Promise<CompareState> {
  return waitFor(what, () => (panel.lastState && check(panel.lastState) ? panel.lastState : undefined), LIVE_MS);
}

function lossPoints(state: CompareState, runId: string): number {
  const chart = state.charts.find((c) => c.metric === 'loss');
  return chart?.series.find((s) => s.runId === runId)?.count.reduce((a, b) => a + b, 0) ?? 0;
}

suite('team store', () => {
  let api: ModelLedgerApi;
  let server: PostgresServer;
  /** The server's URL with `password` in it, as a user might paste it. */
  let urlWith: (password: string) => string;
  let teammateDir: string;
  let teammate: Store;

  async function teammatePush(): Promise<void> {
    const client = await connectTeamClient(server);
    try {
      await pushToTeam(client, teammate, { owner: TEAMMATE });
    } finally {
      await client.end();
    }
  }

  async function serverRows(sql: string): Promise<Record<string, unknown>[]> {
    const client = await connectTeamClient(server);
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  suiteSetup(async function () {
    this.timeout(60_000);
    api = await activateApi();
    await api.initialImport;
    server = await startPostgres({ name: 'vscode-team' });
    const admin = await connectTeamClient(server);
    try {
      await migrateTeamSchema(admin);
      await applyTeamRoles(admin);
    } finally {
      await admin.end();
    }
    urlWith = (password) => server.url({ user: server.adminUser, password, params: { sslmode: 'verify-full', sslrootcert: server.caFile } });
    teammateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-teammate-'));
    teammate = Store.open(teammateDir, { create: true });
    writeRun(teammate, 'bob-run-1', 'bob-wide', lossCurve(0, TEAMMATE_POINTS, START, 2), { lr: '0.1', batch: '64' });
    await teammatePush();
    localStore((store) => writeRun(store, 'me-run-1', 'mine-narrow', lossCurve(0, 500, START, 1.5), { lr: '0.01', batch: '64' }));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (api.team.all().length > 0) await vscode.commands.executeCommand('modelLedger.disconnectTeamStore');
    teammate?.close();
    if (teammateDir) fs.rmSync(teammateDir, { recursive: true, force: true });
    server?.close();
  });

  test('a wrong password is refused with the reason, and nothing is saved or started', async () => {
    await vscode.commands.executeCommand('modelLedger.connectTeamStore', { url: urlWith('not-the-password') });
    const shown = api.runFeedback.last;
    assert.equal(shown?.kind, 'error');
    assert.match(shown.text, /password/i, shown.text);
    assert.ok(!shown.text.includes('not-the-password'), 'the password is never shown');
    assert.equal(api.team.all().length, 0);
    assert.equal(readTeamConfig(workspaceFolder().uri.fsPath), null, 'no team.json written');
    assert.equal(api.teamStatusBar.phase, undefined, 'no status bar item while nothing is connected');
  });

  test('connecting pulls the teammate\'s runs beside the local ones, each saying whose it is', async () => {
    await vscode.commands.executeCommand('modelLedger.connectTeamStore', { url: urlWith(server.adminPassword) });
    assert.equal(api.team.all().length, 1, api.runFeedback.last?.text);
    assert.ok(!api.team.all()[0]!.url.includes(server.adminPassword), 'the password goes to SecretStorage, not into the saved URL');
    const saved = readTeamConfig(workspaceFolder().uri.fsPath);
    assert.ok(saved && saved.url.includes(`127.0.0.1:${server.port}`) && !saved.url.includes(server.adminPassword), 'team.json, shared with the CLI, names the server without the password');
    const bob = await runRow(api, 'bob-wide');
    assert.ok(description(bob).includes(TEAMMATE), description(bob));
    const mine = await runRow(api, 'mine-narrow');
    assert.ok(!description(mine).includes('@'), `a local run names no owner: ${description(mine)}`);
    const tooltip = (bob.node as TreeNode & { resolve(item: vscode.TreeItem): vscode.TreeItem }).resolve(new vscode.TreeItem('')).tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString && tooltip.value.includes(TEAMMATE), 'the tooltip says who logged it');
    // A quick round never shows as syncing: the phase alone does not say the first sync is done.
    await waitFor('connected after the first sync', () => (api.teamStatusBar.phase === 'connected' && api.team.all()[0]!.state.lastSync ? true : undefined), LIVE_MS);
    assert.match(api.teamStatusBar.item.text, /\$\(cloud\)/);
    const tip = api.teamStatusBar.item.tooltip;
    const tipText = tip instanceof vscode.MarkdownString ? tip.value.replaceAll('&nbsp;', ' ') : String(tip);
    assert.ok(tipText.includes(`127.0.0.1:${server.port}`) && /Last sync/.test(tipText), tipText);
  });

  test('the owner filter shows one person\'s runs, or this workspace\'s', async () => {
    try {
      await vscode.commands.executeCommand('modelLedger.filterRuns', { filter: { owner: TEAMMATE } });
      assert.deepEqual((await experimentRows(api)).map((r) => r.label), ['bob-wide']);
      await vscode.commands.executeCommand('modelLedger.filterRuns', { filter: { owner: null } });
      assert.deepEqual((await experimentRows(api)).map((r) => r.label), ['mine-narrow']);
    } finally {
      await vscode.commands.executeCommand('modelLedger.clearRunQuery');
    }
    assert.deepEqual((await experimentRows(api)).map((r) => r.label).sort(), ['bob-wide', 'mine-narrow']);
  });

  test('local runs are pushed as they are written, under this machine\'s owner', async () => {
    const pushed = await waitFor(
      'the local run on the server',
      async () => (await serverRows(`SELECT owner FROM model_ledger.runs WHERE id = 'me-run-1'`))[0],
      LIVE_MS,
    );
    assert.notEqual(pushed.owner, TEAMMATE);
    localStore((store) => writeRun(store, 'me-run-2', 'mine-later', lossCurve(0, 50, START, 1), { lr: '0.02', batch: '64' }));
    await waitFor('a run written later, pushed without asking', async () => ((await serverRows(`SELECT 1 FROM model_ledger.runs WHERE id = 'me-run-2'`)).length ? true : undefined), LIVE_MS);
  });

  test('a connected store left alone stays quiet: its own sync records are not taken for changes to push', async () => {
    const session = api.team.all()[0]!;
    await session.idle();
    let rounds = 0;
    let last = session.state.lastSync;
    const roundsDone = session.onDidChangeState((state) => {
      if (state.lastSync !== last) {
        last = state.lastSync;
        rounds++;
      }
    });
    try {
      // Longer than the store's settling: a loop (a round's writes taken for a change to push) would sync several times.
      await new Promise((resolve) => setTimeout(resolve, 5000));
    } finally {
      roundsDone.dispose();
    }
    assert.ok(rounds <= 1, `${rounds} sync rounds while nothing changed`);
  });

  test('a rename made right after a sync round reaches the server', async function () {
    this.timeout(2 * LIVE_MS);
    const session = api.team.all()[0]!;
    await session.idle();
    // The same Store connection as the round's: the data version does not move, only the file watcher reports it.
    await vscode.commands.executeCommand('modelLedger.renameRun', { folder: workspaceFolder().uri.fsPath, runId: 'me-run-1', name: 'mine-renamed' });
    await waitFor(
      'the new name on the server',
      async () => ((await serverRows(`SELECT display_name FROM model_ledger.run_annotations WHERE run_id = 'me-run-1'`))[0]?.display_name === 'mine-renamed' ? true : undefined),
      LIVE_MS,
    );
    await session.idle();
    // Back to the imported name: the display name goes, its time stays (the later rename wins on every side).
    await vscode.commands.executeCommand('modelLedger.renameRun', { folder: workspaceFolder().uri.fsPath, runId: 'me-run-1', name: '' });
    await waitFor(
      'the imported name back on the server',
      async () => ((await serverRows(`SELECT display_name FROM model_ledger.run_annotations WHERE run_id = 'me-run-1'`))[0]?.display_name === null ? true : undefined),
      LIVE_MS,
    );
  });

  test('an open compare panel follows a teammate\'s new points, and its zoom reads them at full resolution from the server', async () => {
    const panel = await vscode.commands.executeCommand<ComparePanel | undefined>('modelLedger.compareRuns', { folder: workspaceFolder().uri.fsPath, runIds: ['me-run-1', 'bob-run-1'] });
    assert.ok(panel);
    await panel.receive({ type: 'ready', width: 800 });
    const first = await stateWhere(panel, 'a snapshot with both runs', (s) => lossPoints(s, 'bob-run-1') > 0 && lossPoints(s, 'me-run-1') > 0);
    assert.equal(lossPoints(first, 'bob-run-1'), TEAMMATE_POINTS, 'the coarse levels still count every point');
    assert.deepEqual(first.runs.map((r) => [r.id, r.owner]), [['me-run-1', undefined], ['bob-run-1', TEAMMATE]], 'the column of a teammate\'s run says whose it is');

    teammate.write(() => teammate.metrics.append('bob-run-1', lossCurve(TEAMMATE_POINTS, TEAMMATE_POINTS + 1000, START, 2)));
    await teammatePush();
    const pushed = Date.now();
    await stateWhere(panel, 'the teammate\'s new points in the open panel', (s) => lossPoints(s, 'bob-run-1') === TEAMMATE_POINTS + 1000);
    // A figure, not a check (the benchmark team.notify_latency measures it): the issue asks for 2 s.
    console.log(`    teammate's push → open compare panel updated: ${Date.now() - pushed} ms (polled every 100 ms)`);

    const answers: ToCompareWebview[] = [];
    const listening = panel.onDidPost((message) => answers.push(message));
    try {
      await panel.receive({ type: 'zoom', id: 7, metric: 'loss', xFrom: 1000, xTo: 1300, width: 800 });
    } finally {
      listening.dispose();
    }
    const series = answers.filter((m) => m.type === 'series');
    assert.equal(series.length, 2, 'the coarse line at once, then the full resolution');
    assert.notEqual(series[0]?.type === 'series' && series[0].chart.series.find((s) => s.runId === 'bob-run-1')?.level, 0, 'first the local coarse levels');
    const answer = series.at(-1);
    assert.ok(answer?.type === 'series' && answer.id === 7);
    const bob = answer.chart.series.find((s) => s.runId === 'bob-run-1');
    assert.ok(bob, 'the teammate\'s series is in the answer');
    assert.equal(bob.level, 0, 'raw points, fetched from the team store');
    assert.equal(bob.finerOnTeamStore, undefined);
    assert.equal(bob.count.reduce((a, b) => a + b, 0), 301, 'every step of the window, one point each');
    // A snapshot posted while the fetch ran may still hold the coarse line; the ones after keep the fetched series.
    await stateWhere(panel, 'a snapshot keeping the fetched series', (s) => s.zoom !== null && s.charts.find((c) => c.metric === 'loss')?.series.find((r) => r.runId === 'bob-run-1')?.level === 0);
  });

  test('with auto-push off, a local run waits for Sync with Team Store', async () => {
    const settings = vscode.workspace.getConfiguration('modelLedger.team');
    await settings.update('autoPush', false, vscode.ConfigurationTarget.Workspace);
    try {
      localStore((store) => writeRun(store, 'me-run-3', 'mine-held-back', lossCurve(0, 20, START, 1), { lr: '0.05', batch: '64' }));
      await runRow(api, 'mine-held-back'); // the store change has been seen
      // A teammate's push brings a pull round: it must not push the held-back run along.
      writeRun(teammate, 'bob-run-3', 'bob-meanwhile', lossCurve(0, 20, START, 2), { lr: '0.2', batch: '64' });
      await teammatePush();
      await runRow(api, 'bob-meanwhile');
      await api.team.all()[0]!.idle();
      assert.deepEqual(await serverRows(`SELECT id FROM model_ledger.runs WHERE id = 'me-run-3'`), [], 'not pushed while auto-push is off');
      await vscode.commands.executeCommand('modelLedger.syncTeamStore');
      assert.equal((await serverRows(`SELECT id FROM model_ledger.runs WHERE id = 'me-run-3'`)).length, 1, 'pushed by Sync with Team Store');
    } finally {
      await settings.update('autoPush', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('disconnecting during a push stops it at once, and the next connection completes it', async function () {
    this.timeout(4 * LIVE_MS);
    const points = 800_000;
    localStore((store) => writeRun(store, 'me-run-big', 'mine-big', lossCurve(0, points, START, 1), { lr: '0.03', batch: '64' }));
    await waitFor('a push long enough to show as syncing', () => (api.team.all()[0]?.state.phase === 'syncing' ? true : undefined), LIVE_MS);
    await vscode.commands.executeCommand('modelLedger.disconnectTeamStore');
    assert.equal(api.team.all().length, 0, 'disconnected while the push ran');
    const serverCount = async () => Number((await serverRows(`SELECT count(*) AS n FROM model_ledger.metric_points p JOIN model_ledger.metric_series s ON s.id = p.series_id WHERE s.run_id = 'me-run-big'`))[0]?.n ?? 0);
    const cutAt = await serverCount();
    assert.ok(cutAt < points, `the push was cut off (${cutAt} of ${points} points on the server)`);
    await vscode.commands.executeCommand('modelLedger.connectTeamStore', { url: urlWith(server.adminPassword) });
    await waitFor('every point on the server after connecting again', async () => ((await serverCount()) === points ? true : undefined), 2 * LIVE_MS);
  });

  test('the status bar goes offline when the server crashes, the sidebar keeps working, and the next sync catches up', async () => {
    server.stop('immediate');
    await waitFor('offline', () => (api.teamStatusBar.phase === 'offline' ? true : undefined), LIVE_MS);
    assert.ok(api.teamStatusBar.item.backgroundColor instanceof vscode.ThemeColor);
    assert.ok((await experimentRows(api)).some((r) => r.label === 'bob-wide'), 'the local store still lists the pulled runs');
    const panel = await vscode.commands.executeCommand<ComparePanel | undefined>('modelLedger.compareRuns', { folder: workspaceFolder().uri.fsPath, runIds: ['me-run-1', 'bob-run-1'] });
    assert.ok(panel);
    await panel.receive({ type: 'ready', width: 800 });
    const answers: ToCompareWebview[] = [];
    const listening = panel.onDidPost((message) => answers.push(message));
    try {
      await panel.receive({ type: 'zoom', id: 9, metric: 'loss', xFrom: 2000, xTo: 2300, width: 800 });
    } finally {
      listening.dispose();
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    const answer = answers.find((m) => m.type === 'series');
    assert.ok(answer?.type === 'series' && answer.id === 9, 'the zoom is answered while the server is down');
    assert.notEqual(answer.chart.series.find((s) => s.runId === 'bob-run-1')?.level, 0, 'offline, the teammate\'s line stays at its coarse levels');
    server.start();
    // Pushed before the listener is back or after: either the notification or the catch-up brings it.
    writeRun(teammate, 'bob-run-2', 'bob-after-restart', lossCurve(0, 100, START, 3), { lr: '0.3', batch: '64' });
    await teammatePush();
    await runRow(api, 'bob-after-restart');
    await waitFor('connected again', () => (api.teamStatusBar.phase === 'connected' ? true : undefined), LIVE_MS);
  });

  test('a read-only role pulls, says read-only (not offline) and does not push', async () => {
    server.psql(`CREATE ROLE carol LOGIN PASSWORD 'carol-pw'; GRANT ${READER_ROLE} TO carol`);
    const readerUrl = server.url({ user: 'carol', password: 'carol-pw', params: { sslmode: 'verify-full', sslrootcert: server.caFile } });
    await vscode.commands.executeCommand('modelLedger.connectTeamStore', { url: readerUrl });
    assert.equal(api.team.all().length, 1, api.runFeedback.last?.text);
    const session = api.team.all()[0]!;
    assert.match(session.url, /carol@/);
    localStore((store) => writeRun(store, 'me-run-5', 'mine-read-only', lossCurve(0, 20, START, 1), { lr: '0.07', batch: '64' }));
    writeRun(teammate, 'bob-run-5', 'bob-for-readers', lossCurve(0, 20, START, 2), { lr: '0.5', batch: '64' });
    await teammatePush();
    await runRow(api, 'bob-for-readers');
    await session.syncNow();
    assert.ok(session.state.readOnly, 'the refused push made the session read-only');
    assert.equal(api.teamStatusBar.phase, 'connected');
    const tip = api.teamStatusBar.item.tooltip;
    assert.match(tip instanceof vscode.MarkdownString ? tip.value : String(tip), /read-only/);
    assert.deepEqual(await serverRows(`SELECT id FROM model_ledger.runs WHERE id = 'me-run-5'`), [], 'nothing pushed by a reader');
  });

  test('disconnecting stops syncing, hides the item and keeps the pulled runs', async () => {
    await vscode.commands.executeCommand('modelLedger.disconnectTeamStore');
    assert.equal(api.team.all().length, 0);
    assert.equal(api.teamStatusBar.phase, undefined);
    assert.ok((await experimentRows(api)).some((r) => r.label === 'bob-wide'));
    assert.equal(readTeamConfig(workspaceFolder().uri.fsPath), null, 'team.json removed');
    await api.team.startSaved();
    assert.equal(api.team.all().length, 0, 'nothing saved is left to start');
  });

  test('a connection made by `model-ledger team connect` (team.json, the password from PGPASSWORD) is taken up', async () => {
    const folder = workspaceFolder().uri.fsPath;
    writeTeamConfig(folder, urlWith(server.adminPassword));
    process.env.PGPASSWORD = server.adminPassword;
    try {
      await api.team.startSaved();
      assert.equal(api.team.all().length, 1);
      await waitFor('connected through team.json', () => (api.teamStatusBar.phase === 'connected' ? true : undefined), LIVE_MS);
    } finally {
      delete process.env.PGPASSWORD;
      await vscode.commands.executeCommand('modelLedger.disconnectTeamStore');
    }
    assert.equal(readTeamConfig(folder), null);
  });
});
