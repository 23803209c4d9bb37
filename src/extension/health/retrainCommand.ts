import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';

import { GitRepo } from '../../git/repo';
import { retrainCheckout, type RetrainCheckout, type RetrainCheckoutKind } from '../../registry/retrainCheckout';
import { openForWrite, type RegistryCommandContext } from '../registry/commandContext';
import { pick } from '../registry/pickers';
import { chooseModel, chooseVersion, readTarget, stringOption } from '../registry/targets';
import type { HealthInputs, TrainCommand } from './healthInputs';

export interface RetrainContext extends RegistryCommandContext {
  inputs: () => HealthInputs;
}

/** What "Retrain from Version…" started. */
export interface RetrainStarted extends RetrainCheckout {
  model: string;
  version: string;
  data: string;
  command: string;
  /** The environment the training command runs with (MODEL_LEDGER_*). */
  env: Record<string, string>;
  execution: vscode.TaskExecution;
}

/** The task type of retraining runs (package.json's taskDefinitions). */
export const RETRAIN_TASK_TYPE = 'modelLedger.retrain';

/**
 * The environment of a retraining: the version it retrains (the Python client writes it in the run
 * log as `retrains`; an MLflow script sets the tag `model_ledger.retrains` from it), the new data,
 * and the workspace folder to log into (the training may run in a worktree).
 */
export function retrainEnvironment(model: string, version: string, data: string, workspaceFolder: string): Record<string, string> {
  return {
    MODEL_LEDGER_RETRAINS: `${model}@${version}`,
    MODEL_LEDGER_DATA: data,
    MODEL_LEDGER_ROOT: workspaceFolder,
  };
}

/**
 * "Retrain from Version…": a new branch (in a new worktree, or in this working tree) at the
 * version's commit, then the training command of `.modelledger/monitor.yaml` as a task in the
 * terminal, with the new data's path and the version it retrains in its environment. Arguments: a
 * version row, or `{ folder, model, version, checkout: 'worktree' | 'branch', branch, data }`
 * (then nothing is asked).
 */
export async function retrainFromVersionCommand(ctx: RetrainContext, arg: unknown): Promise<RetrainStarted | undefined> {
  const title = vscode.l10n.t('Retrain from Version');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title));
  if (!model || !version) return undefined;
  const folder = open.folder.uri.fsPath;
  const train = ctx.inputs().trainCommand(folder, model.name);
  if (!train) {
    throw new UserError(
      vscode.l10n.t('.modelledger/monitor.yaml names no training command for {0}: add a train entry ({1}) to retrain it from here.', model.name, 'train: {command: python train.py, cwd: .}'),
    );
  }
  const data = await chooseData(ctx.inputs(), folder, model.name, version.stages, stringOption(target, 'data'), title);
  if (data === undefined) return undefined;
  const kind = await chooseCheckout(stringOption(target, 'checkout'), title);
  if (!kind) return undefined;
  const store = ctx.registries.storeOf(open.folder);
  if (!store) throw new UserError(vscode.l10n.t('The Model Ledger store of {0} cannot be opened.', open.folder.name));
  const checkout = await retrainCheckout(await GitRepo.open(open.registry.root), {
    kind,
    model: model.name,
    version: version.version,
    commit: version.commit,
    storeFile: store.path,
    branch: stringOption(target, 'branch'),
  });
  const env = retrainEnvironment(model.name, version.version, data, folder);
  const execution = await vscode.tasks.executeTask(retrainTask(open.folder, model.name, version.version, train, checkout, env));
  void ctx.feedback.info(
    kind === 'worktree'
      ? vscode.l10n.t('Retraining {0} {1} on branch {2} in {3}.', model.name, version.version, checkout.branch, vscode.workspace.asRelativePath(checkout.dir))
      : vscode.l10n.t('Retraining {0} {1} on branch {2}, now checked out here.', model.name, version.version, checkout.branch),
  );
  return { ...checkout, model: model.name, version: version.version, data, command: train.command, env, execution };
}

function retrainTask(folder: vscode.WorkspaceFolder, model: string, version: string, train: TrainCommand, checkout: RetrainCheckout, env: Record<string, string>): vscode.Task {
  const cwd = train.cwd ? path.resolve(checkout.dir, train.cwd) : checkout.dir;
  const task = new vscode.Task(
    { type: RETRAIN_TASK_TYPE, model, version },
    folder,
    vscode.l10n.t('Retrain {0} {1}', model, version),
    'Model Ledger',
    new vscode.ShellExecution(train.command, { cwd, env }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/**
 * The new data: the given path, else a pick of the latest drifted batches of the version's watched
 * stages, or a file chosen in a dialog. An absolute path that exists.
 */
async function chooseData(inputs: HealthInputs, folder: string, model: string, stages: readonly string[], given: string | undefined, title: string): Promise<string | undefined> {
  let chosen = given;
  if (chosen === undefined) {
    const batches = new Map<string, string[]>();
    for (const stage of stages) {
      const check = inputs.latestCheck(folder, model, stage);
      if (check && (check.datasetDrift || check.driftedColumns.length > 0)) batches.set(check.batch, [...(batches.get(check.batch) ?? []), stage]);
    }
    const browse = Symbol('browse');
    const answer = await pick<string | typeof browse>(
      [
        ...[...batches].map(([batch, of]) => ({ label: path.basename(batch), description: vscode.l10n.t('latest drifted batch of {0}', of.join(', ')), detail: batch, iconPath: new vscode.ThemeIcon('warning'), value: batch })),
        { label: vscode.l10n.t('Choose a File…'), iconPath: new vscode.ThemeIcon('folder-opened'), value: browse },
      ],
      { title, placeHolder: vscode.l10n.t('Retrain on which data?') },
    );
    if (answer === browse) {
      const files = await vscode.window.showOpenDialog({ title, defaultUri: vscode.Uri.file(folder), canSelectMany: false, openLabel: vscode.l10n.t('Retrain on This Data') });
      chosen = files?.[0]?.fsPath;
    } else {
      chosen = answer;
    }
    if (chosen === undefined) return undefined;
  }
  const absolute = path.resolve(folder, chosen);
  if (!fs.existsSync(absolute)) throw new UserError(vscode.l10n.t('The data {0} does not exist; choose a batch or file that does.', absolute));
  return absolute;
}

async function chooseCheckout(given: string | undefined, title: string): Promise<RetrainCheckoutKind | undefined> {
  if (given === 'worktree' || given === 'branch') return given;
  if (given !== undefined) throw new UserError(vscode.l10n.t('checkout must be "worktree" or "branch", not "{0}".', given));
  return pick<RetrainCheckoutKind>(
    [
      { label: vscode.l10n.t('New Worktree'), description: vscode.l10n.t('a new branch in .modelledger/worktrees; this working tree stays as it is'), iconPath: new vscode.ThemeIcon('repo'), value: 'worktree' },
      { label: vscode.l10n.t('New Branch Here'), description: vscode.l10n.t('switches this working tree to a new branch'), iconPath: new vscode.ThemeIcon('git-branch'), value: 'branch' },
    ],
    { title, placeHolder: vscode.l10n.t('Retrain where?') },
  );
}
