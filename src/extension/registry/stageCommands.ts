import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { rollbackTarget, type ModelState } from '../../core/registryState';
import { isGateRefusal, type ForceOption, type Registry, type TagWriteResult } from '../../registry/registry';
import { tellRefusal } from '../governance/gateRefusal';
import { openForWrite, type OpenRegistry, type RegistryCommandContext } from './commandContext';
import { pick, pickStage } from './pickers';
import { chooseModel, chooseVersion, readTarget, stringOption } from './targets';

/** "Promote / Assign Stage…": a version into a stage (`name#stage#N`). Arguments: `{ folder, model, version, stage }`. */
export async function assignStageCommand(ctx: RegistryCommandContext, arg: unknown): Promise<TagWriteResult | undefined> {
  const title = vscode.l10n.t('Assign Stage');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title));
  if (!model || !version) return undefined;
  const stage =
    stringOption(target, 'stage') ??
    (await pickStage(open.registry.allowedStages().filter((s) => !version.stages.includes(s)), model, vscode.l10n.t('Assign {0} {1} to stage', model.name, version.version)));
  if (!stage) return undefined;
  return gatedWrite(ctx, open, (force) => open.registry.assign(model.name, version.version, stage, { force }), (result) =>
    result.previous
      ? vscode.l10n.t('{0} {1} is now in {2} (was {3}).', model.name, version.version, stage, result.previous)
      : vscode.l10n.t('{0} {1} is now in {2}.', model.name, version.version, stage),
  );
}

/**
 * Writes a stage change through its gate. A refusal is told (failed rules, "Show Details",
 * "Promote Anyway…" where allowed) and gives undefined; promoting anyway writes again with a reason,
 * and is refused (and asked again) when the gate has changed since.
 */
async function gatedWrite(
  ctx: RegistryCommandContext,
  open: OpenRegistry,
  write: (force?: ForceOption) => Promise<TagWriteResult>,
  done: (result: TagWriteResult) => string,
): Promise<TagWriteResult | undefined> {
  const finish = async (result: TagWriteResult) => {
    await ctx.registries.afterWrite(open.folder, open.registry);
    const overridden = result.gate?.outcome === 'override' ? ` ${vscode.l10n.t('(gate overridden: {0})', result.gate.override?.failed.join(', ') ?? '')}` : '';
    void ctx.feedback.info(done(result) + overridden);
    return result;
  };
  const attempt = async (force?: ForceOption): Promise<TagWriteResult | undefined> => {
    try {
      return await finish(await write(force));
    } catch (error) {
      if (!isGateRefusal(error) || ctx.gateReports === undefined) throw error;
      // A refusal of a forced write means the gate changed since the user chose: they are asked again.
      tellRefusal(ctx.feedback, ctx.gateReports, error, async (again) => void (await attempt(again)));
      return undefined;
    }
  };
  return attempt();
}

/** "Unassign Stage…": takes a stage from a version (`name#stage!#N`). Arguments: `{ folder, model, version, stage }`. */
export async function unassignStageCommand(ctx: RegistryCommandContext, arg: unknown): Promise<TagWriteResult | undefined> {
  const title = vscode.l10n.t('Unassign Stage');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title, (v) => v.active && v.stages.length > 0));
  if (!model || !version) return undefined;
  const stage = stringOption(target, 'stage') ?? (version.stages.length === 1 ? version.stages[0] : await pickStage(version.stages, model, title));
  if (!stage) return undefined;
  const result = await open.registry.unassign(model.name, version.version, stage);
  await ctx.registries.afterWrite(open.folder, open.registry);
  void ctx.feedback.info(vscode.l10n.t('{0} {1} is no longer in {2}.', model.name, version.version, stage));
  return result;
}

/**
 * "Roll Back Stage…": puts the version that held a stage before back into it, with one command.
 * On a version row: a stage it holds. On a model row or from the palette: a stage that has an
 * earlier holder to go back to. Arguments: `{ folder, model, stage }`.
 */
export async function rollbackStageCommand(ctx: RegistryCommandContext, arg: unknown): Promise<TagWriteResult | undefined> {
  const title = vscode.l10n.t('Roll Back Stage');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  if (!model) return undefined;
  const stage = stringOption(target, 'stage') ?? (await chooseRollbackStage(open.registry, model, target.version, title));
  if (!stage) return undefined;
  return gatedWrite(ctx, open, (force) => open.registry.rollback(model.name, stage, { force }), (result) =>
    vscode.l10n.t('Rolled back {0} of {1}: {2} → {3}.', stage, model.name, result.previous ?? vscode.l10n.t('empty'), result.version ?? '?'),
  );
}

async function chooseRollbackStage(registry: Registry, model: ModelState, version: string | undefined, title: string): Promise<string | undefined> {
  const events = registry.history(model.name);
  const stages = version !== undefined ? (model.versions.find((v) => v.version === version)?.stages ?? []) : [...new Set(events.flatMap((e) => (e.stage ? [e.stage] : [])))].sort();
  const choices = stages.flatMap((stage) => {
    const back = rollbackTarget(model, events, stage);
    if (back === null) return [];
    const now = model.stages.find((s) => s.stage === stage)?.version ?? vscode.l10n.t('empty');
    return [{ label: stage, description: `${now} → ${back}`, iconPath: new vscode.ThemeIcon('discard'), value: stage }];
  });
  if (choices.length === 0) {
    throw new UserError(vscode.l10n.t('No stage of {0} has an earlier version to roll back to.', model.name));
  }
  if (choices.length === 1 && version !== undefined) return choices[0]!.value;
  return pick(choices, { title, placeHolder: vscode.l10n.t('Roll back which stage of {0}?', model.name) });
}
