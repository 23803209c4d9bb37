import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { runNameProblem, runNoteProblem } from '../../core/runAnnotationRules';
import { readGitActor } from '../../git/gitState';
import type { Feedback } from '../feedback';
import type { ExperimentsTreeProvider } from '../views/experimentsTree';
import type { TreeNode } from '../views/treeNode';
import type { WorkspaceStores } from '../workspaceStores';
import { openRunCommit } from './openRunCommit';
import { revealRunArtifact } from './revealRunArtifact';
import { optionsOf, readRunTargets, type RunTarget } from './runTargets';

export interface RunCommandContext {
  stores: WorkspaceStores;
  experiments: ExperimentsTreeProvider;
  /** The Experiments view's selection, for commands run from the palette. */
  selection: () => readonly TreeNode[];
  feedback: Feedback;
  /** The user edited these runs (a rename, a note): their details preview is kept open, as an edited preview editor is. */
  edited(target: RunTarget): void;
}

type RunCommand = (ctx: RunCommandContext, targets: RunTarget[], options: Record<string, unknown>) => Promise<unknown>;

/** Commands that write the store: package.json disables them in an untrusted workspace, and they refuse there too. */
const WRITES: Record<string, RunCommand> = {
  'modelLedger.pinRun': (ctx, targets) => annotate(ctx, targets, (t, actor) => t.store.runAnnotations.setPinned(t.runIds, true, actor)),
  'modelLedger.unpinRun': (ctx, targets) => annotate(ctx, targets, (t, actor) => t.store.runAnnotations.setPinned(t.runIds, false, actor)),
  'modelLedger.renameRun': renameRun,
  'modelLedger.editRunNote': editRunNote,
  'modelLedger.deleteRuns': deleteRuns,
  'modelLedger.restoreRuns': (ctx, targets) => annotate(ctx, targets, (t, actor) => t.store.runAnnotations.restore(t.runIds, actor)),
};

const READS: Record<string, RunCommand> = {
  'modelLedger.copyRunId': copyRunId,
  'modelLedger.openRunCommit': (_ctx, targets) => openRunCommit(single(targets)),
  'modelLedger.revealRunArtifact': (_ctx, targets, options) => revealRunArtifact(single(targets), options),
};

/**
 * The run commands of the Experiments view. Each takes a run row and the selection (`node,
 * nodes`), nothing (the palette: the view's selection) or `{ folder, runId | runIds, …options }`;
 * it returns what it did, or undefined when the user backed out or it failed (which is shown).
 */
export function registerRunCommands(ctx: RunCommandContext): vscode.Disposable[] {
  const register = (id: string, run: RunCommand, writes: boolean) =>
    vscode.commands.registerCommand(id, async (arg: unknown, selected: unknown) => {
      try {
        if (writes && !vscode.workspace.isTrusted) {
          void ctx.feedback.warning(vscode.l10n.t('Changing runs writes the Model Ledger store, which an untrusted workspace does not allow. Trust the workspace to pin, rename, annotate or delete runs.'));
          return undefined;
        }
        return await run(ctx, readRunTargets(ctx.stores, arg, selected, ctx.selection()), optionsOf(arg));
      } catch (error) {
        ctx.feedback.error(error);
        return undefined;
      }
    });
  return [
    ...Object.entries(WRITES).map(([id, run]) => register(id, run, true)),
    ...Object.entries(READS).map(([id, run]) => register(id, run, false)),
  ];
}

/** Applies a write to each folder's runs with the folder's git identity as the audit actor, then redraws what changed. */
async function annotate(ctx: RunCommandContext, targets: RunTarget[], write: (target: RunTarget, actor: string | null) => void): Promise<string[]> {
  for (const target of targets) write(target, await actorOf(ctx, target));
  ctx.experiments.refreshChanged();
  return targets.flatMap((t) => t.runIds);
}

/** Who the audit log names: git's user; nobody (logged) when git cannot say. */
async function actorOf(ctx: RunCommandContext, target: RunTarget): Promise<string | null> {
  return readGitActor(target.folder.uri.fsPath).catch((error: unknown) => {
    ctx.feedback.log(error);
    return null;
  });
}

function single(targets: RunTarget[]): RunTarget & { runId: string } {
  const target = targets[0]!;
  if (targets.length > 1 || target.runIds.length > 1) throw new UserError(vscode.l10n.t('Choose one run for this command.'));
  return { ...target, runId: target.runIds[0]! };
}

/** "Rename Run…": the name shown in the views; empty goes back to the name it was imported with. Option: `name`. */
async function renameRun(ctx: RunCommandContext, targets: RunTarget[], options: Record<string, unknown>): Promise<string | undefined> {
  const target = single(targets);
  const run = target.store.runs.get(target.runId);
  if (!run) throw new UserError(vscode.l10n.t('No run with id "{0}" in this store.', target.runId));
  const { originalName } = target.store.runAnnotations.annotations(target.runId);
  const name =
    typeof options.name === 'string'
      ? options.name
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Rename Run'),
          value: run.name,
          prompt: vscode.l10n.t('The name shown for run {0}. Leave it empty to go back to the imported name, {1}.', run.id, originalName ?? run.name),
          validateInput: (value) => (value.trim() === '' ? undefined : runNameProblem(value)),
        });
  if (name === undefined) return undefined;
  await annotate(ctx, [target], (t, actor) => t.store.runAnnotations.rename(target.runId, name.trim() === '' ? null : name, actor));
  ctx.edited(target);
  return target.store.runs.get(target.runId)?.name;
}

/** "Add/Edit Note…": a note on the run, searchable by the text filter; empty removes it. Option: `note`. */
async function editRunNote(ctx: RunCommandContext, targets: RunTarget[], options: Record<string, unknown>): Promise<string | null | undefined> {
  const target = single(targets);
  const { note: current } = target.store.runAnnotations.annotations(target.runId);
  const note =
    typeof options.note === 'string'
      ? options.note
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Run Note'),
          value: current ?? '',
          prompt: vscode.l10n.t('A note on this run: why it ran, what it showed. Leave it empty to remove the note.'),
          validateInput: (value) => runNoteProblem(value),
        });
  if (note === undefined) return undefined;
  await annotate(ctx, [target], (t, actor) => t.store.runAnnotations.setNote(target.runId, note, actor));
  ctx.edited(target);
  return target.store.runAnnotations.annotations(target.runId).note;
}

/** "Delete Run(s)": hides them (their data stays); the notification's Undo, or Restore Run later, brings them back. */
async function deleteRuns(ctx: RunCommandContext, targets: RunTarget[]): Promise<string[]> {
  const deleted = await annotate(ctx, targets, (t, actor) => t.store.runAnnotations.softDelete(t.runIds, actor));
  const undo = vscode.l10n.t('Undo');
  const message =
    deleted.length === 1
      ? vscode.l10n.t('Run {0} deleted. Show Deleted, in the Experiments view\'s menu, lists it to restore later.', nameOf(targets[0]!, deleted[0]!))
      : vscode.l10n.t('{0} runs deleted. Show Deleted, in the Experiments view\'s menu, lists them to restore later.', deleted.length);
  void ctx.feedback.info(message, undo).then(async (choice) => {
    if (choice !== undo) return;
    try {
      await annotate(ctx, targets, (t, actor) => t.store.runAnnotations.restore(t.runIds, actor));
    } catch (error) {
      ctx.feedback.error(error);
    }
  });
  return deleted;
}

function nameOf(target: RunTarget, runId: string): string {
  return target.store.runs.get(runId)?.name ?? runId;
}

/** "Copy Run ID": one id per line for several runs. */
async function copyRunId(_ctx: RunCommandContext, targets: RunTarget[]): Promise<string> {
  const text = targets.flatMap((t) => t.runIds).join('\n');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', text.split('\n').length === 1 ? text : vscode.l10n.t('{0} run ids', text.split('\n').length)), 3000);
  return text;
}
