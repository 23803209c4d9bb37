import type Database from 'better-sqlite3';
import type { MetadataRecord } from '../core/governance/metadataRecord';
import type { TagAction } from '../core/gto';
import type { RegistryEvent } from '../core/registryState';
import { metadataFromIndex } from '../core/tagMessage';

/** A tag as the registry index keeps it: its name and object, and its event when GTO reads it. */
export interface IndexedTag {
  name: string;
  object: string;
  event: RegistryEvent | null;
}

/** An artifact a dvc.yaml (`artifacts:`) or a legacy artifacts.yaml declares. */
export interface DeclaredArtifact {
  /** GTO's name: `folder:name` for an artifact of a nested dvc.yaml. */
  name: string;
  type: string | null;
  /** Relative to the repository root, with `/` separators. */
  path: string | null;
  description: string | null;
  /** Its labels, when read from the file (the index does not keep them). */
  labels?: string[];
  /** The file that declares it, relative to the repository root. */
  file: string;
}

interface TagRow {
  name: string;
  object: string;
  model: string | null;
  action: TagAction | null;
  version: string | null;
  stage: string | null;
  counter: number | null;
  git_commit: string | null;
  at: number | null;
  actor: string | null;
  subject: string | null;
  metadata_json: string | null;
}

/**
 * The index of registry tags (migration 3). Writes go inside a store write. Metadata records
 * (core/governance/metadataRecord.ts) are indexed beside them with no action: the same incremental
 * scan and push cover them, and no event query sees them.
 */
export class RegistryIndex {
  // Prepared once: a full scan puts thousands of tags, and preparing a statement costs more than running it.
  private readonly insertTag;
  private readonly selectModel;
  private readonly selectObject;
  private readonly selectEvents;
  private readonly selectRecords;

  constructor(private readonly db: Database.Database) {
    this.insertTag = db.prepare(
      `INSERT OR REPLACE INTO registry_tags (name, object, model, action, version, stage, counter, git_commit, at, actor, subject, metadata_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectModel = db.prepare<[string], { model: string | null }>('SELECT model FROM registry_tags WHERE name = ?');
    this.selectObject = db.prepare<[string], { object: string }>('SELECT object FROM registry_tags WHERE name = ?');
    this.selectEvents = db.prepare<[string], TagRow>('SELECT * FROM registry_tags WHERE model = ? AND action IS NOT NULL');
    this.selectRecords = db.prepare<[string], TagRow>('SELECT * FROM registry_tags WHERE model = ? AND action IS NULL');
  }

  /** Tag name → object of every indexed tag: what a scan compares git's list against. */
  knownObjects(): Map<string, string> {
    const rows = this.db.prepare<[], { name: string; object: string }>('SELECT name, object FROM registry_tags').raw().all() as unknown as [string, string][];
    return new Map(rows);
  }

  /** Whether no tag is indexed (a store that never scanned, or whose repository has no registry tag). */
  isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM registry_tags LIMIT 1').get() === undefined;
  }

  /** The object an indexed tag was read from; null when the tag is not indexed. */
  objectOf(name: string): string | null {
    return this.selectObject.get(name)?.object ?? null;
  }

  /** Records a tag (over the one of that name, if indexed). */
  put(tag: IndexedTag): void {
    const e = tag.event;
    this.insertTag.run(
      tag.name, tag.object, e?.model ?? null, e?.action ?? null, e?.version ?? null, e?.stage ?? null, e?.counter ?? null,
      e?.commit ?? null, e?.at ?? null, e?.actor ?? null, e?.subject ?? null, e?.metadata ? JSON.stringify(e.metadata) : null,
    );
  }

  /** Records a metadata record's tag (over the one of that name, if indexed). */
  putRecord(object: string, commit: string | null, subject: string, record: MetadataRecord): void {
    const metadata = JSON.stringify({ description: record.description, labels: record.labels });
    this.insertTag.run(record.tag, object, record.model, null, record.version, null, record.counter, commit, record.at, record.actor, subject, metadata);
  }

  /** A model's metadata records, any order. */
  metadataRecords(model: string): MetadataRecord[] {
    return this.selectRecords.all(model).map((row) => {
      const data = metadataFromIndex(row.metadata_json ?? '{}');
      return { tag: row.name, model, version: row.version ?? '', counter: row.counter ?? 0, at: row.at ?? 0, actor: row.actor, description: data?.description ?? null, labels: data?.labels ?? [] };
    });
  }

  /** Drops a tag that is gone from git; returns the model it belonged to. */
  remove(name: string): string | null {
    const model = this.modelOf(name);
    this.db.prepare('DELETE FROM registry_tags WHERE name = ?').run(name);
    return model;
  }

  modelOf(name: string): string | null {
    return this.selectModel.get(name)?.model ?? null;
  }

  /** A model's events, in no particular order (core/registryState.ts orders them). */
  events(model: string): RegistryEvent[] {
    return this.selectEvents.all(model).map(eventFromRow);
  }

  /** Models of a nested dvc.yaml (named `folder:name`) with a tag; a walk of the model index alone, no row read. */
  nestedModels(): string[] {
    return this.db
      .prepare<[], { model: string }>("SELECT DISTINCT model FROM registry_tags WHERE model GLOB '*:*'")
      .all()
      .map((r) => r.model);
  }

  /** Every model that has at least one event, sorted. */
  models(): string[] {
    return this.db
      .prepare<[], { model: string }>('SELECT DISTINCT model FROM registry_tags WHERE model IS NOT NULL AND action IS NOT NULL ORDER BY model')
      .all()
      .map((r) => r.model);
  }

  /** Models with an event on `commit` (for "what is registered at HEAD"). */
  modelsAtCommit(commit: string): string[] {
    return this.db
      .prepare<[string], { model: string }>('SELECT DISTINCT model FROM registry_tags WHERE git_commit = ? AND model IS NOT NULL AND action IS NOT NULL ORDER BY model')
      .all(commit)
      .map((r) => r.model);
  }

  declared(): Map<string, DeclaredArtifact> {
    const rows = this.db.prepare<[], DeclaredArtifact>('SELECT name, type, path, description, file FROM registry_declared').all();
    return new Map(rows.map((r) => [r.name, r]));
  }

  /** Replaces the declared artifacts; returns the names whose declaration changed (added, edited, removed). */
  replaceDeclared(artifacts: ReadonlyMap<string, DeclaredArtifact>): string[] {
    const before = this.declared();
    const changed: string[] = [];
    for (const [name, a] of artifacts) {
      const old = before.get(name);
      if (old && old.type === a.type && old.path === a.path && old.description === a.description && old.file === a.file) continue;
      changed.push(name);
      this.db.prepare('INSERT OR REPLACE INTO registry_declared (name, type, path, description, file) VALUES (?, ?, ?, ?, ?)').run(name, a.type, a.path, a.description, a.file);
    }
    for (const name of before.keys()) {
      if (artifacts.has(name)) continue;
      changed.push(name);
      this.db.prepare('DELETE FROM registry_declared WHERE name = ?').run(name);
    }
    return changed;
  }
}

function eventFromRow(row: TagRow): RegistryEvent {
  return {
    tag: row.name,
    action: row.action!,
    model: row.model!,
    version: row.version,
    stage: row.stage,
    counter: row.counter,
    commit: row.git_commit!,
    at: row.at!,
    actor: row.actor,
    subject: row.subject ?? '',
    metadata: row.metadata_json === null ? null : metadataFromIndex(row.metadata_json),
  };
}

