import { parseResolveRef } from '../../core/artifacts/resolveRef';
import { UserError } from '../../core/errors';
import type { ModelVersion } from '../../core/types';
import { formatVersionRef, resolveVersionRef, type VersionRef } from '../../core/versionRef';
import type { Store } from '../../store/store';
import type { Registry } from '../registry';

/** A registered version's artifact as its registration recorded it: what `resolve` hands back. */
export interface VersionArtifact {
  /** The reference as given (`churn#prod`). */
  ref: string;
  model: string;
  version: string;
  /** The git registry's tags, or an imported MLflow registry (file store or mlflow.db). */
  registry: 'git' | 'mlflow';
  /** The version's commit (git registry); null for MLflow's. */
  commit: string | null;
  /** `/`-separated: relative to the repository root (git registry) or to the workspace (the copy an MLflow import found). */
  path: string;
  sha256: string;
  size: number | null;
  /** What MLflow recorded as the version's source; null for the git registry. */
  mlflowSource: string | null;
}

/**
 * The artifact of the version `refText` names: in the git registry when it has the model (its
 * tags are scanned first), else in an MLflow registry imported into the store. When both have a
 * model of that name, the git registry wins for a reference it resolves; one it cannot resolve
 * (`churn@3`, `churn#champion`) is looked up in MLflow, and when that fails too the error names both.
 * A version whose artifact path or sha256 is unknown, or whose path leads out of its folder, is a
 * UserError saying so.
 */
export async function findVersionArtifact(registry: Registry, store: Store, refText: string): Promise<VersionArtifact> {
  const ref = parseResolveRef(refText);
  await registry.scan();
  const model = registry.model(ref.model);
  if (model === null) return mlflowArtifact(store, ref, refText);
  let version: ReturnType<typeof resolveVersionRef>;
  try {
    version = resolveVersionRef(model, ref);
  } catch (gitError) {
    if (!(gitError instanceof UserError) || mlflowVersions(store, ref.model).length === 0) throw gitError;
    try {
      return mlflowArtifact(store, ref, refText);
    } catch (mlflowError) {
      if (!(mlflowError instanceof UserError)) throw mlflowError;
      throw new UserError(`${ref.model} is both a git-registry model and an imported MLflow model, and neither resolves ${refText}: git registry: ${gitError.message} MLflow: ${mlflowError.message}`, { cause: mlflowError });
    }
  }
  const artifact = version.metadata?.artifact;
  const label = `${ref.model} ${version.version}`;
  if (!artifact) throw new UserError(`${label} records no artifact (registered without Model Ledger's metadata, e.g. by gto): there is no path to resolve.`);
  if (!artifact.sha256) throw new UserError(`${label} records no sha256 for ${artifact.path}: its artifact cannot be verified, so it is not resolved.`);
  const recorded = recordedPath(label, artifact.path);
  return { ref: refText, model: ref.model, version: version.version, registry: 'git', commit: version.commit, path: recorded, sha256: artifact.sha256, size: artifact.size, mlflowSource: null };
}

function mlflowArtifact(store: Store, ref: VersionRef, refText: string): VersionArtifact {
  const version = mlflowVersion(store, ref);
  const label = `${ref.model} ${version.version} (MLflow)`;
  if (version.artifact === null) throw new UserError(notInWorkspace(label, version.artifactSource));
  if (!version.artifact.sha256) throw new UserError(`${label}: its artifact ${version.artifact.path} could not be hashed when it was imported; import the store again.`);
  return {
    ref: refText,
    model: ref.model,
    version: version.version,
    registry: 'mlflow',
    commit: null,
    path: recordedPath(label, version.artifact.path),
    sha256: version.artifact.sha256,
    size: version.artifact.size,
    mlflowSource: version.artifactSource,
  };
}

function mlflowVersions(store: Store, model: string) {
  return store.models.versions(model).filter((v) => v.origin.source === 'mlflow' || v.origin.source === 'mlflow-db');
}

/** The imported MLflow version a reference names: a number, an alias or stage (`#champion`, `#production`), or the greatest. */
function mlflowVersion(store: Store, ref: VersionRef): ModelVersion {
  const versions = mlflowVersions(store, ref.model);
  if (versions.length === 0) throw new UserError(`No model named ${ref.model} in the git registry or in an imported MLflow registry; "model-ledger models" lists them.`);
  const live = versions.filter((v) => !v.deregistered);
  const found =
    ref.kind === 'version'
      ? versions.find((v) => v.version === ref.version)
      : ref.kind === 'stage'
        ? live.find((v) => v.stages.includes(ref.stage))
        : live.sort((a, b) => Number(b.version) - Number(a.version))[0];
  if (!found) throw new UserError(`${formatVersionRef(ref)} names no version of the MLflow model ${ref.model} (versions ${versions.map((v) => v.version).join(', ')}).`);
  return found;
}

/**
 * A recorded path, normalized (`models/churn.pkl/`, `./models//churn.pkl` read as `models/churn.pkl`):
 * a tag or a store is input like any other. One that is absolute, climbs out, or names nothing
 * (empty, `.`) is refused by name.
 */
function recordedPath(label: string, artifactPath: string): string {
  const shown = artifactPath.replaceAll('\0', '\\0');
  if (artifactPath.startsWith('/') || /^[a-zA-Z]:/.test(artifactPath) || artifactPath.split(/[\\/]/).includes('..') || artifactPath.includes('\0')) {
    throw new UserError(`${label} records the artifact path "${shown}", which leads outside the repository; it is not followed.`);
  }
  const parts = artifactPath.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  if (parts.length === 0) throw new UserError(`${label} records the artifact path "${shown}", which names no file or folder; there is nothing to resolve.`);
  return parts.join('/');
}

/** Why an MLflow version has no artifact here, and what to do: a server's URI needs MLflow to download it. */
function notInWorkspace(label: string, source: string | null): string {
  if (source === null) return `${label} records no artifact source: there is nothing to resolve.`;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(source)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'file' && scheme !== 'runs' && scheme !== 'models' && scheme.length > 1) {
    return `${label}: MLflow keeps its artifact at ${source}, a remote store Model Ledger does not download from; fetch it with "mlflow artifacts download --artifact-uri ${source} --dst-path DIR" (with MLFLOW_TRACKING_URI set to the server), or copy it into mlruns/ or mlartifacts/ here and import again.`;
  }
  return `${label}: its artifact (MLflow recorded ${source}) is not in this workspace's MLflow store (mlruns/, mlartifacts/); copy it there and import again, or, when a tracking server keeps it, fetch it with "mlflow artifacts download --artifact-uri ${source} --dst-path DIR".`;
}
