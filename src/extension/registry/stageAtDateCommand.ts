import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { openForRead, type RegistryCommandContext } from './commandContext';
import { parseDateInput } from '../../common/dateInput';
import { pick } from './pickers';
import { chooseModel, readTarget, stringOption } from './targets';

export interface StageAtDateAnswer {
  model: string;
  stage: string;
  at: number;
  /** The version in the stage then; null when the stage was empty. */
  version: string | null;
}

/**
 * "What Was in Stage on Date…": which version a stage of a model held at a moment, answered in a
 * message. Arguments: `{ folder, model, stage, date }` (date as typed, e.g. `2026-11-07`).
 */
export async function stageAtDateCommand(ctx: RegistryCommandContext, arg: unknown): Promise<StageAtDateAnswer | undefined> {
  const title = vscode.l10n.t('What Was in Stage on Date');
  const target = readTarget(arg);
  const open = await openForRead(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  if (!model) return undefined;
  const history = open.registry.history(model.name);
  const stages = [...new Set([...history.flatMap((e) => (e.stage ? [e.stage] : [])), ...open.registry.allowedStages()])];
  const stage =
    stringOption(target, 'stage') ??
    (await pick(
      stages.map((s) => ({ label: s, description: model.stages.find((h) => h.stage === s)?.version ?? '', iconPath: new vscode.ThemeIcon('rocket'), value: s })),
      { title, placeHolder: vscode.l10n.t('Which stage of {0}?', model.name) },
    ));
  if (!stage) return undefined;
  const typed =
    stringOption(target, 'date') ??
    (await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('A date or time in UTC, as the Models view shows times: 2026-11-07 (the end of that day) or 2026-11-07 10:30'),
      value: new Date().toISOString().slice(0, 10),
      ignoreFocusOut: true,
      validateInput: (value) => (parseDateInput(value) === null ? vscode.l10n.t('Type a date as YYYY-MM-DD, or YYYY-MM-DD HH:MM.') : null),
    }));
  if (typed === undefined) return undefined;
  const at = parseDateInput(typed);
  if (at === null) throw new UserError(vscode.l10n.t('"{0}" is not a date; type it as YYYY-MM-DD, or YYYY-MM-DD HH:MM.', typed));
  const version = open.registry.stageAt(model.name, stage, at);
  void ctx.feedback.info(
    version
      ? vscode.l10n.t('On {0} (UTC), {1} of {2} held {3}.', typed.trim(), stage, model.name, version)
      : vscode.l10n.t('On {0} (UTC), {1} of {2} was empty.', typed.trim(), stage, model.name),
  );
  return { model: model.name, stage, at, version };
}
