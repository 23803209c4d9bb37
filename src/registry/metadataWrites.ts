import { UserError } from '../core/errors';
import { currentMetadata, metadataTagName, nextMetadataCounter, type CurrentMetadata } from '../core/governance/metadataRecord';
import { assertModelName, assertVersion } from '../core/gto';
import { emptyMetadata, formatTagMessage } from '../core/tagMessage';
import { listTagRefs } from '../git/tags';
import { assertNotForeign, requireModel, writeTag, type RegistryContext } from './context';
import { scanRegistry } from './scan';

/** What to change; a field left out keeps its value. */
export interface MetadataChange {
  description?: string | null;
  labels?: string[];
}

/** A version's description and labels now. */
export function versionMetadata(ctx: RegistryContext, model: string, version: string): CurrentMetadata {
  const v = requireModel(ctx, model).versions.find((x) => x.version === version);
  if (!v) throw new UserError(`${model} has no version ${version}.`);
  return currentMetadata(v.metadata, ctx.index.metadataRecords(model).filter((r) => r.version === version));
}

/**
 * Records a new description and labels of a version as a metadata record tag on its commit (its
 * registration tag cannot change). The record holds the whole new state, so reading it needs no
 * other record; the audit log keeps before and after.
 */
export async function editVersionMetadata(ctx: RegistryContext, model: string, version: string, change: MetadataChange): Promise<{ tag: string; metadata: CurrentMetadata }> {
  assertModelName(model);
  assertVersion(version);
  const actor = await ctx.repo.identity();
  await scanRegistry(ctx.repo, ctx.store);
  assertNotForeign(ctx, model);
  const v = requireModel(ctx, model).versions.find((x) => x.version === version && x.registered);
  if (!v) throw new UserError(`${model} has no registered version ${version}.`);
  const before = versionMetadata(ctx, model, version);
  const description = change.description === undefined ? before.description : change.description;
  const labels = change.labels ?? before.labels;
  if (description === before.description && sameLabels(labels, before.labels)) {
    throw new UserError(`${model} ${version} already has that description and those labels; nothing was written.`);
  }
  const counter = nextMetadataCounter(model, version, (await listTagRefs(ctx.repo)).map((r) => r.name));
  const tag = metadataTagName(model, version, counter);
  await writeTag(ctx, {
    model,
    name: tag,
    commit: v.commit,
    message: formatTagMessage(`Describing artifact ${model} version ${version}`, { ...emptyMetadata(), version, description, labels }),
    audit: {
      actor,
      action: 'version.describe',
      target: `${model}@${version}`,
      before: { description: before.description, labels: before.labels },
      after: { description, labels, tag },
    },
  });
  return { tag, metadata: versionMetadata(ctx, model, version) };
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}
