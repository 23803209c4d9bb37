import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DriftCheckSummary } from '../../src/core/health/types';
import type { ModelLedgerApi } from '../../src/extension/extension';
import type { ProductionComparison } from '../../src/extension/health/compareWithProductionCommand';
import { DEFAULT_MARGINS, NO_HEALTH_INPUTS, type HealthInputs } from '../../src/extension/health/healthInputs';
import type { RetrainStarted } from '../../src/extension/health/retrainCommand';
import { activateApi, EXTENSION_ID, waitFor, workspaceFolder } from './helpers';
import { DEMO_MODEL, git, gitIn, modelRow, run, versionRow } from './registryHelpers';

/**
 * Health and retraining on the demo (churn-classifier: v1.0.0 in prod, v1.1.0 in staging), with
 * monitoring's answers given through the seam monitoring implements (HealthInputs): prod watched,
 * its latest check drifted.
 */
class TestInputs implements HealthInputs {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  check: DriftCheckSummary | undefined;
  constructor(private readonly train: string) {}
  watchedStages = () => [{ model: DEMO_MODEL, stage: 'prod' }];
  latestCheck = (_folder: string, model: string, stage: string) => (model === DEMO_MODEL && stage === 'prod' ? this.check : undefined);
  importantColumns = () => ['tenure'];
  margins = () => DEFAULT_MARGINS;
  evaluations = () => [];
  trainCommand = (_folder: string, model: string) => (model === DEMO_MODEL ? { command: this.train, cwd: null } : undefined);
  setCheck(check: DriftCheckSummary | undefined): void {
    this.check = check;
    this.changed.fire();
  }
}

/** A harmless training: logs a run with the Python client (the extension's own copy), reading the new data. */
function trainingScript(dir: string): string {
  const client = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'clients', 'python');
  const script = path.join(dir, 'train_check.py');
  fs.writeFileSync(
    script,
    [
      'import os, sys',
      `sys.path.insert(0, ${JSON.stringify(client)})`,
      'import model_ledger',
      'with model_ledger.start_run(experiment="health-retrain-check", name="retrained") as run:',
      '    run.log_input(os.environ["MODEL_LEDGER_DATA"])',
      '    run.log_metric("val_loss", 0.2)',
      '',
    ].join('\n'),
  );
  return script;
}

suite('health and retraining', () => {
  let api: ModelLedgerApi;
  let folder: string;
  let inputs: TestInputs;
  let scratch: string;
  let batch: string;
  const made: { dir?: string; branch?: string } = {};

  suiteSetup(async () => {
    api = await activateApi();
    await api.registryReady;
    await api.initialImport;
    folder = workspaceFolder().uri.fsPath;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-health-'));
    batch = path.join(scratch, 'batch-2026-12.csv');
    fs.writeFileSync(batch, 'tenure,plan\n1,basic\n2,pro\n');
    inputs = new TestInputs(`python3 ${JSON.stringify(trainingScript(scratch))}`);
    api.health.connect(inputs);
  });

  suiteTeardown(async () => {
    api.health.connect(NO_HEALTH_INPUTS); // the other suites see the rows without health
    if (made.dir) await git('worktree', 'remove', '--force', made.dir);
    if (made.branch) await git('branch', '-D', made.branch);
    fs.rmSync(scratch, { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a watched stage not checked yet: its version says so; versions nobody watches show no health', async () => {
    inputs.setCheck(undefined);
    const prod = await versionRow(api, DEMO_MODEL, 'v1.0.0');
    assert.equal((prod.item.iconPath as vscode.ThemeIcon).id, 'circle-outline');
    assert.match(String(prod.item.description), /^\[prod\] · not checked · /);
    const staging = await versionRow(api, DEMO_MODEL, 'v1.1.0');
    assert.equal((staging.item.iconPath as vscode.ThemeIcon).id, 'rocket');
    assert.doesNotMatch(String(staging.item.description), /checked|drift|healthy/);
  });

  test('a version whose stage\'s latest check drifted shows drift, and the reason in its tooltip', async () => {
    inputs.setCheck({ checkedAt: Date.UTC(2026, 11, 1, 9), batch, datasetDrift: true, driftShare: 0.75, shareThreshold: 0.5, driftedColumns: [{ name: 'tenure', score: 0.31 }, { name: 'plan', score: 0.2 }] });
    const prod = await waitFor('the drift on v1.0.0', async () => {
      const row = await versionRow(api, DEMO_MODEL, 'v1.0.0');
      return String(row.item.description).includes('drift') ? row : undefined;
    });
    const icon = prod.item.iconPath as vscode.ThemeIcon;
    assert.equal(icon.id, 'warning');
    assert.equal(icon.color?.id, 'problemsWarningIcon.foreground');
    assert.match(String(prod.item.description), /^\[prod\] · drift · [0-9a-f]{8} · /);
    const tooltip = (api.models.resolveTreeItem(prod.item, prod.node).tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
    assert.match(tooltip, /Health: drift/);
    assert.ok(tooltip.includes(`Dataset drift in the data of prod: 75 % of the columns drifted (threshold 50 %) in batch ${batch}`), tooltip);
    assert.match(tooltip, /Important column tenure drifted in the data of prod \(score 0\.31\)/);
    assert.match(String((await modelRow(api, DEMO_MODEL)).item.description), /prod: v1\.0\.0 \(drift\)/);
  });

  test('the stage turning unhealthy alerts once per batch: a status bar item and one notification', async () => {
    const before = api.health.alerts.shown.length;
    api.health.alerts.update();
    api.health.alerts.update();
    const shown = api.health.alerts.shown.slice(before);
    // The check of the previous test alerted already (or does now, when that one ran first); never twice.
    // Other suites' batches of the demo's prod may have alerted too: this suite's batch, once.
    assert.ok(api.health.alerts.shown.filter((t) => t.startsWith(`${DEMO_MODEL}#prod (v1.0.0) is unhealthy: drift.`) && t.includes('batch-2026-12.csv')).length === 1, api.health.alerts.shown.join('\n'));
    assert.deepEqual(shown, []);
    assert.equal(api.health.alerts.item.text, `$(warning) ${DEMO_MODEL}#prod: drift`);
    // A new batch that drifts too is a new alert.
    inputs.setCheck({ ...inputs.check!, batch: path.join(scratch, 'batch-2027-01.csv'), checkedAt: Date.UTC(2027, 0, 1) });
    assert.equal(api.health.alerts.shown.length, before + 1);
    assert.match(api.health.alerts.shown.at(-1)!, /batch-2027-01\.csv/);
    inputs.setCheck({ ...inputs.check!, batch, checkedAt: Date.UTC(2026, 11, 1, 9) });
  });

  test('Retrain from Version makes a worktree on a new branch at the version\'s commit and runs the training task; its run links back to the version', async function () {
    this.timeout(120_000);
    const commit = (await git('rev-list', '-n', '1', `${DEMO_MODEL}@v1.0.0`)).trim();
    const ended = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.type === 'modelLedger.retrain') {
          listener.dispose();
          resolve(e.exitCode);
        }
      });
    });
    const started = await run<RetrainStarted>('modelLedger.retrainFromVersion', { folder, model: DEMO_MODEL, version: 'v1.0.0', checkout: 'worktree', data: batch });
    assert.ok(started, 'the command started a retraining');
    made.dir = started.dir;
    made.branch = started.branch;
    assert.equal(started.kind, 'worktree');
    assert.equal(started.branch, `retrain/${DEMO_MODEL}-v1.0.0`);
    assert.equal(started.commit, commit);
    assert.equal(path.dirname(started.dir), path.join(folder, '.modelledger', 'worktrees'));
    assert.equal((await gitIn(started.dir, 'rev-parse', 'HEAD')).trim(), commit);
    assert.equal((await gitIn(started.dir, 'symbolic-ref', '--short', 'HEAD')).trim(), started.branch);
    assert.equal((await git('symbolic-ref', '--short', 'HEAD')).trim(), 'main', 'this working tree stays on its branch');
    assert.deepEqual(started.env, { MODEL_LEDGER_RETRAINS: `${DEMO_MODEL}@v1.0.0`, MODEL_LEDGER_DATA: batch, MODEL_LEDGER_ROOT: folder });
    assert.equal(started.execution.task.name, `Retrain ${DEMO_MODEL} v1.0.0`);
    const exitCode = await Promise.race([ended, new Promise<string>((resolve) => setTimeout(() => resolve('no end after 60 s'), 60_000))]);
    assert.equal(exitCode, 0, `the training task ran to its end (run log folder: ${fs.readdirSync(path.join(folder, '.modelledger', 'runs')).join(', ')})`);

    await vscode.commands.executeCommand('modelLedger.importRuns', vscode.Uri.file(path.join(folder, '.modelledger', 'runs')));
    const store = api.registry.registries.storeOf(workspaceFolder())!;
    const runId = await waitFor('the retraining run in the store', () => store.runs.listByExperiment(store.experiments.list().find((e) => e.name === 'health-retrain-check')?.id ?? '', { limit: 5 })[0]?.id, 30_000);
    assert.deepEqual(store.retrains.of(runId), { model: DEMO_MODEL, version: 'v1.0.0' });
    assert.equal(store.runs.get(runId)?.git?.commit, commit, 'the run was trained at the version\'s commit');
    assert.equal(store.runs.get(runId)?.git?.branch, started.branch);
    assert.deepEqual(store.runs.inputs(runId).map((i) => i.path), [batch]);

    // Compare with Production: the retrained run against the prod version's source run.
    const prodRun = store.models.versions(DEMO_MODEL).find((v) => v.version === 'v1.0.0')!.runId!;
    const compared = await run<ProductionComparison>('modelLedger.compareWithProduction', { folder, runId });
    assert.deepEqual(compared, { folder, model: DEMO_MODEL, stage: 'prod', baseline: prodRun, candidate: runId });
    assert.ok(api.comparePanels.find(folder, [prodRun, runId]), 'the compare panel shows the candidate against prod');
  });

  test('Compare with Production on a version: its source run against the prod version\'s', async () => {
    const store = api.registry.registries.storeOf(workspaceFolder())!;
    const runOf = (version: string) => store.models.versions(DEMO_MODEL).find((v) => v.version === version)!.runId!;
    const compared = await run<ProductionComparison>('modelLedger.compareWithProduction', { folder, model: DEMO_MODEL, version: 'v1.1.0' });
    assert.deepEqual(compared, { folder, model: DEMO_MODEL, stage: 'prod', baseline: runOf('v1.0.0'), candidate: runOf('v1.1.0') });
    assert.equal(await run('modelLedger.compareWithProduction', { folder, model: DEMO_MODEL, version: 'v1.0.0' }), undefined, 'prod against itself is refused');
  });

  test('Retrain from Version refuses a model monitor.yaml names no training command for, before touching git', async () => {
    const branches = await git('branch', '--list');
    assert.equal(await run('modelLedger.retrainFromVersion', { folder, model: 'churn-logreg', version: 'v0.1.0', checkout: 'worktree', data: batch }), undefined);
    assert.match(api.registry.feedback.last?.text ?? '', /monitor\.yaml names no training command for churn-logreg/);
    assert.equal(await git('branch', '--list'), branches);
  });
});
