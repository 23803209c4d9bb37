import * as vscode from 'vscode';
import type { TagWriteResult } from '../../registry/registry';
import { openForWrite, type RegistryCommandContext } from './commandContext';
import { booleanOption, chooseModel, chooseVersion, readTarget, stringOption, type Target } from './targets';

/** A modal question before a write that takes something away; `{ confirmed: true }` in the arguments answers it. */
async function confirm(target: Target, question: string, detail: string, action: string): Promise<boolean> {
  if (booleanOption(target, 'confirmed') === true) return true;
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}

/** "Deprecate Model…": the tag `name@deprecated`, with a reason. Arguments: `{ folder, model, confirmed, reason }`. */
export async function deprecateModelCommand(ctx: RegistryCommandContext, arg: unknown): Promise<TagWriteResult | undefined> {
  const title = vscode.l10n.t('Deprecate Model');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  if (!model) return undefined;
  const held = model.stages.map((s) => `${s.stage}: ${s.version}`).join(', ');
  const ok = await confirm(
    target,
    vscode.l10n.t('Deprecate {0}?', model.name),
    held
      ? vscode.l10n.t('Its versions and stages ({0}) stay in git, marked deprecated; GTO and DVC Studio show it so too.', held)
      : vscode.l10n.t('Its versions stay in git, marked deprecated; GTO and DVC Studio show it so too.'),
    vscode.l10n.t('Deprecate'),
  );
  if (!ok) return undefined;
  // Confirmed by the arguments, the reason is theirs too (none when not given).
  const reason =
    stringOption(target, 'reason') ??
    (booleanOption(target, 'confirmed') === true
      ? ''
      : await vscode.window.showInputBox({
          title,
          prompt: vscode.l10n.t('Why is {0} deprecated? Kept in the tag, shown in the Models view and the model cards (optional).', model.name),
          placeHolder: vscode.l10n.t('e.g. replaced by churn-v2'),
        }));
  if (reason === undefined) return undefined;
  const result = await open.registry.deprecate(model.name, reason);
  await ctx.registries.afterWrite(open.folder, open.registry);
  void ctx.feedback.info(vscode.l10n.t('{0} is deprecated (tag {1}).', model.name, result.tag));
  return result;
}

/** "Deregister Version…": the tag `name@vX.Y.Z!`; the version leaves its stages. Arguments: `{ folder, model, version, confirmed }`. */
export async function deregisterVersionCommand(ctx: RegistryCommandContext, arg: unknown): Promise<TagWriteResult | undefined> {
  const title = vscode.l10n.t('Deregister Version');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title, (v) => v.active && v.registered));
  if (!model || !version) return undefined;
  const ok = await confirm(
    target,
    vscode.l10n.t('Deregister {0} {1}?', model.name, version.version),
    version.stages.length
      ? vscode.l10n.t('It leaves the stages it holds ({0}); its tag stays in git history and the version name is never reused.', version.stages.join(', '))
      : vscode.l10n.t('Its tag stays in git history and the version name is never reused.'),
    vscode.l10n.t('Deregister'),
  );
  if (!ok) return undefined;
  const result = await open.registry.deregister(model.name, version.version);
  await ctx.registries.afterWrite(open.folder, open.registry);
  void ctx.feedback.info(vscode.l10n.t('{0} {1} is deregistered (tag {2}).', model.name, version.version, result.tag));
  return result;
}
