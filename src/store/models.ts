import type Database from 'better-sqlite3';
import { stagesByVersion } from '../core/stages';
import type { ModelVersion, Origin, RegisteredModel, StageEvent } from '../core/types';
import { originFromRow, toFlag, type OriginColumns } from './rows';
import { StatementCache } from './statementCache';

interface ModelRow {
  name: string;
  description: string | null;
  deprecated: number;
  created_at: number;
}

interface VersionRow extends OriginColumns {
  model_name: string;
  version: string;
  run_id: string | null;
  git_commit: string | null;
  artifact_path: string | null;
  artifact_sha256: string | null;
  artifact_size: number | null;
  artifact_source: string | null;
  artifact_stamp: string | null;
  description: string | null;
  metrics_json: string;
  created_at: number;
  created_by: string | null;
  deregistered: number;
}

interface StageRow {
  model_name: string;
  version: string;
  stage: string;
  action: 'assign' | 'unassign';
  at: number;
  actor: string | null;
}

function versionFromRow(row: VersionRow): ModelVersion {
  return {
    model: row.model_name,
    version: row.version,
    runId: row.run_id,
    commit: row.git_commit,
    artifact: row.artifact_path === null ? null : { path: row.artifact_path, sha256: row.artifact_sha256, size: row.artifact_size },
    artifactSource: row.artifact_source,
    description: row.description,
    metrics: JSON.parse(row.metrics_json) as Record<string, number>,
    createdAt: row.created_at,
    createdBy: row.created_by,
    deregistered: row.deregistered === 1,
    origin: originFromRow(row),
  };
}

/** An artifact as it was when its sha256 was computed: with its size, the stamp that says it is unchanged. */
export interface HashedArtifact {
  path: string;
  sha256: string;
  size: number | null;
  /** The artifact's stamp when it was hashed (artifacts/hashArtifact.ts artifactStamp). */
  stamp: string;
}

export interface ModelWithVersions extends RegisteredModel {
  versions: (ModelVersion & { stages: string[] })[];
}

/** Registered models, their versions and stage history. Writes go inside a store write. */
export class ModelQueries {
  private readonly statements: StatementCache;

  constructor(db: Database.Database) {
    this.statements = new StatementCache(db);
  }

  /** Imports upsert every version of every model: each statement is prepared once per connection. */
  private prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    return this.statements.get<P, R>(sql);
  }

  upsertModel(model: { name: string; description: string | null; createdAt: number; origin: Origin }): void {
    this
      .prepare(
        `INSERT INTO models (name, description, created_at, origin_source, origin_id) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET description = ifnull(excluded.description, models.description)`,
      )
      .run(model.name, model.description, model.createdAt, model.origin.source, model.origin.id);
  }

  /** Where a model was first recorded from, to tell whose it is before an import writes over it. */
  origin(name: string): Origin | undefined {
    const row = this.prepare<[string], OriginColumns>('SELECT origin_source, origin_id FROM models WHERE name = ?').get(name);
    return row && originFromRow(row);
  }

  /**
   * The origin paths of the runs behind a model's versions from `source`: the store a model
   * came from, as far as the schema tells it (models and versions keep no origin path).
   */
  versionRunPaths(model: string, source: Origin['source']): string[] {
    return this
      .prepare<[string, string, string], { path: string }>(
        `SELECT DISTINCT r.origin_path AS path FROM model_versions v JOIN runs r ON r.id = v.run_id
         WHERE v.model_name = ? AND v.origin_source = ? AND r.origin_source = ? AND r.origin_path IS NOT NULL ORDER BY 1`,
      )
      .all(model, source, source)
      .map((row) => row.path);
  }

  setDeprecated(name: string, deprecated: boolean): void {
    this.prepare('UPDATE models SET deprecated = ? WHERE name = ?').run(toFlag(deprecated), name);
  }

  /**
   * Inserts or updates a version. An update in place (not REPLACE, which deletes first) keeps its
   * stage events. `artifactStamp` is the artifact's stamp when its sha256 was computed (see
   * artifactStamp), so that a later import can tell whether to hash it again.
   */
  upsertVersion(v: ModelVersion, artifactStamp: string | null = null): void {
    this
      .prepare(
        `INSERT INTO model_versions (model_name, version, run_id, git_commit, artifact_path, artifact_sha256, artifact_size,
           artifact_source, artifact_stamp, description, metrics_json, created_at, created_by, deregistered, origin_source, origin_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (model_name, version) DO UPDATE SET
           run_id = excluded.run_id, git_commit = excluded.git_commit, artifact_path = excluded.artifact_path,
           artifact_sha256 = excluded.artifact_sha256, artifact_size = excluded.artifact_size, artifact_source = excluded.artifact_source,
           artifact_stamp = excluded.artifact_stamp, description = excluded.description,
           metrics_json = excluded.metrics_json, created_at = excluded.created_at, created_by = excluded.created_by,
           deregistered = excluded.deregistered, origin_source = excluded.origin_source, origin_id = excluded.origin_id`,
      )
      .run(
        v.model, v.version, v.runId, v.commit, v.artifact?.path ?? null, v.artifact?.sha256 ?? null, v.artifact?.size ?? null,
        v.artifactSource, v.artifact?.sha256 ? artifactStamp : null,
        v.description, JSON.stringify(v.metrics), v.createdAt, v.createdBy, toFlag(v.deregistered), v.origin.source, v.origin.id,
      );
  }

  /** A version's artifact as its sha256 was last computed, so an import can keep the hash of an artifact that has not changed. */
  hashedArtifact(model: string, version: string): HashedArtifact | undefined {
    return this
      .prepare<[string, string], HashedArtifact>(
        `SELECT artifact_path AS path, artifact_sha256 AS sha256, artifact_size AS size, artifact_stamp AS stamp FROM model_versions
         WHERE model_name = ? AND version = ? AND artifact_path IS NOT NULL AND artifact_sha256 IS NOT NULL AND artifact_stamp IS NOT NULL`,
      )
      .get(model, version);
  }

  /** The git registry's live versions of an artifact (a path in the workspace), as `model@version`, by model then time. */
  gitVersionsOfArtifact(artifactPath: string): { model: string; version: string }[] {
    return this
      .prepare<[string], { model: string; version: string }>(
        `SELECT model_name AS model, version FROM model_versions
         WHERE artifact_path = ? AND origin_source = 'git' AND deregistered = 0 ORDER BY model_name, created_at`,
      )
      .all(artifactPath);
  }

  /** Deletes a model's versions from `source` that are not in `keep`, with their stage events: gone at the source, gone here. */
  deleteVersionsExcept(model: string, source: Origin['source'], keep: readonly string[]): void {
    this
      .prepare(`DELETE FROM model_versions WHERE model_name = ? AND origin_source = ? AND version NOT IN (SELECT value FROM json_each(?))`)
      .run(model, source, JSON.stringify(keep));
  }

  addStageEvent(event: StageEvent, origin: Origin): void {
    this
      .prepare(
        `INSERT INTO stage_events (model_name, version, stage, action, at, actor, origin_source, origin_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(event.model, event.version, event.stage, event.action, event.at, event.actor, origin.source, origin.id);
  }

  list(): RegisteredModel[] {
    return this
      .prepare<[], ModelRow>('SELECT * FROM models ORDER BY name COLLATE NOCASE')
      .all()
      .map((row) => ({ name: row.name, description: row.description, deprecated: row.deprecated === 1, createdAt: row.created_at }));
  }

  /** A model's versions, newest first, each with the stages it holds now. */
  versions(model: string): (ModelVersion & { stages: string[] })[] {
    const stages = stagesByVersion(this.stageEvents(model));
    return this
      .prepare<[string], VersionRow>('SELECT * FROM model_versions WHERE model_name = ? ORDER BY created_at DESC, version DESC')
      .all(model)
      .map((row) => ({ ...versionFromRow(row), stages: stages.get(row.version) ?? [] }));
  }

  stageEvents(model: string): StageEvent[] {
    return this
      .prepare<[string], StageRow>('SELECT model_name, version, stage, action, at, actor FROM stage_events WHERE model_name = ? ORDER BY at, id')
      .all(model)
      .map((row) => ({ model: row.model_name, version: row.version, stage: row.stage, action: row.action, at: row.at, actor: row.actor }));
  }

  withVersions(): ModelWithVersions[] {
    return this.list().map((model) => ({ ...model, versions: this.versions(model.name) }));
  }
}
