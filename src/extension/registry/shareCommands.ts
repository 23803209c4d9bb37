import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { GitRepo } from '../../git/repo';
import type { Registry } from '../../registry/registry';
import { openForWrite, type RegistryCommandContext } from './commandContext';
import { pick } from './pickers';
import { readTarget, stringOption } from './targets';

export interface ShareResult {
  remote: string;
  /** Push: the registry tags sent. Fetch: tags read for the first time. */
  tags: number;
  /** Push: the reviews sent. Fetch: reviews new here. */
  reviews: number;
}

/** The folder's registry, opened for a write, and the remote named in `arg` or picked by the user. */
async function openWithRemote(ctx: RegistryCommandContext, arg: unknown, title: string) {
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const remote = stringOption(target, 'remote') ?? (await chooseRemote(open.registry, title));
  return remote ? { open, remote } : undefined;
}

/** "Push Registry…": every registry tag to a remote, with progress. Arguments: `{ folder, remote }`. */
export async function pushRegistryCommand(ctx: RegistryCommandContext, arg: unknown): Promise<ShareResult | undefined> {
  const title = vscode.l10n.t('Push Registry');
  const chosen = await openWithRemote(ctx, arg, title);
  if (!chosen) return undefined;
  const { open, remote } = chosen;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Pushing the model registry to {0}…', remote) },
    () => open.registry.push(remote),
  );
  const tags = result.tags === 1 ? vscode.l10n.t('Pushed 1 registry tag to {0}.', result.remote) : vscode.l10n.t('Pushed {0} registry tags to {1}.', result.tags, result.remote);
  void ctx.feedback.info(result.reviews === 0 ? tags : `${tags} ${vscode.l10n.t('Reviews pushed: {0}.', result.reviews)}`);
  return { remote: result.remote, tags: result.tags, reviews: result.reviews };
}

/** "Fetch Registry…": a remote's tags, then a scan; the Models view shows what teammates registered. Arguments: `{ folder, remote }`. */
export async function fetchRegistryCommand(ctx: RegistryCommandContext, arg: unknown): Promise<ShareResult | undefined> {
  const title = vscode.l10n.t('Fetch Registry');
  const chosen = await openWithRemote(ctx, arg, title);
  if (!chosen) return undefined;
  const { open, remote } = chosen;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Fetching the model registry from {0}…', remote) },
    () => open.registry.fetch(remote),
  );
  await ctx.registries.afterWrite(open.folder, open.registry);
  await ctx.reviews?.reload(open.folder);
  const changed = result.scan.changedModels;
  const tags =
    changed.length === 0 && result.newReviews === 0
      ? vscode.l10n.t('Fetched the registry from {0}: nothing new.', result.remote)
      : vscode.l10n.t('Fetched the registry from {0}: {1} new tag(s); changed models: {2}.', result.remote, result.scan.added, changed.length === 0 ? vscode.l10n.t('none') : changed.join(', '));
  void ctx.feedback.info(result.newReviews === 0 ? tags : `${tags} ${vscode.l10n.t('New reviews: {0}.', result.newReviews)}`);
  return { remote: result.remote, tags: result.scan.added, reviews: result.newReviews };
}

/** The remote to use: the only one, or the one the user picks (with its URL). */
async function chooseRemote(registry: Registry, title: string): Promise<string | undefined> {
  const repo = await GitRepo.open(registry.root);
  const remotes = await repo.git.getRemotes(true);
  if (remotes.length === 0) throw new UserError(vscode.l10n.t('This repository has no git remote; add one with "git remote add origin URL".'));
  if (remotes.length === 1) return remotes[0]!.name;
  return pick(
    remotes.map((r) => ({ label: r.name, description: r.refs.push || r.refs.fetch, iconPath: new vscode.ThemeIcon('remote'), value: r.name })),
    { title, placeHolder: vscode.l10n.t('Which remote?') },
  );
}
