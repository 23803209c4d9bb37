import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { DATASET_ROLES, type DatasetRole } from '../../core/tagMessage';
import type { DatasetInput, Run } from '../../core/types';
import type { NamedDataset } from '../../registry/versionData';
import { roleOfInput } from '../../core/lineage/evaluation';
import { pick } from './pickers';

/**
 * The data to record with a version, besides the run's logged inputs (which are recorded anyway
 * and shown here so the user sees them): files added one at a time, as training or evaluation
 * data, until "Continue". Undefined when the user backs out.
 */
export async function chooseVersionData(folder: vscode.WorkspaceFolder, run: Run | undefined, runInputs: readonly DatasetInput[], title: string): Promise<NamedDataset[] | undefined> {
  const added: NamedDataset[] = [];
  const CONTINUE = Symbol('continue');
  const LISTED = Symbol('listed');
  for (;;) {
    const logged = runInputs.map((input) => ({
      label: input.path,
      description: vscode.l10n.t('{0} · logged by run {1}', roleLabel(roleOfInput(input)), run?.name ?? ''),
      iconPath: new vscode.ThemeIcon('database'),
      value: LISTED as typeof LISTED,
    }));
    const chosen = await pick<DatasetRole | typeof CONTINUE | typeof LISTED>(
      [
        {
          label: vscode.l10n.t('Continue'),
          description: added.length + runInputs.length === 0 ? vscode.l10n.t('record no data') : vscode.l10n.t('record the data listed below'),
          iconPath: new vscode.ThemeIcon('arrow-right'),
          value: CONTINUE,
        },
        { label: vscode.l10n.t('Add Training Data…'), iconPath: new vscode.ThemeIcon('add'), value: 'training' },
        { label: vscode.l10n.t('Add Evaluation Data…'), iconPath: new vscode.ThemeIcon('add'), value: 'evaluation' },
        ...added.map((d) => ({ label: path.relative(folder.uri.fsPath, d.path) || d.path, description: roleLabel(d.role), iconPath: new vscode.ThemeIcon('database'), value: LISTED as typeof LISTED })),
        ...logged,
      ],
      { title, placeHolder: vscode.l10n.t('The data this version was trained and evaluated on: its sha256 goes in the tag') },
    );
    if (chosen === undefined) return undefined;
    if (chosen === CONTINUE) return added;
    if (chosen === LISTED) continue; // a row of the list: nothing to do but show it again
    const files = await vscode.window.showOpenDialog({
      canSelectFiles: true,
      canSelectFolders: true,
      canSelectMany: true,
      defaultUri: folder.uri,
      openLabel: vscode.l10n.t('Add'),
      title: chosen === 'training' ? vscode.l10n.t('Data the model was trained on') : vscode.l10n.t('Data the model was evaluated on'),
    });
    for (const file of files ?? []) added.push({ path: file.fsPath, role: chosen });
  }
}

function roleLabel(role: DatasetRole): string {
  return role === 'training' ? vscode.l10n.t('training') : vscode.l10n.t('evaluation');
}

/** `data` of a plain-object argument: `[{ path, role }]`, checked. */
export function dataOption(value: unknown): NamedDataset[] {
  if (!Array.isArray(value)) throw new UserError(vscode.l10n.t('"data" must be a list of {path, role}.'));
  return value.map((entry) => {
    const { path: file, role } = (entry ?? {}) as { path?: unknown; role?: unknown };
    if (typeof file !== 'string' || !(DATASET_ROLES as readonly unknown[]).includes(role)) {
      throw new UserError(vscode.l10n.t('Each "data" entry needs a path and a role (training or evaluation).'));
    }
    return { path: file, role: role as DatasetRole };
  });
}
