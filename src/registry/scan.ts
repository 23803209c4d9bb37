import { currentMetadata, parseMetadataTagName, type MetadataRecord } from '../core/governance/metadataRecord';
import { parseTagName } from '../core/gto';
import { resolveModel, type ModelState, type RegistryEvent } from '../core/registryState';
import { parseTagMessage } from '../core/tagMessage';
import type { GitRepo } from '../git/repo';
import { listTagRefs, readAllTagDetails, readTagDetails, type TagDetails } from '../git/tags';
import { RegistryIndex } from '../store/registryIndex';
import { writeGitModel } from '../store/registryModels';
import type { Store } from '../store/store';
import { readDeclaredArtifacts } from './declaredArtifacts';

export interface ScanResult {
  /** Tags read for the first time (or again, when they moved). */
  added: number;
  /** Tags gone from git since the last scan. */
  removed: number;
  /** Models whose rows were rewritten. */
  changedModels: string[];
  /** Things skipped and why, one line each (a broken dvc.yaml, a model owned by an MLflow registry). */
  problems: string[];
}

/**
 * Brings the store's registry up to date with the repository's tags, incrementally: git lists
 * every tag ref (cheap), only tags not indexed yet (or moved) are read in full, and only the
 * models they touch are resolved again. In an empty store that is a full rebuild from tags.
 * `alsoInTransaction` runs in the same store write (a registry write's audit entry).
 */
export async function scanRegistry(repo: GitRepo, store: Store, alsoInTransaction?: () => void): Promise<ScanResult> {
  const index = new RegistryIndex(store.db);
  const { details, toRemove } = await changedTags(repo, index.knownObjects());

  const folders = new Set<string>();
  for (const name of [...index.models(), ...details.flatMap((d) => parseTagName(d.name)?.model ?? [])]) {
    const colon = name.indexOf(':');
    if (colon > 0) folders.add(name.slice(0, colon));
  }
  const declared = readDeclaredArtifacts(repo.root, folders);
  const problems = [...declared.problems];

  const changedModels = store.write(() => {
    const affected = new Set<string>();
    for (const name of toRemove) {
      const model = index.remove(name);
      if (model) affected.add(model);
    }
    for (const d of details) {
      const record = recordFromTag(d);
      if (record) {
        const before = index.putRecord(d.object, d.commit, parseTagMessage(d.message).subject, record);
        if (before) affected.add(before);
        affected.add(record.model);
        continue;
      }
      const event = eventFromTag(d);
      const before = index.put({ name: d.name, object: d.object, event });
      if (before) affected.add(before);
      if (event) affected.add(event.model);
    }
    for (const name of index.replaceDeclared(declared.artifacts)) affected.add(name);
    const changed: string[] = [];
    for (const model of [...affected].sort()) {
      const events = index.events(model);
      const state = events.length > 0 ? resolveModel(model, events) : null;
      const descriptions = currentDescriptions(state, index.metadataRecords(model));
      const result = writeGitModel(store, model, state, declared.artifacts.get(model) ?? null, descriptions);
      if (result === 'foreign') problems.push(`a model named "${model}" is already in the store from another source; its git registry tags are not shown`);
      else if (result !== 'unchanged') changed.push(model);
    }
    alsoInTransaction?.();
    return changed;
  });
  return { added: details.length, removed: toRemove.length, changedModels, problems };
}

/**
 * The registry tags to read and to drop. Into an empty index, one pass reads every tag; after
 * that git lists names and objects, and only new or moved tags are read in full. GTO reads
 * annotated tags only: a lightweight tag with a registry name is ignored, as GTO does.
 */
async function changedTags(repo: GitRepo, known: Map<string, string>): Promise<{ details: TagDetails[]; toRemove: string[] }> {
  if (known.size === 0) return { details: (await readAllTagDetails(repo)).filter((t) => isIndexed(t.name)), toRemove: [] };
  const candidates = (await listTagRefs(repo)).filter((r) => r.type === 'tag' && isIndexed(r.name));
  const present = new Set(candidates.map((r) => r.name));
  const toRead = candidates.filter((r) => known.get(r.name) !== r.object);
  return { details: await readTagDetails(repo, toRead), toRemove: [...known.keys()].filter((name) => !present.has(name)) };
}

/** Registry tags (GTO's grammar) and Model Ledger's metadata records. */
function isIndexed(tag: string): boolean {
  return parseTagName(tag) !== null || parseMetadataTagName(tag) !== null;
}

/** A metadata record's tag read as one; null for any other tag. */
export function recordFromTag(tag: TagDetails): MetadataRecord | null {
  const parsed = parseMetadataTagName(tag.name);
  if (!parsed) return null;
  const metadata = parseTagMessage(tag.message).metadata;
  return {
    tag: tag.name,
    ...parsed,
    at: tag.at,
    actor: formatActor(tag.taggerName, tag.taggerEmail),
    description: metadata?.description ?? null,
    labels: metadata?.labels ?? [],
  };
}

/** Each version's description as its latest metadata record (or its registration) has it. */
function currentDescriptions(state: ModelState | null, records: readonly MetadataRecord[]): Map<string, string | null> {
  const descriptions = new Map<string, string | null>();
  for (const v of state?.versions ?? []) descriptions.set(v.version, currentMetadata(v.metadata, records.filter((r) => r.version === v.version)).description);
  return descriptions;
}

/** The registry event of a tag; null for an annotated tag GTO ignores (it points at no commit). */
export function eventFromTag(tag: TagDetails): RegistryEvent | null {
  const parsed = parseTagName(tag.name);
  if (!parsed || tag.commit === null) return null;
  const message = parseTagMessage(tag.message);
  return {
    tag: tag.name,
    action: parsed.action,
    model: parsed.model,
    version: parsed.version,
    stage: parsed.stage,
    counter: parsed.counter,
    commit: tag.commit,
    at: tag.at,
    actor: formatActor(tag.taggerName, tag.taggerEmail),
    subject: message.subject,
    metadata: message.metadata,
  };
}

function formatActor(name: string, email: string): string | null {
  if (name === '' && email === '') return null;
  return email === '' ? name : `${name} <${email}>`.trim();
}
