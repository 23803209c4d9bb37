import * as vscode from 'vscode';
import { formatTime } from '../../common/format';
import { UserError } from '../../core/errors';
import { labelRuns } from '../../store/runListingLabels';
import type { Run } from '../../core/types';
import { LIMITS } from '../../protocol/compare';
import type { Store } from '../../store/store';
import type { RegistryCommandContext } from './commandContext';
import { requireStoreVersion, type StoreVersion } from './importedVersions';
import { readTarget } from './targets';

/** "Show Run Details" on a version: the details of the run it was registered from. Arguments: a version row, or `{ folder, model, version }`. */
export async function showSourceRunCommand(ctx: RegistryCommandContext, arg: unknown): Promise<unknown> {
  const found = requireStoreVersion(ctx, readTarget(arg));
  const run = sourceRun(found);
  return vscode.commands.executeCommand('modelLedger.showRun', { folder: found.folder.uri.fsPath, runId: run.id });
}

/**
 * "Compare Source Run With…": the compare panel on the run a version was registered from, as the
 * baseline, and the runs the user picks: the source runs of the model's other versions (ticked),
 * then the other runs of the same experiment. Arguments: a version row, or `{ folder, model,
 * version, with: [run ids] }` (then nothing is asked).
 */
export async function compareSourceRunsCommand(ctx: RegistryCommandContext, arg: unknown): Promise<unknown> {
  const target = readTarget(arg);
  const found = requireStoreVersion(ctx, target);
  const run = sourceRun(found);
  const given = target.options.with;
  const others = Array.isArray(given) ? given.filter((id): id is string => typeof id === 'string') : await pickOthers(found, run);
  if (others === undefined) return undefined;
  const runIds = [run.id, ...others.filter((id) => id !== run.id)];
  if (runIds.length < 2) throw new UserError(vscode.l10n.t('Choose at least one run to compare {0} with.', run.name));
  return vscode.commands.executeCommand('modelLedger.compareRuns', { folder: found.folder.uri.fsPath, runIds });
}

function sourceRun({ store, version }: StoreVersion): Run {
  const run = version.runId === null ? undefined : store.runs.get(version.runId);
  if (run) return run;
  throw new UserError(
    version.runId === null
      ? vscode.l10n.t('{0} {1} names no source run.', version.model, version.version)
      : vscode.l10n.t('{0} {1} was registered from run {2}, which is not in this store; import its source to see it.', version.model, version.version, version.runId),
  );
}

type RunItem = vscode.QuickPickItem & { runId: string };

async function pickOthers({ store, version }: StoreVersion, run: Run): Promise<string[] | undefined> {
  const siblings = new Map<string, string[]>();
  for (const v of store.models.versions(version.model)) {
    if (v.runId !== null && v.runId !== run.id && store.runs.get(v.runId)) siblings.set(v.runId, [...(siblings.get(v.runId) ?? []), v.version]);
  }
  const sameExperiment = store.runs.listByExperiment(run.experimentId, { limit: LIMITS.runs }).filter((r) => r.id !== run.id && !siblings.has(r.id));
  const runs = [...[...siblings.keys()].map((id) => store.runs.get(id)!), ...sameExperiment].slice(0, LIMITS.runs - 1);
  if (runs.length === 0) throw new UserError(vscode.l10n.t('There is no other run to compare {0} with in this store.', run.name));
  const labels = labelRuns(store.runList, [run, ...runs]);
  const items: RunItem[] = runs.map((r) => ({
    label: r.name,
    description: [
      siblings.has(r.id) ? vscode.l10n.t('source of version {0}', siblings.get(r.id)!.join(', ')) : undefined,
      labels.get(r.id)?.qualifier ?? undefined,
      experimentName(store, r),
      r.status,
      r.deleted ? vscode.l10n.t('deleted') : undefined,
      r.startTime === null ? undefined : formatTime(r.startTime),
    ]
      .filter(Boolean)
      .join(' · '),
    picked: siblings.has(r.id),
    runId: r.id,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Compare {0} (the source of {1} {2}) with…', run.name, version.model, version.version),
    canPickMany: true,
    matchOnDescription: true,
    placeHolder: vscode.l10n.t('The runs to compare with it'),
  });
  return chosen?.map((c) => c.runId);
}

function experimentName(store: Store, run: Run): string | undefined {
  return store.experiments.get(run.experimentId)?.name;
}
