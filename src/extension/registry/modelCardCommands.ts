import * as vscode from 'vscode';
import { UserError } from '../../core/errors';
import { gatherCardFacts } from '../../registry/cardFacts';
import { locateCard, readCardState, writeCard } from '../../registry/cards';
import type { Store } from '../../store/store';
import { openForRead, openForWrite, type OpenRegistry, type RegistryCommandContext } from './commandContext';
import { chooseModel, chooseVersion, readTarget, type Target } from './targets';

/** What Open Model Card and Update Model Card Facts did: the card's file and what happened to it. */
export interface CardCommandResult {
  file: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'opened';
}

/**
 * "Open Model Card": opens `cards/<name>@<version>.md` beside its Markdown preview, writing it
 * first when absent (a trusted workspace only). Arguments: `{ folder, model, version }`.
 */
export async function openModelCardCommand(ctx: RegistryCommandContext, arg: unknown): Promise<CardCommandResult | undefined> {
  const title = vscode.l10n.t('Open Model Card');
  const target = readTarget(arg);
  const open = await openForRead(ctx, target, title);
  const chosen = open && (await chooseCardVersion(open, target, title));
  if (!open || !chosen) return undefined;
  const { file } = locateCard(open.registry.root, chosen.model, chosen.version);
  let outcome: CardCommandResult['outcome'] = 'opened';
  if (!readCardState(open.registry.root, chosen.model, chosen.version).exists) {
    if (!ctx.feedback.allowWrite(title)) return undefined;
    writeCard(open.registry.root, facts(ctx, open, chosen), { update: false });
    outcome = 'created';
  }
  await showCard(file);
  warnIfBroken(ctx, open.registry.root, chosen);
  return { file, outcome };
}

/**
 * "Update Model Card Facts": rewrites the facts blocks and the machine front matter keys of a
 * version's card (creating it when absent), never a person's text. Arguments: `{ folder, model, version }`.
 */
export async function updateModelCardFactsCommand(ctx: RegistryCommandContext, arg: unknown): Promise<CardCommandResult | undefined> {
  const title = vscode.l10n.t('Update Model Card Facts');
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  const chosen = open && (await chooseCardVersion(open, target, title));
  if (!open || !chosen) return undefined;
  const { file } = locateCard(open.registry.root, chosen.model, chosen.version);
  const editing = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (editing?.isDirty) throw new UserError(vscode.l10n.t('{0} has unsaved changes: save them, then update its facts.', vscode.workspace.asRelativePath(file)));
  const written = writeCard(open.registry.root, facts(ctx, open, chosen), { update: true });
  const said = {
    created: vscode.l10n.t('The model card of {0} {1} was written.', chosen.model, chosen.version),
    updated: vscode.l10n.t('The facts of the model card of {0} {1} are up to date.', chosen.model, chosen.version),
    unchanged: vscode.l10n.t('The facts of the model card of {0} {1} were up to date already.', chosen.model, chosen.version),
    kept: '',
  }[written.outcome];
  if (written.missingBlocks.length > 0) {
    void ctx.feedback.warning(vscode.l10n.t('{0} Sections without their facts block (removed by hand?) were left as they are: {1}.', said, written.missingBlocks.join(', ')));
  } else {
    void ctx.feedback.info(said);
  }
  return { file, outcome: written.outcome === 'kept' ? 'unchanged' : written.outcome };
}

async function chooseCardVersion(open: OpenRegistry, target: Target, title: string): Promise<{ model: string; version: string } | undefined> {
  const model = await chooseModel(open.registry, target, title);
  const version = model && (await chooseVersion(model, target, title, (v) => v.registered));
  return model && version ? { model: model.name, version: version.version } : undefined;
}

function facts(ctx: RegistryCommandContext, open: OpenRegistry, chosen: { model: string; version: string }) {
  return gatherCardFacts(open.registry, storeOf(ctx, open), chosen.model, chosen.version);
}

function storeOf(ctx: RegistryCommandContext, open: OpenRegistry): Store {
  const store = ctx.registries.storeOf(open.folder);
  if (!store) throw new UserError(vscode.l10n.t('The Model Ledger store of {0} is not open.', open.folder.name));
  return store;
}

/** The card in an editor, and VS Code's Markdown preview beside it. */
async function showCard(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false, viewColumn: vscode.ViewColumn.Active });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
}

/** A card that cannot be read is still opened (to be fixed), with what is wrong and where. */
function warnIfBroken(ctx: RegistryCommandContext, root: string, chosen: { model: string; version: string }): void {
  const error = readCardState(root, chosen.model, chosen.version).error;
  if (error) void ctx.feedback.warning(error);
}

