import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { VersionState } from '../../core/registryState';
import { compareVersionText } from '../../core/semver';
import type { ChangedFile } from '../../core/changedFiles';
import type { Registry } from '../../registry/registry';
import { openForRead, type RegistryCommandContext } from './commandContext';
import { gitFileUri } from './gitContentProvider';
import { pickVersion } from './pickers';
import { booleanOption, chooseModel, chooseVersion, readTarget, stringOption } from './targets';

export interface Comparison {
  model: string;
  /** The older version (left side of each diff) and the newer one. */
  from: string;
  to: string;
  files: ChangedFile[];
}

const STATUS: Record<ChangedFile['status'], { icon: string; label: () => string }> = {
  added: { icon: 'diff-added', label: () => vscode.l10n.t('added') },
  modified: { icon: 'diff-modified', label: () => vscode.l10n.t('modified') },
  deleted: { icon: 'diff-removed', label: () => vscode.l10n.t('deleted') },
  renamed: { icon: 'diff-renamed', label: () => vscode.l10n.t('renamed') },
  copied: { icon: 'diff-added', label: () => vscode.l10n.t('copied') },
  typeChanged: { icon: 'diff-modified', label: () => vscode.l10n.t('type changed') },
};

/**
 * "Compare Code Between Versions…": the other version (picked), then the files that differ
 * between the two versions' commits; choosing one opens VS Code's diff editor between the commits
 * (older on the left), and the list stays open for the next. Arguments: `{ folder, model,
 * version, other, file, show }`: `file` opens that file's diff; `show: false` only lists.
 */
export async function compareVersionsCommand(ctx: RegistryCommandContext, arg: unknown): Promise<Comparison | undefined> {
  const title = vscode.l10n.t('Compare Code Between Versions');
  const target = readTarget(arg);
  const open = await openForRead(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  const first = model && (await chooseVersion(model, target, title, () => true));
  if (!model || !first) return undefined;
  const otherName = stringOption(target, 'other');
  const others = model.versions.filter((v) => v.version !== first.version);
  if (others.length === 0) throw new UserError(vscode.l10n.t('{0} has only one version; there is nothing to compare it with.', model.name));
  const second = otherName !== undefined ? others.find((v) => v.version === otherName) : await pickVersion(others, title, vscode.l10n.t('Compare {0} with which version?', first.version));
  if (otherName !== undefined && !second) throw new UserError(vscode.l10n.t('{0} has no other version {1}.', model.name, otherName));
  if (!second) return undefined;
  const [from, to] = compareVersionText(first.version, second.version) <= 0 ? [first, second] : [second, first];
  const files = await open.registry.changedFiles(model.name, from.version, to.version);
  const comparison: Comparison = { model: model.name, from: from.version, to: to.version, files };
  const show = (file: ChangedFile) => openDiff(open.registry, from, to, file);
  const file = stringOption(target, 'file');
  if (file !== undefined) {
    const changed = files.find((f) => f.path === file);
    if (!changed) throw new UserError(vscode.l10n.t('{0} did not change between {1} and {2}.', file, from.version, to.version));
    await show(changed);
  } else if (booleanOption(target, 'show') !== false) {
    if (files.length === 0) void ctx.feedback.info(vscode.l10n.t('{0} and {1} of {2} were made from the same code.', from.version, to.version, model.name));
    else showFileList(comparison, (file) => show(file).then(undefined, (error: unknown) => ctx.feedback.error(error)));
  }
  return comparison;
}

/** The changed files in a quick pick that stays open: each choice opens its diff beside it. */
function showFileList(comparison: Comparison, show: (file: ChangedFile) => Thenable<unknown>): void {
  const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { file: ChangedFile }>();
  quickPick.title = vscode.l10n.t('{0}: {1} ↔ {2}', comparison.model, comparison.from, comparison.to);
  quickPick.placeholder = comparison.files.length === 1 ? vscode.l10n.t('1 changed file: choose it to open its diff') : vscode.l10n.t('{0} changed files: choose one to open its diff', comparison.files.length);
  quickPick.matchOnDescription = true;
  quickPick.ignoreFocusOut = true;
  quickPick.items = comparison.files.map((file) => ({
    label: path.posix.basename(file.path),
    description: file.oldPath ? `${file.path} ← ${file.oldPath}` : path.posix.dirname(file.path) === '.' ? '' : path.posix.dirname(file.path),
    detail: STATUS[file.status]?.label(),
    iconPath: new vscode.ThemeIcon(STATUS[file.status]?.icon ?? 'diff'),
    file,
  }));
  quickPick.onDidAccept(() => {
    const chosen = quickPick.selectedItems[0];
    if (chosen) void show(chosen.file);
  });
  quickPick.onDidHide(() => quickPick.dispose());
  quickPick.show();
}

function openDiff(registry: Registry, from: VersionState, to: VersionState, file: ChangedFile): Thenable<unknown> {
  const left = gitFileUri({ repo: registry.root, commit: from.commit, path: file.oldPath ?? file.path });
  const right = gitFileUri({ repo: registry.root, commit: to.commit, path: file.path });
  const title = vscode.l10n.t('{0} ({1} ↔ {2})', path.posix.basename(file.path), from.version, to.version);
  return vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true, preserveFocus: true });
}
