import type { Origin, StageEvent } from '../../core/types';
import { replaceStageEventsFromSource } from '../../store/stageEventsBySource';
import type { Store } from '../../store/store';
import { resolveVersionArtifact, type VersionArtifact } from '../mlflow/versionArtifacts';
import { stageOf } from '../mlflowConventions';
import type { IngestContext } from '../types';
import type { SourceModel, SourceVersion } from './readRegistry';

/** The artifact found for each version, by `<model>/<version>`. */
export type VersionArtifacts = ReadonlyMap<string, VersionArtifact>;

/**
 * Each version's artifact in this workspace, looked for under `roots` from MLflow's source and
 * hashed: done between reading the database and writing the store, so neither is held meanwhile.
 */
export function resolveRegistryArtifacts(ctx: IngestContext, models: readonly SourceModel[], roots: readonly string[]): VersionArtifacts {
  const found = new Map<string, VersionArtifact>();
  for (const model of models) {
    for (const v of model.versions) {
      if (!v.source) continue;
      const version = String(v.version);
      found.set(`${model.name}/${version}`, resolveVersionArtifact(ctx, roots, v.source, ctx.store.models.hashedArtifact(model.name, version)));
    }
  }
  return found;
}

/**
 * Writes the registry read from one database: models, versions (named by MLflow's version
 * number, with the artifacts found for them), and stages. A version's current_stage and each alias
 * become a stage held by that version; the stage events this database contributed are replaced as
 * a whole on every import. Call inside a store write.
 */
export function saveRegistry(store: Store, models: readonly SourceModel[], dbRelPath: string, artifacts: VersionArtifacts): void {
  for (const model of models) {
    store.models.upsertModel({
      name: model.name,
      description: model.description || null,
      createdAt: model.creation_time ?? 0,
      origin: { source: 'mlflow-db', id: model.name, path: dbRelPath },
    });
    for (const v of model.versions) {
      const found = artifacts.get(`${model.name}/${v.version}`);
      store.models.upsertVersion(
        {
          model: model.name,
          version: String(v.version),
          runId: v.run_id || null,
          commit: v.commit,
          artifact: found?.artifact ?? null,
          artifactSource: v.source || null,
          description: v.description || null,
          metrics: {},
          createdAt: v.creation_time ?? 0,
          createdBy: v.user_id || null,
          deregistered: false,
          origin: { source: 'mlflow-db', id: `${model.name}/${v.version}`, path: dbRelPath },
        },
        found?.stamp ?? null,
      );
    }
    // Stage events carry no path, so the database's relative path is their origin id.
    const eventsOrigin: Origin = { source: 'mlflow-db', id: dbRelPath, path: dbRelPath };
    replaceStageEventsFromSource(store, model.name, eventsOrigin, stageEvents(model));
  }
}

function stageEvents(model: SourceModel): StageEvent[] {
  const events: StageEvent[] = [];
  for (const v of model.versions) {
    const stage = stageOf(v.current_stage);
    // MLflow keeps no transition history here: the version's last update is the closest time it has.
    if (stage) events.push(assign(model.name, v, stage, v.last_updated_time ?? v.creation_time ?? 0, v.user_id || null));
  }
  for (const { alias, version } of model.aliases) {
    const v = model.versions.find((candidate) => candidate.version === version);
    // An alias has no time of its own; the model's last update is the closest time MLflow keeps.
    if (v) events.push(assign(model.name, v, alias, model.last_updated_time ?? v.creation_time ?? 0, null));
  }
  return events.sort((a, b) => a.at - b.at);
}

function assign(model: string, v: SourceVersion, stage: string, at: number, actor: string | null): StageEvent {
  return { model, version: String(v.version), stage, action: 'assign', at, actor };
}
