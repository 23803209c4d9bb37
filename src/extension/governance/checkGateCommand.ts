import * as vscode from 'vscode';
import type { GateResult } from '../../core/governance/gateResult';
import { openForRead, type RegistryCommandContext } from '../registry/commandContext';
import { pickStage } from '../registry/pickers';
import { chooseModel, chooseVersion, readTarget, stringOption } from '../registry/targets';

/**
 * "Check Promotion Gate…": evaluates policy.yaml's gate of putting a version in a stage, writing
 * nothing, and opens its report. In an untrusted workspace the reviews and signed rules are not
 * checked (and fail as such). Arguments: `{ folder, model, version, stage }`.
 */
export async function checkGateCommand(ctx: RegistryCommandContext, arg: unknown): Promise<GateResult | undefined> {
  const title = vscode.l10n.t('Check Promotion Gate');
  const target = readTarget(arg);
  const open = await openForRead(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title));
  if (!model || !version) return undefined;
  const stage = stringOption(target, 'stage') ?? (await pickStage(open.registry.allowedStages(), model, vscode.l10n.t('Check the gate of {0} {1} into', model.name, version.version)));
  if (!stage) return undefined;
  // Untrusted: reading reviews and signatures runs git verify-tag, which runs the repository's gpg.program.
  const result = await open.registry.checkGate(model.name, version.version, stage, { untrusted: !vscode.workspace.isTrusted });
  if (ctx.gateReports) await ctx.gateReports.open(result);
  return result;
}
