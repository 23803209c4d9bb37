import type Database from 'better-sqlite3';
import type { ModelState, VersionState } from '../core/registryState';
import type { DeclaredArtifact } from './registryIndex';
import type { Store } from './store';

export type GitModelWrite = 'written' | 'removed' | 'unchanged' | 'foreign';

/**
 * Writes a model resolved from git tags (and its dvc.yaml declaration) into the tables the views
 * and export read: the model, its versions (deregistered ones flagged) with their datasets, and one stage event per
 * stage it holds now. Only the current holders go into stage_events: GTO's resolution (counters,
 * deregistered versions dropping out) is done once, in core/registryState.ts, and the timeline
 * stays in the tag index. A model recorded from another source (an MLflow registry) is left alone:
 * 'foreign'. Call inside a store write.
 */
export function writeGitModel(
  store: Store,
  name: string,
  state: ModelState | null,
  declared: DeclaredArtifact | null,
  /** Per version, its description now (a later metadata record's over its registration's). */
  descriptions: ReadonlyMap<string, string | null> = new Map(),
): GitModelWrite {
  const sql = statements(store.db);
  const owner = sql.owner.get(name);
  if (owner && owner.origin_source !== 'git') return 'foreign';
  const hasTags = state !== null && state.events.length > 0;
  // A declaration alone makes a model only for artifacts of type model (or of no type).
  const declaredModel = declared !== null && (declared.type === null || declared.type === 'model');
  if (!hasTags && !declaredModel) {
    if (!owner) return 'unchanged';
    sql.deleteGitVersions.run(name);
    if (sql.countVersions.get(name)!.n === 0) sql.deleteModel.run(name);
    return 'removed';
  }
  if (!owner) sql.insertModel.run(name, state?.createdAt || Date.now());
  sql.updateModel.run(declared?.description ?? null, state?.deprecated ? 1 : 0, name);

  // A model new to the store has no versions, datasets or stages to replace (they cascade from
  // its row): a first scan skips ten statements that would find nothing per model of eight versions.
  const versions = state?.versions ?? [];
  for (const v of versions) {
    sql.upsertVersion.run(versionRow(name, v, declared, descriptions.has(v.version) ? descriptions.get(v.version)! : (v.metadata?.description ?? null)));
    if (owner) sql.deleteDatasets.run(name, v.version);
    for (const d of v.metadata?.data ?? []) sql.insertDataset.run(name, v.version, d.role, d.path, d.sha256, d.profile);
  }
  if (owner) {
    sql.deleteGitVersionsExcept.run(name, JSON.stringify(versions.map((v) => v.version)));
    sql.deleteGitStages.run(name);
  }
  for (const h of state?.stages ?? []) sql.insertStage.run(name, h.version, h.stage, h.since, h.actor);
  return 'written';
}

function versionRow(model: string, v: VersionState, declared: DeclaredArtifact | null, description: string | null) {
  const artifact = v.metadata?.artifact ?? (declared?.path ? { path: declared.path, sha256: null, size: null } : null);
  return {
    model,
    version: v.version,
    runId: v.metadata?.run ?? null,
    commit: v.commit,
    path: artifact?.path ?? null,
    sha256: artifact?.sha256 ?? null,
    size: artifact?.size ?? null,
    description,
    metrics: JSON.stringify(v.metadata?.metrics ?? {}),
    createdAt: v.createdAt,
    createdBy: v.createdBy,
    deregistered: v.active ? 0 : 1,
    tag: v.tag,
  };
}

type Statements = ReturnType<typeof prepare>;
const cache = new WeakMap<Database.Database, Statements>();

/** Prepared once per connection: a full scan writes hundreds of models, and preparing costs more than running. */
function statements(db: Database.Database): Statements {
  let s = cache.get(db);
  if (!s) {
    s = prepare(db);
    cache.set(db, s);
  }
  return s;
}

function prepare(db: Database.Database) {
  return {
    owner: db.prepare<[string], { origin_source: string }>('SELECT origin_source FROM models WHERE name = ?'),
    insertModel: db.prepare(`INSERT INTO models (name, description, created_at, origin_source, origin_id) VALUES (?, NULL, ?, 'git', NULL)`),
    updateModel: db.prepare('UPDATE models SET description = ?, deprecated = ? WHERE name = ?'),
    deleteModel: db.prepare('DELETE FROM models WHERE name = ?'),
    countVersions: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM model_versions WHERE model_name = ?'),
    // An update in place (not REPLACE, which deletes first) keeps the version's stage events, as ModelQueries does.
    upsertVersion: db.prepare(
      `INSERT INTO model_versions (model_name, version, run_id, git_commit, artifact_path, artifact_sha256, artifact_size,
         artifact_source, artifact_stamp, description, metrics_json, created_at, created_by, deregistered, origin_source, origin_id)
       VALUES (@model, @version, @runId, @commit, @path, @sha256, @size, NULL, NULL, @description, @metrics, @createdAt, @createdBy, @deregistered, 'git', @tag)
       ON CONFLICT (model_name, version) DO UPDATE SET
         run_id = excluded.run_id, git_commit = excluded.git_commit, artifact_path = excluded.artifact_path,
         artifact_sha256 = excluded.artifact_sha256, artifact_size = excluded.artifact_size, artifact_source = NULL,
         artifact_stamp = NULL, description = excluded.description,
         metrics_json = excluded.metrics_json, created_at = excluded.created_at, created_by = excluded.created_by,
         deregistered = excluded.deregistered, origin_source = excluded.origin_source, origin_id = excluded.origin_id`,
    ),
    deleteDatasets: db.prepare('DELETE FROM version_datasets WHERE model_name = ? AND version = ?'),
    // OR IGNORE: a hand-written tag may list a path twice in one role; the first entry is kept.
    insertDataset: db.prepare('INSERT OR IGNORE INTO version_datasets (model_name, version, role, path, sha256, profile) VALUES (?, ?, ?, ?, ?, ?)'),
    deleteGitVersions: db.prepare(`DELETE FROM model_versions WHERE model_name = ? AND origin_source = 'git'`),
    deleteGitVersionsExcept: db.prepare(
      `DELETE FROM model_versions WHERE model_name = ? AND origin_source = 'git' AND version NOT IN (SELECT value FROM json_each(?))`,
    ),
    deleteGitStages: db.prepare(`DELETE FROM stage_events WHERE model_name = ? AND origin_source = 'git'`),
    insertStage: db.prepare(
      `INSERT INTO stage_events (model_name, version, stage, action, at, actor, origin_source, origin_id) VALUES (?, ?, ?, 'assign', ?, ?, 'git', NULL)`,
    ),
  };
}
