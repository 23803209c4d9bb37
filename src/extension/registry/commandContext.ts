import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import type { Registry } from '../../registry/registry';
import type { ProfileDataFile } from '../../registry/versionData';
import type { Feedback } from '../feedback';
import type { GateReports } from '../governance/gateReports';
import type { FolderRegistries } from './folderRegistries';
import type { PendingReviews } from './pendingReviews';
import { chooseFolder, type Target } from './targets';

/** What every registry command works with. */
export interface RegistryCommandContext {
  registries: FolderRegistries;
  feedback: Feedback;
  /** Profiles the data a registration in that folder records; without it no profile is recorded. */
  profileData?: (folder: vscode.WorkspaceFolder) => ProfileDataFile;
  /** Where a refused stage change's gate report opens; without it a refusal is shown as an error. */
  gateReports?: GateReports;
  /** The Models view's pending review requests, read again after a review or a fetch. */
  reviews?: PendingReviews;
}

export interface OpenRegistry {
  folder: vscode.WorkspaceFolder;
  registry: Registry;
}

/** The target's registry for a write, scanned up to date; undefined when untrusted or the user backs out. */
export async function openForWrite(ctx: RegistryCommandContext, target: Target, title: string): Promise<OpenRegistry | undefined> {
  if (!ctx.feedback.allowWrite(title)) return undefined;
  const folder = await chooseFolder(ctx.registries, target, title);
  if (!folder) return undefined;
  const registry = await ctx.registries.forWriting(folder);
  await registry.scan();
  return { folder, registry };
}

/**
 * The target's registry for reading; scanned first in a trusted workspace (in an untrusted one the
 * index is read as it is). Undefined when the user backs out.
 */
export async function openForRead(ctx: RegistryCommandContext, target: Target, title: string): Promise<OpenRegistry | undefined> {
  const folder = await chooseFolder(ctx.registries, target, title);
  if (!folder) return undefined;
  const registry = await ctx.registries.forReading(folder);
  if (!registry) throw new UserError(vscode.l10n.t('The git registry of {0} has no models yet.', folder.name));
  if (vscode.workspace.isTrusted) await registry.scan();
  return { folder, registry };
}
