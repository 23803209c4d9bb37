import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage, isUserError, UserError } from '../../core/errors';
import { GitRepo } from '../../git/repo';
import { worktreeFolderName, worktreesRoot } from '../../registry/worktrees';
import { openForWrite, type RegistryCommandContext } from './commandContext';
import { pick } from './pickers';
import { booleanOption, chooseModel, chooseVersion, readTarget, stringOption } from './targets';

/**
 * "Open Version in Worktree": checks out the version's commit in `.modelledger/worktrees/` (git
 * worktree add) and opens that folder in a new window. Arguments: `{ folder, model, version,
 * open }`; `open: false` leaves the window unopened (tests).
 */
export async function openWorktreeCommand(ctx: RegistryCommandContext, arg: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('Open Version in Worktree');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title, () => true));
  if (!model || !version) return undefined;
  const dir = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking out {0} {1} in a worktree…', model.name, version.version) },
    () => open.registry.openWorktree(model.name, version.version),
  );
  if (booleanOption(target, 'open') !== false) {
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: true });
  }
  void ctx.feedback.info(vscode.l10n.t('{0} {1} is checked out in {2}.', model.name, version.version, vscode.workspace.asRelativePath(dir)));
  return dir;
}

/**
 * "Remove Worktree…": removes a worktree "Open Version in Worktree" made: the version's (on a
 * version row), the one named by `{ folder, path }`, or one picked from those there are. One with
 * uncommitted changes is removed only when the user confirms (or `force: true`).
 */
export async function removeWorktreeCommand(ctx: RegistryCommandContext, arg: unknown): Promise<string | undefined> {
  const title = vscode.l10n.t('Remove Worktree');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const store = ctx.registries.storeOf(open.folder);
  if (!store) return undefined;
  const root = worktreesRoot(store.path);
  let dir = stringOption(target, 'path');
  if (dir === undefined && target.model !== undefined && target.version !== undefined) {
    dir = path.join(root, worktreeFolderName(target.model, target.version));
    if (!fs.existsSync(dir)) throw new UserError(vscode.l10n.t('{0} {1} has no worktree to remove.', target.model, target.version));
  }
  if (dir === undefined) {
    const repo = await GitRepo.open(open.registry.root);
    const ours = (await repo.worktrees()).filter((w) => w.startsWith(fs.existsSync(root) ? fs.realpathSync(root) + path.sep : `${root}${path.sep}`));
    if (ours.length === 0) throw new UserError(vscode.l10n.t('There is no Model Ledger worktree to remove.'));
    dir = await pick(
      ours.map((w) => ({ label: path.basename(w), description: vscode.workspace.asRelativePath(w), iconPath: new vscode.ThemeIcon('repo'), value: w })),
      { title, placeHolder: vscode.l10n.t('Remove which worktree?') },
    );
    if (dir === undefined) return undefined;
  }
  try {
    await open.registry.removeWorktree(dir, { force: booleanOption(target, 'force') === true });
  } catch (error) {
    // git refuses a worktree with changes and says to use --force: ask before discarding them.
    if (!isUserError(error) || !/--force/.test(errorMessage(error))) throw error;
    const remove = vscode.l10n.t('Remove and Discard Changes');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('The worktree {0} has uncommitted changes.', path.basename(dir)),
      { modal: true, detail: vscode.l10n.t('Removing it discards them.') },
      remove,
    );
    if (choice !== remove) return undefined;
    await open.registry.removeWorktree(dir, { force: true });
  }
  void ctx.feedback.info(vscode.l10n.t('Removed the worktree {0}.', path.basename(dir)));
  return dir;
}
