import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { shortCommit } from '../../common/format';
import { versionProblem } from '../../core/gto';
import { BUMPS } from '../../core/semver';
import type { Run } from '../../core/types';
import { GitRepo } from '../../git/repo';
import { nextFreeVersion } from '../../registry/registerVersion';
import type { RegisterResult, Registry } from '../../registry/registry';
import { RunNode } from '../views/nodes/runNode';
import type { RegistryCommandContext } from './commandContext';
import { chooseVersionData, dataOption } from './chooseVersionData';
import { pick, pickOrNameModel, suggestModelName } from './pickers';
import { booleanOption, chooseFolder, readTarget, stringOption, type Target } from './targets';
import { errorMessage } from '../../core/errors';

const TITLE = () => vscode.l10n.t('Register Model Version');

/**
 * "Register Model Version…" from a run (its artifact), a file in the Explorer, a model in the
 * Models view or the palette. Asks for what the argument does not say: model name (existing or
 * new, checked as typed), version (next patch, minor or major), commit (the run's, else HEAD)
 * a description, and the data it was trained and evaluated on (the run's logged inputs, and files
 * added); a dirty working tree needs a modal confirmation, and is then recorded. A new
 * name outside DVC's rule for dvc.yaml is warned about as it is typed and in the closing message.
 *
 * Plain-object arguments (tests, other commands): `{ folder, model, version | bump, commit,
 * artifactPath, runId, description, data: [{ path, role }], allowDirty }`; `suggestedModel` and `suggestedDescription`
 * prefill the name and description boxes instead of answering them.
 */
export async function registerVersionCommand(ctx: RegistryCommandContext, arg: unknown): Promise<RegisterResult | undefined> {
  if (!ctx.feedback.allowWrite(TITLE())) return undefined;
  const target: Target = arg instanceof RunNode ? { folder: arg.folder, options: { runId: arg.run.id } } : arg instanceof vscode.Uri ? fileTarget(arg) : readTarget(arg);
  const folder = await chooseFolder(ctx.registries, target, TITLE());
  if (!folder) return undefined;
  const registry = await ctx.registries.forWriting(folder);
  await registry.scan();
  const store = ctx.registries.storeOf(folder);
  const runId = stringOption(target, 'runId');
  const run = runId === undefined ? undefined : store?.runs.get(runId);

  const artifactPath = stringOption(target, 'artifactPath') ?? (await chooseArtifact(folder, run, store?.runs.artifacts(run?.id ?? '') ?? []));
  if (artifactPath === undefined) return undefined;
  const taken = (name: string) => {
    const owner = store?.models.origin(name);
    return owner && owner.source !== 'git' ? vscode.l10n.t('"{0}" is a model from {1} in this store; give the git registry\'s model another name.', name, owner.source) : null;
  };
  const suggestion = stringOption(target, 'suggestedModel') ?? suggestModelName(path.basename(artifactPath));
  const model = target.model ?? (await pickOrNameModel(registry.models(), suggestion, TITLE(), taken));
  if (model === undefined) return undefined;
  const bumpOption = stringOption(target, 'bump');
  const version = stringOption(target, 'version') ?? (bumpOption === undefined ? await chooseVersion(registry, model) : undefined);
  if (version === undefined && bumpOption === undefined) return undefined;
  const commit = stringOption(target, 'commit') ?? (await chooseCommit(registry, run));
  if (commit === undefined) return undefined;
  const description = 'description' in target.options ? stringOption(target, 'description') : await askDescription(model, stringOption(target, 'suggestedDescription'));
  if (description === undefined && !('description' in target.options)) return undefined;
  // A caller that answered the description (a script, a test) answered the data too: none named,
  // the run's logged inputs recorded as they are. Asked only in the flow a person goes through.
  const data =
    'data' in target.options ? dataOption(target.options.data) : 'description' in target.options ? [] : await chooseVersionData(folder, run, run ? (store?.runs.inputs(run.id) ?? []) : [], TITLE());
  if (data === undefined) return undefined;
  const allowDirty = booleanOption(target, 'allowDirty') ?? (await confirmDirty(registry, commit, run));
  if (allowDirty === undefined) return undefined;

  const result = await registry.register({
    model,
    version,
    bump: version === undefined ? (bumpOption as (typeof BUMPS)[number]) : undefined,
    commit,
    artifactPath,
    runId: run?.id ?? runId,
    description,
    allowDirty,
    data,
    profileData: ctx.profileData?.(folder),
  });
  await ctx.registries.afterWrite(folder, registry);
  const assign = vscode.l10n.t('Assign Stage…');
  const text = result.dirty
    ? vscode.l10n.t('Registered {0} {1} at {2} (tag {3}), with uncommitted changes recorded.', result.model, result.version, shortCommit(result.commit), result.tag)
    : vscode.l10n.t('Registered {0} {1} at {2} (tag {3}).', result.model, result.version, shortCommit(result.commit), result.tag);
  // A warning (a new name outside DVC's rule) turns the confirmation into a warning that says it.
  const shown = result.warnings.length > 0 ? ctx.feedback.warning(`${text} ${result.warnings.join(' ')}`, assign) : ctx.feedback.info(text, assign);
  void shown.then((choice) => {
    if (choice === assign) void vscode.commands.executeCommand('modelLedger.assignStage', { folder: folder.uri.fsPath, model: result.model, version: result.version });
  });
  return result;
}

function fileTarget(uri: vscode.Uri): Target {
  return { folder: vscode.workspace.getWorkspaceFolder(uri), options: { artifactPath: uri.fsPath } };
}

/** The run's artifact that is on disk (asked when several are), else a file or folder the user opens. */
async function chooseArtifact(folder: vscode.WorkspaceFolder, run: Run | undefined, artifacts: { path: string }[]): Promise<string | undefined> {
  const onDisk = artifacts.map((a) => path.resolve(folder.uri.fsPath, a.path)).filter((file) => fs.existsSync(file));
  if (onDisk.length === 1) return onDisk[0];
  if (onDisk.length > 1) {
    return pick(
      onDisk.map((file) => ({ label: path.relative(folder.uri.fsPath, file), iconPath: new vscode.ThemeIcon('file-binary'), value: file })),
      { title: TITLE(), placeHolder: vscode.l10n.t('Which artifact of run {0}?', run?.name ?? '') },
    );
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    defaultUri: folder.uri,
    openLabel: vscode.l10n.t('Register'),
    title: run ? vscode.l10n.t('The model file (or folder) run {0} made', run.name) : vscode.l10n.t('The model file (or folder) to register'),
  });
  return picked?.[0]?.fsPath;
}

/** The next patch, minor and major versions, or one typed (checked as typed). */
async function chooseVersion(registry: Registry, model: string): Promise<string | undefined> {
  const state = registry.model(model);
  const OTHER = Symbol('other');
  const kinds = { patch: vscode.l10n.t('patch'), minor: vscode.l10n.t('minor'), major: vscode.l10n.t('major') };
  const chosen = await pick<string | typeof OTHER>(
    [
      ...BUMPS.map((bump) => ({ label: nextFreeVersion(state, bump), description: kinds[bump], iconPath: new vscode.ThemeIcon('tag'), value: nextFreeVersion(state, bump) })),
      { label: vscode.l10n.t('Another version…'), iconPath: new vscode.ThemeIcon('edit'), value: OTHER },
    ],
    { title: TITLE(), placeHolder: state ? vscode.l10n.t('Version of {0} (latest {1})', model, latestVersion(registry, model)) : vscode.l10n.t('Version of the new model {0}', model) },
  );
  if (chosen !== OTHER) return chosen;
  return vscode.window.showInputBox({
    title: TITLE(),
    prompt: vscode.l10n.t('Version: v and a semantic version, e.g. v1.2.0 or v2.0.0-rc.1'),
    value: nextFreeVersion(state, 'patch'),
    ignoreFocusOut: true,
    validateInput: (value) => versionProblem(value),
  });
}

function latestVersion(registry: Registry, model: string): string {
  return registry.model(model)?.versions.find((v) => v.active && v.registered)?.version ?? '—';
}

/** The run's commit and HEAD, or another commit typed and looked up as it is typed. */
async function chooseCommit(registry: Registry, run: Run | undefined): Promise<string | undefined> {
  const status = await registry.status();
  const OTHER = Symbol('other');
  const choices: { label: string; description?: string; detail?: string; iconPath?: vscode.ThemeIcon; value: string | typeof OTHER }[] = [];
  const runCommit = run?.git?.commit;
  if (runCommit) {
    choices.push({
      label: shortCommit(runCommit),
      description: runCommit === status.head ? vscode.l10n.t('the run\'s commit, HEAD') : vscode.l10n.t('the run\'s commit'),
      detail: run.git?.dirty ? vscode.l10n.t('Run {0} was made with uncommitted changes', run.name) : vscode.l10n.t('Run {0}', run.name),
      iconPath: new vscode.ThemeIcon('beaker'),
      value: runCommit,
    });
  }
  if (status.head && status.head !== runCommit) {
    choices.push({
      label: shortCommit(status.head),
      description: status.branch ? vscode.l10n.t('HEAD ({0})', status.branch) : vscode.l10n.t('HEAD (detached)'),
      iconPath: new vscode.ThemeIcon('git-commit'),
      value: status.head,
    });
  }
  choices.push({ label: vscode.l10n.t('Another commit…'), iconPath: new vscode.ThemeIcon('edit'), value: OTHER });
  const chosen = await pick(choices, { title: TITLE(), placeHolder: vscode.l10n.t('The commit whose code made the model') });
  if (chosen !== OTHER) return chosen;
  const repo = await GitRepo.open(registry.root);
  return vscode.window.showInputBox({
    title: TITLE(),
    prompt: vscode.l10n.t('A commit: its hash, a branch or a tag'),
    ignoreFocusOut: true,
    validateInput: async (value) => {
      if (value.trim() === '') return vscode.l10n.t('Name a commit.');
      try {
        return (await repo.resolveCommit(value.trim())) ? null : vscode.l10n.t('No commit "{0}" in this repository.', value.trim());
      } catch (error) {
        return errorMessage(error);
      }
    },
  }).then((value) => value?.trim());
}

function askDescription(model: string, value?: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: TITLE(),
    value,
    prompt: vscode.l10n.t('A description of this version of {0} (optional; Enter to skip)', model),
    placeHolder: vscode.l10n.t('e.g. Gradient boosting, learning rate 0.05'),
    ignoreFocusOut: true,
  });
}

/**
 * Whether to register despite uncommitted changes: true when confirmed (and then recorded), false
 * when there are none, undefined when the user declines. Only changes at HEAD count, and a run
 * made from a dirty tree; untracked files (the artifact itself, usually) do not.
 */
async function confirmDirty(registry: Registry, commit: string, run: Run | undefined): Promise<boolean | undefined> {
  const status = await registry.status();
  const repo = await GitRepo.open(registry.root);
  const sha = await repo.resolveCommit(commit);
  const changed = sha !== null && sha === status.head ? status.changedFiles : [];
  const runDirty = run?.git?.dirty === true;
  if (changed.length === 0 && !runDirty) return false;
  const register = vscode.l10n.t('Register Anyway');
  const detail =
    changed.length > 0
      ? vscode.l10n.t('Uncommitted changes: {0}. The version will record that its commit does not hold exactly the code that made it.', listFiles(changed))
      : vscode.l10n.t('Run {0} was made with uncommitted changes. The version will record that its commit does not hold exactly the code that made it.', run!.name);
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('The working tree has uncommitted changes.'), { modal: true, detail }, register);
  return choice === register ? true : undefined;
}

function listFiles(files: string[]): string {
  return files.length <= 5 ? files.join(', ') : vscode.l10n.t('{0} and {1} more', files.slice(0, 5).join(', '), files.length - 5);
}
