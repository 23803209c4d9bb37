import * as vscode from 'vscode';
import { shortCommit } from '../../common/format';
import { dvcArtifactNameWarning } from '../../core/dvcArtifactNames';
import { modelNameProblem } from '../../core/gto';
import type { ModelState, VersionState } from '../../core/registryState';

export interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

/** A quick pick whose answer is the chosen item's value; undefined when dismissed. */
export async function pick<T>(choices: Choice<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(choices, { title: options.title, placeHolder: options.placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  return chosen?.value;
}

export function pickFolder(folders: readonly vscode.WorkspaceFolder[], title: string, placeHolder = vscode.l10n.t('Which folder\'s registry?')): Promise<vscode.WorkspaceFolder | undefined> {
  return pick(
    folders.map((f) => ({ label: f.name, description: f.uri.fsPath, iconPath: vscode.ThemeIcon.Folder, value: f })),
    { title, placeHolder },
  );
}

export function pickModel(models: readonly ModelState[], title: string): Promise<ModelState | undefined> {
  return pick(
    models.map((m) => ({
      label: m.name,
      description: [m.deprecated ? vscode.l10n.t('deprecated') : undefined, ...m.stages.map((s) => `${s.stage}: ${s.version}`)].filter(Boolean).join(' · '),
      iconPath: new vscode.ThemeIcon(m.deprecated ? 'archive' : 'package'),
      value: m,
    })),
    { title, placeHolder: vscode.l10n.t('Model') },
  );
}

export function versionChoice(v: VersionState): Choice<VersionState> {
  return {
    label: v.version,
    description: [v.stages.map((s) => `[${s}]`).join(' '), shortCommit(v.commit), v.createdBy?.replace(/\s*<.*>$/, '')].filter(Boolean).join(' · '),
    iconPath: new vscode.ThemeIcon(v.stages.length ? 'rocket' : 'tag'),
    value: v,
  };
}

export function pickVersion(versions: readonly VersionState[], title: string, placeHolder = vscode.l10n.t('Version')): Promise<VersionState | undefined> {
  return pick(versions.map(versionChoice), { title, placeHolder });
}

/** The stages a version may go to, each with the version that holds it now. */
export function pickStage(stages: readonly string[], model: ModelState, title: string): Promise<string | undefined> {
  return pick(
    stages.map((stage) => {
      const holder = model.stages.find((s) => s.stage === stage)?.version;
      return { label: stage, description: holder ? vscode.l10n.t('now {0}', holder) : vscode.l10n.t('empty'), iconPath: new vscode.ThemeIcon('rocket'), value: stage };
    }),
    { title, placeHolder: vscode.l10n.t('Stage') },
  );
}

/**
 * The model to register a version of: an existing one of the registry, or a new name typed in
 * an input box checked against GTO's name rule as it is typed (a name outside DVC's narrower
 * rule for dvc.yaml is accepted, with a warning under the box).
 */
export async function pickOrNameModel(
  models: readonly ModelState[],
  suggestion: string,
  title: string,
  /** Why a new name cannot be used here beyond GTO's rule (another registry in the store has it); null when it can. */
  nameTaken: (name: string) => string | null = () => null,
): Promise<string | undefined> {
  if (models.length > 0) {
    const NEW = Symbol('new');
    const chosen = await pick<string | typeof NEW>(
      [
        ...models.filter((m) => !m.deprecated).map((m) => ({
          label: m.name,
          description: m.versions.find((v) => v.active)?.version ?? '',
          iconPath: new vscode.ThemeIcon('package'),
          value: m.name,
        })),
        { label: vscode.l10n.t('New model…'), iconPath: new vscode.ThemeIcon('add'), alwaysShow: true, value: NEW },
      ],
      { title, placeHolder: vscode.l10n.t('Register a version of which model?') },
    );
    if (chosen !== NEW) return chosen;
  }
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Model name: letters, digits, "_", "-" and "/" (GTO\'s rule), e.g. churn-classifier'),
    value: suggestion,
    ignoreFocusOut: true,
    validateInput: (value) => modelNameProblem(value) ?? nameTaken(value) ?? nameWarning(value),
  });
}

function nameWarning(name: string): vscode.InputBoxValidationMessage | null {
  const warning = dvcArtifactNameWarning(name);
  return warning === null ? null : { message: warning, severity: vscode.InputBoxValidationSeverity.Warning };
}

/**
 * A name for a new model from an artifact's file name, in the rule GTO and DVC share:
 * "Churn Model.pkl" → "churn-model".
 */
export function suggestModelName(fileName: string): string {
  const base = fileName.replace(/\.[^.]*$/, '').toLowerCase();
  const name = base.replace(/[^a-z0-9/-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[-/]+|[-/]+$/g, '');
  return modelNameProblem(name) === null ? name : '';
}
