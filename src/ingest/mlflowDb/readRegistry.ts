import type Database from 'better-sqlite3';
import type { SourceSchema } from './sourceSchema';

export interface SourceVersion {
  version: number;
  creation_time: number | null;
  last_updated_time: number | null;
  description: string | null;
  user_id: string | null;
  current_stage: string | null;
  source: string | null;
  run_id: string | null;
  /** The git commit of the version's run, when the run is in this database and recorded one. */
  commit: string | null;
}

export interface SourceModel {
  name: string;
  creation_time: number | null;
  last_updated_time: number | null;
  description: string | null;
  versions: SourceVersion[];
  aliases: { alias: string; version: number }[];
}

/** MLflow marks a deleted model version with this stage and redacts its fields instead of deleting the row. */
const DELETED_STAGE = 'Deleted_Internal';

/** The model registry: models, their live versions and aliases. Call inside a read snapshot. */
export function readRegistry(db: Database.Database, schema: SourceSchema): SourceModel[] {
  if (!schema.hasTable('registered_models')) return [];
  const models = db
    .prepare<[], Omit<SourceModel, 'versions' | 'aliases'>>(
      `SELECT name, ${schema.column('registered_models', 'creation_time', 'NULL')}, ${schema.column('registered_models', 'last_updated_time', 'NULL')},
              ${schema.column('registered_models', 'description', 'NULL')}
       FROM registered_models ORDER BY name`,
    )
    .all();
  return models.map((model) => ({ ...model, versions: readVersions(db, schema, model.name), aliases: readAliases(db, schema, model.name) }));
}

function readVersions(db: Database.Database, schema: SourceSchema, model: string): SourceVersion[] {
  if (!schema.hasTable('model_versions')) return [];
  const col = (name: string) => schema.column('model_versions', name, 'NULL');
  return db
    .prepare<[string, string], SourceVersion>(
      `SELECT version, ${col('creation_time')}, ${col('last_updated_time')}, ${col('description')}, ${col('user_id')},
              ${col('current_stage')}, ${col('source')}, ${col('run_id')},
              coalesce(nullif((SELECT t.value FROM tags t WHERE t.run_uuid = mv.run_id AND t.key = 'mlflow.source.git.commit'), ''),
                       nullif((SELECT r.source_version FROM runs r WHERE r.run_uuid = mv.run_id), '')) AS "commit"
       FROM model_versions mv WHERE name = ? AND ifnull(current_stage, '') <> ? ORDER BY version`,
    )
    .all(model, DELETED_STAGE);
}

function readAliases(db: Database.Database, schema: SourceSchema, model: string): SourceModel['aliases'] {
  // Aliases came with MLflow 2.3.
  if (!schema.hasTable('registered_model_aliases')) return [];
  return db
    .prepare<[string], { alias: string; version: number }>('SELECT alias, version FROM registered_model_aliases WHERE name = ? ORDER BY alias')
    .all(model);
}
