import { currentMetadata, METADATA_TAG_PREFIX, parseMetadataTagName, type MetadataRecord } from '../core/governance/metadataRecord';
import { parseTagName } from '../core/gto';
import { resolveModel, type ModelState, type RegistryEvent } from '../core/registryState';
import { parseTagMessage } from '../core/tagMessage';
import type { GitRepo } from '../git/repo';
import { listedTag, listedTags, listTags, readTagObjects, type TagDetails } from '../git/tags';
import type { TagRefFiles } from '../git/tagRefFiles';
import { RegistryIndex } from '../store/registryIndex';
import { writeGitModel } from '../store/registryModels';
import type { Store } from '../store/store';
import { readDeclaredArtifacts } from './declaredArtifacts';

export interface ScanResult {
  /** Tags read for the first time (or again, when they moved). */
  added: number;
  /** Tags gone from git since the last scan. */
  removed: number;
  /** Tags whose object was compared with the index: every tag, or after a scan through the same connection only those whose loose ref changed. */
  compared: number;
  /** Models whose rows were rewritten. */
  changedModels: string[];
  /** Things skipped and why, one line each (a broken dvc.yaml, a model owned by an MLflow registry). */
  problems: string[];
}

/**
 * Brings the store's registry up to date with the repository's tags, incrementally: every tag's
 * name and object id are listed (cheap), only tags not indexed yet (or moved) are read in full,
 * and only the models they touch are resolved again. In an empty store that is a full rebuild from tags.
 * `alsoInTransaction` runs in the same store write (a registry write's audit entry).
 */
export async function scanRegistry(repo: GitRepo, store: Store, alsoInTransaction?: () => void): Promise<ScanResult> {
  const index = new RegistryIndex(store.db);
  const versionBefore = store.dataVersion;
  const scanning = scansOf(store);
  const startedAlone = scanning.running === 0;
  scanning.running++;
  const generation = ++scanning.started;
  try {
    return await scanChanges(repo, store, index, versionBefore, alsoInTransaction, () => startedAlone && scanning.started === generation);
  } finally {
    scanning.running--;
  }
}

async function scanChanges(repo: GitRepo, store: Store, index: RegistryIndex, versionBefore: number, alsoInTransaction: (() => void) | undefined, ranAlone: () => boolean): Promise<ScanResult> {
  const { details, reindexed, toRemove, tags, compared } = await changedTags(repo, store, index);

  const folders = new Set<string>();
  // A nested artifact's tag names its folder before a "=".
  for (const name of [...index.nestedModels(), ...details.flatMap((d) => (d.name.includes('=') ? (parseTagName(d.name)?.model ?? []) : []))]) {
    const colon = name.indexOf(':');
    if (colon > 0) folders.add(name.slice(0, colon));
  }
  const declared = readDeclaredArtifacts(repo.root, folders);
  const problems = [...declared.problems];

  const changedModels = store.write(() => {
    // Into an empty index (a clone's first scan) each model's events and records are the ones read
    // just now: kept here rather than read back, row by row, from what was just written.
    const readNow = index.isEmpty() ? new Map<string, ModelTags>() : null;
    const affected = new Set<string>();
    for (const name of toRemove) {
      const model = index.remove(name);
      if (model) affected.add(model);
    }
    for (const d of details) {
      if (reindexed.has(d.name)) {
        const before = index.modelOf(d.name);
        if (before) affected.add(before);
      }
      const record = recordFromTag(d);
      if (record) {
        index.putRecord(d.object, d.commit, parseTagMessage(d.message).subject, record);
        affected.add(record.model);
        if (readNow) tagsOf(readNow, record.model).records.push(record);
        continue;
      }
      const event = eventFromTag(d);
      index.put({ name: d.name, object: d.object, event });
      if (event) affected.add(event.model);
      if (event && readNow) tagsOf(readNow, event.model).events.push(event);
    }
    for (const name of index.replaceDeclared(declared.artifacts)) affected.add(name);
    const changed: string[] = [];
    for (const model of [...affected].sort()) {
      const events = readNow ? (readNow.get(model)?.events ?? []) : index.events(model);
      const state = events.length > 0 ? resolveModel(model, events) : null;
      const descriptions = currentDescriptions(state, readNow ? (readNow.get(model)?.records ?? []) : index.metadataRecords(model));
      const result = writeGitModel(store, model, state, declared.artifacts.get(model) ?? null, descriptions);
      if (result === 'foreign') problems.push(`a model named "${model}" is already in the store from another source; its git registry tags are not shown`);
      else if (result !== 'unchanged') changed.push(model);
    }
    alsoInTransaction?.();
    return changed;
  });
  // Another connection's write meanwhile may have been a scan of its own, and a scan of this
  // connection overlapping this one may have indexed from an older or newer listing: either way
  // the index need not match this listing, so compare in full next time.
  const versionAfter = store.dataVersion;
  if (versionAfter === versionBefore && ranAlone()) lastScans.set(store, { root: repo.root, tags, dataVersion: versionAfter });
  else lastScans.delete(store);
  return { added: details.length, removed: toRemove.length, compared, changedModels, problems };
}

/** A model's events and metadata records, as a scan into an empty index read them. */
interface ModelTags {
  events: RegistryEvent[];
  records: MetadataRecord[];
}

function tagsOf(byModel: Map<string, ModelTags>, model: string): ModelTags {
  let tags = byModel.get(model);
  if (!tags) byModel.set(model, (tags = { events: [], records: [] }));
  return tags;
}

/** The tag listing the index was last brought in line with through a store connection. */
interface LastScan {
  root: string;
  tags: TagRefFiles;
  /** The store's data version then: it moves when another connection commits. */
  dataVersion: number;
}

// By open store: one closed and opened again starts with a full comparison.
const lastScans = new WeakMap<Store, LastScan>();

/** Scans of one open store under way, and how many ever started: a scan records its listing only if no other overlapped it. */
const scans = new WeakMap<Store, { running: number; started: number }>();

function scansOf(store: Store): { running: number; started: number } {
  let state = scans.get(store);
  if (!state) scans.set(store, (state = { running: 0, started: 0 }));
  return state;
}

interface TagChanges {
  details: TagDetails[];
  /** Names among `details` indexed already (moved tags): the model they named may change. */
  reindexed: Set<string>;
  toRemove: string[];
  tags: TagRefFiles;
  compared: number;
}

/**
 * The registry tags to read and to drop. Every tag's name and object id are listed (no object
 * read) and compared with the index; only new or moved tags (deleted and made again) are read in
 * full, all of them into an empty index. After a scan through the same connection, when
 * packed-refs has not changed and no other connection wrote the store, only the loose refs that
 * changed since are compared: a refresh after one new tag costs the same among 2,000 tags or
 * 200,000. GTO reads annotated tags only: a lightweight tag with a registry name is read as one
 * and ignored (and leaves the index, when it replaced an annotated one).
 */
async function changedTags(repo: GitRepo, store: Store, index: RegistryIndex): Promise<TagChanges> {
  const last = lastScans.get(store);
  const previous = last && last.root === repo.root && last.dataVersion === store.dataVersion ? last.tags : undefined;
  const tags = await listTags(repo, previous);
  const { toRead, reindexed, gone, compared } = previous && tags.packed === previous.packed ? looseChanges(previous, tags, index) : allChanges(tags, index);
  const details = await readTagObjects(repo, toRead);
  const annotated = new Set(details.map((d) => d.name));
  const toRemove = [...gone, ...toRead.filter((r) => !annotated.has(r.name) && reindexed.has(r.name)).map((r) => r.name)];
  return { details, reindexed, toRemove, tags, compared };
}

type Changes = { toRead: { name: string; object: string }[]; reindexed: Set<string>; gone: string[]; compared: number };

/** Every listed tag against the whole index. */
function allChanges(tags: TagRefFiles, index: RegistryIndex): Changes {
  const known = index.knownObjects();
  const toRead: Changes['toRead'] = [];
  const reindexed = new Set<string>();
  let compared = 0;
  for (const [name, object] of listedTags(tags)) {
    compared++;
    if (known.get(name) === object || !isIndexed(name)) continue;
    toRead.push({ name, object });
    if (known.has(name)) reindexed.add(name);
  }
  const gone: string[] = [];
  for (const name of known.keys()) if (listedTag(tags, name) === undefined) gone.push(name);
  return { toRead, reindexed, gone, compared };
}

/** Only the tags whose loose ref appeared, changed or went since `before` (packed-refs being the same file). */
function looseChanges(before: TagRefFiles, after: TagRefFiles, index: RegistryIndex): Changes {
  const toRead: Changes['toRead'] = [];
  const reindexed = new Set<string>();
  const gone: string[] = [];
  let compared = 0;
  for (const name of new Set([...before.loose.keys(), ...after.loose.keys()])) {
    const object = listedTag(after, name);
    if (object === listedTag(before, name) || !isIndexed(name)) continue;
    compared++;
    const indexed = index.objectOf(name);
    if (object === undefined) {
      if (indexed !== null) gone.push(name);
    } else if (indexed !== object) {
      toRead.push({ name, object });
      if (indexed !== null) reindexed.add(name);
    }
  }
  return { toRead, reindexed, gone, compared };
}

/** Registry tags (GTO's grammar) and Model Ledger's metadata records. */
function isIndexed(tag: string): boolean {
  // A GTO name has an "@" or a "#": most other tags (releases, builds) are turned away without a regex.
  if (tag.startsWith(METADATA_TAG_PREFIX)) return parseMetadataTagName(tag) !== null || parseTagName(tag) !== null;
  return (tag.includes('@') || tag.includes('#')) && parseTagName(tag) !== null;
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
