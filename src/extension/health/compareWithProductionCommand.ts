import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { ModelVersion } from '../../core/types';
import type { Store } from '../../store/store';
import type { RegistryCommandContext } from '../registry/commandContext';
import { formatTime } from '../../common/format';
import { pick } from '../registry/pickers';
import { chooseFolder, readTarget, stringOption, type Target } from '../registry/targets';
import { RunNode } from '../views/nodes/runNode';

/** The names a production stage goes by, in the order they are looked for. */
const PRODUCTION_STAGES = ['prod', 'production'];

export interface ProductionComparison {
  folder: string;
  model: string;
  stage: string;
  /** The prod version's source run (the baseline) and the candidate run. */
  baseline: string;
  candidate: string;
}

/**
 * "Compare with Production": the compare panel on the production version's source run (the
 * baseline) and a candidate: a run that retrains a version of the model (from the Experiments
 * view, or `{ folder, runId }`), or a version's source run (a version row, or `{ folder, model,
 * version }`), or from the palette one of the runs that retrain a version, picked. `stage` names
 * the stage to compare with when it is not prod or production.
 */
export async function compareWithProductionCommand(ctx: RegistryCommandContext, arg: unknown): Promise<ProductionComparison | undefined> {
  const title = vscode.l10n.t('Compare with Production');
  const target = arg instanceof RunNode ? { folder: arg.folder, options: { runId: arg.run.id } } : readTarget(arg);
  const folder = await chooseFolder(ctx.registries, target, title);
  if (!folder) return undefined;
  const store = ctx.registries.storeOf(folder);
  if (!store) throw new UserError(vscode.l10n.t('{0} has no Model Ledger store yet.', folder.name));
  const chosen = target.model === undefined && stringOption(target, 'runId') === undefined ? await pickRetrainingRun(store, title) : target;
  if (!chosen) return undefined;
  const { model, candidate } = candidateOf(store, chosen);
  const versions = store.models.versions(model).filter((v) => !v.deregistered);
  const stage = stringOption(target, 'stage') ?? PRODUCTION_STAGES.find((s) => versions.some((v) => v.stages.includes(s)));
  const production = stage === undefined ? undefined : versions.find((v) => v.stages.includes(stage));
  if (!stage || !production) throw new UserError(vscode.l10n.t('No version of {0} is in {1}; there is no production to compare with.', model, stage ?? PRODUCTION_STAGES.join(' or ')));
  const baseline = sourceRunOf(store, production);
  if (baseline === candidate) throw new UserError(vscode.l10n.t('{0} {1} is the version in {2}: choose a candidate to compare with it.', model, production.version, stage));
  await vscode.commands.executeCommand('modelLedger.compareRuns', { folder: folder.uri.fsPath, runIds: [baseline, candidate] });
  return { folder: folder.uri.fsPath, model, stage, baseline, candidate };
}

/** The candidate run and its model: a run's link to the version it retrains, or a version's source run. */
function candidateOf(store: Store, target: Target): { model: string; candidate: string } {
  const runId = stringOption(target, 'runId');
  if (runId !== undefined) {
    if (!store.runs.get(runId)) throw new UserError(vscode.l10n.t('Run {0} is not in this store.', runId));
    const retrains = store.retrains.of(runId);
    if (!retrains) throw new UserError(vscode.l10n.t('Run {0} retrains no registered version, so it has no production to compare with; use Compare Runs instead.', runId));
    return { model: retrains.model, candidate: runId };
  }
  if (target.model === undefined || target.version === undefined) throw new UserError(vscode.l10n.t('Choose a retraining run in the Experiments view or a version in the Models view.'));
  const version = store.models.versions(target.model).find((v) => v.version === target.version);
  if (!version) throw new UserError(vscode.l10n.t('{0} has no version {1} in this store.', target.model, target.version));
  return { model: version.model, candidate: sourceRunOf(store, version) };
}

function sourceRunOf(store: Store, version: ModelVersion): string {
  if (version.runId !== null && store.runs.get(version.runId)) return version.runId;
  throw new UserError(
    version.runId === null
      ? vscode.l10n.t('{0} {1} names no source run to compare.', version.model, version.version)
      : vscode.l10n.t('{0} {1} was registered from run {2}, which is not in this store; import its source first.', version.model, version.version, version.runId),
  );
}

/** From the palette: one of the runs that retrain a version, newest first. */
async function pickRetrainingRun(store: Store, title: string): Promise<Target | undefined> {
  const runs = store.retrains.all().flatMap((link) => {
    const run = store.runs.get(link.runId);
    return run ? [{ link, run }] : [];
  });
  if (runs.length === 0) throw new UserError(vscode.l10n.t('No run retrains a registered version yet: start one with Retrain from Version…, or choose a version in the Models view.'));
  const runId = await pick(
    runs.map(({ link, run }) => ({
      label: run.name,
      description: [vscode.l10n.t('retrains {0} {1}', link.model, link.version), run.status, run.startTime === null ? undefined : formatTime(run.startTime)].filter(Boolean).join(' · '),
      iconPath: new vscode.ThemeIcon('debug-restart'),
      value: run.id,
    })),
    { title, placeHolder: vscode.l10n.t('Compare which retraining run with production?') },
  );
  return runId === undefined ? undefined : { options: { runId } };
}
