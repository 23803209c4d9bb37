import * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { normalizeDescription, parseLabels } from '../../core/governance/metadataRecord';
import type { MetadataChange, Registry } from '../../registry/registry';
import { openForWrite, type RegistryCommandContext } from './commandContext';
import type { ModelState } from '../../core/registryState';
import { pick, versionChoice, type Choice } from './pickers';
import { chooseModel, chooseVersion, readTarget, stringOption, type Target } from './targets';

/** What an edit wrote: the model's annotation file, or the version's metadata record tag. */
export interface MetadataEditResult {
  model: string;
  version: string | null;
  description: string | null;
  labels: string[];
  /** The tag of a version's record; the file (dvc.yaml, artifacts.yaml) of a model's annotation. */
  where: string;
}

/** "Edit Description…" of a model or a version. Arguments: `{ folder, model, version?, description }`. */
export function editDescriptionCommand(ctx: RegistryCommandContext, arg: unknown): Promise<MetadataEditResult | undefined> {
  return editMetadata(ctx, arg, vscode.l10n.t('Edit Description'), async (target, current) => {
    const typed = stringOption(target, 'description') ?? (await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit Description'),
      prompt: vscode.l10n.t('Shown in the Models view and the model card; empty removes it.'),
      value: current.description ?? '',
      validateInput: (text) => problemOf(() => normalizeDescription(text)),
    }));
    return typed === undefined ? undefined : { description: normalizeDescription(typed) };
  });
}

/** "Edit Labels…" of a model or a version. Arguments: `{ folder, model, version?, labels: "a, b" }`. */
export function editLabelsCommand(ctx: RegistryCommandContext, arg: unknown): Promise<MetadataEditResult | undefined> {
  return editMetadata(ctx, arg, vscode.l10n.t('Edit Labels'), async (target, current) => {
    const typed = stringOption(target, 'labels') ?? (await vscode.window.showInputBox({
      title: vscode.l10n.t('Edit Labels'),
      prompt: vscode.l10n.t('Labels separated by commas (letters, digits, ".", "_", "/", "-"); empty removes them.'),
      value: current.labels.join(', '),
      validateInput: (text) => problemOf(() => parseLabels(text)),
    }));
    return typed === undefined ? undefined : { labels: parseLabels(typed) };
  });
}

type Ask = (target: Target, current: { description: string | null; labels: string[] }) => Promise<MetadataChange | undefined>;

/** A version's edit is a metadata record tag; a model's goes to the dvc.yaml or artifacts.yaml that declares it (not committed). */
async function editMetadata(ctx: RegistryCommandContext, arg: unknown, title: string, ask: Ask): Promise<MetadataEditResult | undefined> {
  const target = readTarget(arg);
  const open = await openForWrite(ctx, target, title);
  if (!open) return undefined;
  const model = await chooseModel(open.registry, target, title);
  if (!model) return undefined;
  const registry: Registry = open.registry;
  // From the palette (nothing named), the model itself or one of its versions; a model row edits the model.
  const fromPalette = target.model === undefined;
  const versionName = target.version ?? (fromPalette ? await pickModelOrVersion(model, title) : null);
  if (versionName === undefined) return undefined;
  if (versionName === null) {
    const change = await ask(target, registry.modelAnnotation(model.name));
    if (!change) return undefined;
    const annotation = await registry.annotateModel(model.name, change);
    await ctx.registries.afterWrite(open.folder, registry);
    void ctx.feedback.info(vscode.l10n.t('{0}: written to {1}; commit it to share the change.', model.name, annotation.file ?? 'artifacts.yaml'));
    return { model: model.name, version: null, description: annotation.description, labels: annotation.labels, where: annotation.file ?? 'artifacts.yaml' };
  }
  const version = await chooseVersion(model, { ...target, version: versionName }, title, (v) => v.registered);
  if (!version) return undefined;
  const change = await ask(target, registry.versionMetadata(model.name, version.version));
  if (!change) return undefined;
  const result = await registry.editVersion(model.name, version.version, change);
  await ctx.registries.afterWrite(open.folder, registry);
  void ctx.feedback.info(vscode.l10n.t('{0} {1}: recorded as tag {2}; push the registry to share it.', model.name, version.version, result.tag));
  return { model: model.name, version: version.version, description: result.metadata.description, labels: result.metadata.labels, where: result.tag };
}

/** null for the model itself, a version's name, undefined when the user backs out. */
async function pickModelOrVersion(model: ModelState, title: string): Promise<string | null | undefined> {
  const choices: Choice<string | null>[] = [
    { label: model.name, description: vscode.l10n.t('the model'), value: null },
    ...model.versions.filter((v) => v.registered).map((v) => ({ ...versionChoice(v), value: v.version })),
  ];
  return pick(choices, { title, placeHolder: vscode.l10n.t('The model, or one of its versions') });
}

function problemOf(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}
