import * as vscode from 'vscode';
import type { DriftOptions } from '../../core/drift/options';
import type { DriftReport } from '../../core/drift/types';
import { UserError } from '../../core/errors';
import type { ModelState } from '../../core/registryState';
import { fileReference, type DataReference } from '../../data/dataReference';
import { versionDataReference } from '../../registry/versionReference';
import type { Feedback } from '../feedback';
import type { FolderRegistries } from '../registry/folderRegistries';
import { pick, type Choice } from '../registry/pickers';
import { readTarget, stringOption } from '../registry/targets';
import type { DataWorkerClient } from './dataWorkerClient';
import { pickDataFile } from './pickDataFile';

export interface DriftCommandContext {
  registries: FolderRegistries;
  feedback: Feedback;
  dataWorker: DataWorkerClient;
  /** The rules of `.modelledger/monitor.yaml` for a check against that model (empty without one). */
  optionsFor(folder: vscode.WorkspaceFolder, model: string | null): DriftOptions;
  showReport(report: DriftReport): void;
  /** Keeps a check of a version's data, for its health. */
  recordCheck(folder: vscode.WorkspaceFolder, check: { model: string; version: string; current: { path: string; label: string }; report: DriftReport }): void;
}

interface Reference {
  data: DataReference;
  /** The version whose training data this is, when it is one. */
  version: { model: string; version: string } | null;
}

/**
 * "Check Drift…": compares a data file with a reference (a version's training data, or another
 * file) and opens the report. From a version's row the version is the reference; from a data
 * file in the Explorer that file is the current data; the palette asks both. Plain-object
 * arguments for tests and other commands: `{ folder, model, version, reference, current }`.
 */
export async function checkDriftCommand(ctx: DriftCommandContext, arg: unknown): Promise<DriftReport | undefined> {
  const title = vscode.l10n.t('Check Drift');
  // A check reads data with parsers and keeps its result in the store: trusted workspaces only.
  if (!ctx.feedback.allowWrite(title)) return undefined;
  const target = readTarget(arg);
  const currentUri = arg instanceof vscode.Uri ? arg : fileOption(target.options.current) ?? (await pickDataFile(title, vscode.l10n.t('The current data to check')));
  if (!currentUri) return undefined;
  const folder = target.folder ?? vscode.workspace.getWorkspaceFolder(currentUri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new UserError(vscode.l10n.t('Open a folder first: Check Drift keeps its results in a workspace folder.'));
  const reference = await chooseReference(ctx, folder, target.model, target.version, stringOption(target, 'reference'), title);
  if (!reference) return undefined;
  const current = fileReference(currentUri.fsPath, folder.uri.fsPath);
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking {0} against {1}…', current.label, reference.data.label) },
    () => ctx.dataWorker.checkDrift(folder.uri.fsPath, reference.data, current, ctx.optionsFor(folder, reference.version?.model ?? null)),
  );
  if (reference.version) ctx.recordCheck(folder, { ...reference.version, current: { path: currentUri.fsPath, label: current.label }, report });
  ctx.showReport(report);
  return report;
}

async function chooseReference(
  ctx: DriftCommandContext,
  folder: vscode.WorkspaceFolder,
  model: string | undefined,
  version: string | undefined,
  file: string | undefined,
  title: string,
): Promise<Reference | undefined> {
  if (file !== undefined) return { data: fileReference(vscode.Uri.file(file).fsPath, folder.uri.fsPath), version: null };
  if (model !== undefined && version !== undefined) return versionReference(ctx, folder, model, version);
  const models = await trainedModels(ctx, folder);
  const another: Choice<'file'> = { label: vscode.l10n.t('Another data file…'), iconPath: new vscode.ThemeIcon('file'), value: 'file' };
  const choices: Choice<{ model: string; version: string } | 'file'>[] = [
    ...models.flatMap((m) =>
      m.versions
        .filter((v) => v.active && (v.metadata?.data ?? []).some((d) => d.role === 'training'))
        .map((v) => ({
          label: `${m.name}@${v.version}`,
          description: [v.stages.map((s) => `[${s}]`).join(' '), (v.metadata?.data ?? []).filter((d) => d.role === 'training').map((d) => d.path).join(', ')].filter(Boolean).join(' · '),
          iconPath: new vscode.ThemeIcon(v.stages.length > 0 ? 'rocket' : 'tag'),
          value: { model: m.name, version: v.version },
        })),
    ),
    another,
  ];
  const chosen = await pick(choices, { title, placeHolder: vscode.l10n.t("The reference: a version's training data, or a data file") });
  if (chosen === undefined) return undefined;
  if (chosen !== 'file') return versionReference(ctx, folder, chosen.model, chosen.version);
  const uri = await pickDataFile(title, vscode.l10n.t('The reference data'));
  return uri && { data: fileReference(uri.fsPath, folder.uri.fsPath), version: null };
}

async function versionReference(ctx: DriftCommandContext, folder: vscode.WorkspaceFolder, model: string, version: string): Promise<Reference> {
  const registry = await ctx.registries.forWriting(folder);
  return { data: await versionDataReference(registry, folder.uri.fsPath, `${model}@${version}`), version: { model, version } };
}

/** The models of the folder's git registry; none outside git (files can still be compared). */
async function trainedModels(ctx: DriftCommandContext, folder: vscode.WorkspaceFolder): Promise<ModelState[]> {
  const registry = await ctx.registries.forReading(folder);
  if (!registry) return [];
  if (vscode.workspace.isTrusted) await registry.scan();
  return registry.models();
}

function fileOption(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  return typeof value === 'string' ? vscode.Uri.file(value) : undefined;
}
