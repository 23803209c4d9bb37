import * as fs from 'node:fs';
import * as path from 'node:path';
import { errorMessage } from '../../core/errors';
import type { ModelVersion, Origin, StageEvent } from '../../core/types';
import { replaceStageEventsFromSource } from '../../store/stageEventsBySource';
import { stageOf } from '../mlflowConventions';
import type { IngestContext } from '../types';
import { REGISTRY_FOLDER } from './layout';
import type { Meta } from '../../core/mlflowMeta';
import { readMeta } from './meta';
import { listFolder, readSmallFile } from './sourceFiles';
import { fileStoreArtifactRoots } from '../../artifacts/mlflowArtifactDir';
import { resolveVersionArtifact } from './versionArtifacts';

/** The store being imported: its path relative to the workspace, and where its artifacts can be. */
interface StorePaths {
  rel: string;
  artifactRoots: string[];
}

/** An alias file holds a version number. */
const MAX_ALIAS_BYTES = 1024;
/** MLflow marks a deleted version this way and keeps its folder only so the number is never reused. */
const DELETED_STAGE = 'deleted_internal';

interface RegisteredModelRead {
  dir: string;
  name: string;
  description: string | null;
  createdAt: number;
  origin: Origin;
  versions: VersionRead[];
  events: StageEvent[];
}

/** A version with its artifact's stamp when hashed (see resolveVersionArtifact). */
interface VersionRead {
  version: ModelVersion;
  artifactStamp: string | null;
}

/**
 * Imports the registry of an MLflow file store (`models/<name>/`), one transaction per model,
 * as the mlflow.db importer does: live versions (named by MLflow's version number) with their
 * run, and stages from the registry's current state, a version's Production or Staging stage
 * and each alias as a stage of that name on its version. Each version's artifact is looked for
 * in this store (wherever MLflow's source says it was) and hashed, before the transaction. A
 * model already recorded from another source (Model Ledger's own registry, another MLflow store)
 * is left alone, with a diagnostic. Returns the number of models imported.
 */
export function importRegistry(ctx: IngestContext, storeDir: string, storeRel: string): number {
  const registryDir = path.join(storeDir, REGISTRY_FOLDER);
  if (!fs.existsSync(registryDir)) return 0;
  const paths: StorePaths = { rel: storeRel, artifactRoots: fileStoreArtifactRoots(storeDir) };
  let imported = 0;
  for (const modelDir of listFolder(ctx, registryDir).dirs) {
    const model = readRegisteredModel(ctx, modelDir, paths);
    if (model === null) continue;
    try {
      if (ctx.store.write(() => writeModel(ctx, model))) imported += 1;
    } catch (error) {
      ctx.diagnostics.error(modelDir, `registered model not imported: ${errorMessage(error)}`);
    }
  }
  return imported;
}

function writeModel(ctx: IngestContext, model: RegisteredModelRead): boolean {
  const { store } = ctx;
  const owner = store.models.origin(model.name);
  if (owner && owner.source !== 'mlflow') {
    ctx.diagnostics.error(model.dir, `a model named "${model.name}" is already in the store from ${owner.source}; skipped`);
    return false;
  }
  // Two MLflow stores of one workspace can both register a model under one name; the first
  // imported keeps it, rather than each import replacing the other's versions. Model rows keep
  // no store path, so the store is told by where the runs behind its versions were imported from.
  const otherStore = store.models.versionRunPaths(model.name, 'mlflow').find((p) => p !== model.origin.path);
  if (otherStore !== undefined) {
    ctx.diagnostics.error(model.dir, `a model named "${model.name}" is already imported from the MLflow store at ${otherStore}; skipped`);
    return false;
  }
  store.models.upsertModel(model);
  for (const { version, artifactStamp } of model.versions) {
    // The version's commit is its run's, when that run has been imported.
    const commit = version.runId === null ? null : (store.runs.get(version.runId)?.git?.commit ?? null);
    store.models.upsertVersion({ ...version, commit }, artifactStamp);
  }
  store.models.deleteVersionsExcept(model.name, 'mlflow', model.versions.map((v) => v.version.version));
  // Stage events keep no path: the store's path is their origin id, so each import replaces its own.
  replaceStageEventsFromSource(store, model.name, { source: 'mlflow', id: model.origin.path, path: model.origin.path }, model.events);
  return true;
}

function readRegisteredModel(ctx: IngestContext, dir: string, paths: StorePaths): RegisteredModelRead | null {
  const meta = readMeta(ctx, path.join(dir, 'meta.yaml'));
  if (meta === null) return null;
  const name = meta.text('name') || path.basename(dir);
  const versions: VersionRead[] = [];
  const events: StageEvent[] = [];
  for (const versionDir of listFolder(ctx, dir).dirs.filter((d) => /^version-\d+$/.test(path.basename(d)))) {
    const versionMeta = readMeta(ctx, path.join(versionDir, 'meta.yaml'));
    const stage = (versionMeta?.text('current_stage') ?? '').toLowerCase();
    if (versionMeta === null || stage === DELETED_STAGE) continue;
    const version = readVersion(name, versionDir, versionMeta, paths.rel);
    const found = version.artifactSource === null ? null : resolveVersionArtifact(ctx, paths.artifactRoots, version.artifactSource, ctx.store.models.hashedArtifact(name, version.version));
    versions.push({ version: { ...version, artifact: found?.artifact ?? null }, artifactStamp: found?.stamp ?? null });
    // MLflow keeps no transition history: the version's last update is the closest time it has.
    const at = versionMeta.integer('last_updated_timestamp') ?? version.createdAt;
    const mapped = stageOf(stage);
    if (mapped) events.push({ model: name, version: version.version, stage: mapped, action: 'assign', at, actor: null });
  }
  // An alias has no time of its own either: the model's last update is the latest it can have been set.
  const aliasedAt = meta.integer('last_updated_timestamp') ?? meta.integer('creation_timestamp') ?? 0;
  for (const [alias, version] of readAliases(ctx, dir)) {
    if (versions.some((v) => v.version.version === version)) {
      events.push({ model: name, version, stage: alias, action: 'assign', at: aliasedAt, actor: null });
    } else {
      ctx.diagnostics.warning(path.join(dir, 'aliases', alias), `alias points to version ${version}, which the registry does not hold; skipped`);
    }
  }
  return {
    dir,
    name,
    description: meta.text('description') || null,
    createdAt: meta.integer('creation_timestamp') ?? 0,
    origin: { source: 'mlflow', id: name, path: paths.rel },
    versions,
    events: events.sort((a, b) => a.at - b.at),
  };
}

function readVersion(model: string, dir: string, meta: Meta, storeRel: string): ModelVersion {
  const version = String(meta.integer('version') ?? Number(path.basename(dir).slice('version-'.length)));
  const source = meta.text('source');
  return {
    model,
    version,
    runId: meta.text('run_id') || null,
    commit: null,
    artifact: null,
    artifactSource: source || null,
    description: meta.text('description') || null,
    metrics: {},
    createdAt: meta.integer('creation_timestamp') ?? 0,
    createdBy: meta.text('user_id') || null,
    deregistered: false,
    origin: { source: 'mlflow', id: `${model}/${version}`, path: storeRel },
  };
}

/** `aliases/<alias>` files, each holding the number of the version it points to. */
function readAliases(ctx: IngestContext, modelDir: string): [string, string][] {
  const aliasesDir = path.join(modelDir, 'aliases');
  if (!fs.existsSync(aliasesDir)) return [];
  const aliases: [string, string][] = [];
  for (const file of listFolder(ctx, aliasesDir).files) {
    const bytes = readSmallFile(ctx, file, MAX_ALIAS_BYTES);
    if (bytes !== null) aliases.push([path.basename(file), bytes.toString('utf8').trim()]);
  }
  return aliases;
}
