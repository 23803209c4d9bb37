import { isRecord } from '../common/records';
import { readGateResult, type GateResult } from './governance/gateResult';

/**
 * The message of a registry tag. GTO writes one line ("Registering artifact churn version
 * v1.2.0"); Model Ledger writes the same first line, the description as the body, and its
 * metadata as one JSON trailer line at the end:
 *
 *   Registering artifact churn version v1.2.0
 *
 *   Gradient boosting, lr 0.05
 *
 *   Model-Ledger: {"format":1,"run":"…","artifact":{"path":"models/churn.pkl","sha256":"…","size":1234},"data":[…],…}
 *
 * The trailer is the only part read back: one JSON line survives any description (several
 * paragraphs, lines starting with "#", trailing spaces) and git's message clean-up. A message
 * without it (a tag written by `gto` or by hand) reads as a tag with no metadata.
 */

export const METADATA_TRAILER = 'Model-Ledger';
export const METADATA_FORMAT = 1;
const SHA256 = /^[0-9a-f]{64}$/;

export interface TagArtifact {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  sha256: string | null;
  size: number | null;
}

export type DatasetRole = 'training' | 'evaluation';
export const DATASET_ROLES: readonly DatasetRole[] = ['training', 'evaluation'];

/** A dataset a version was trained or evaluated on, as its registration recorded it. */
export interface TagDataset {
  /** Relative to the repository root with `/` separators; absolute, or a URI, for data outside it. */
  path: string;
  /** The content's SHA-256 when registered (a folder: the registry's listing hash); null when unknown. */
  sha256: string | null;
  role: DatasetRole;
  /** The sha256 of its stored profile (`.modelledger/profiles/<sha256>.json`), when one was made. */
  profile: string | null;
}

export interface TagMetadata {
  /** The run the version came from. */
  run: string | null;
  artifact: TagArtifact | null;
  /** The run's metrics when registered (last value of each finite series). */
  metrics: Record<string, number>;
  description: string | null;
  /** The working tree (or the run) had uncommitted changes when the version was registered. */
  dirty: boolean;
  /** On a stage tag: the version it is meant for (GTO finds it from the tag's commit). */
  version: string | null;
  /** The data it was trained and evaluated on; written only when not empty, so older readers see the same message. */
  data: TagDataset[];
  /** On a stage tag: how the promotion was gated (rules, outcome, override); absent when no gate ran. */
  gate?: GateResult;
  /** Labels of the version (a metadata record or a registration); written only when not empty. */
  labels: string[];
  /** On a deprecation tag: why the model was deprecated. */
  reason: string | null;
}

export function emptyMetadata(): TagMetadata {
  return { run: null, artifact: null, metrics: {}, description: null, dirty: false, version: null, data: [], labels: [], reason: null };
}

export interface TagMessage {
  subject: string;
  metadata: TagMetadata | null;
}

/** The whole message to give `git tag -a` (written verbatim, so it reads back byte for byte). */
export function formatTagMessage(subject: string, metadata: TagMetadata): string {
  const description = metadata.description?.trim();
  const json: Record<string, unknown> = { format: METADATA_FORMAT };
  if (metadata.run !== null) json.run = metadata.run;
  if (metadata.artifact !== null) json.artifact = metadata.artifact;
  if (Object.keys(metadata.metrics).length > 0) json.metrics = metadata.metrics;
  if (metadata.description !== null) json.description = metadata.description;
  if (metadata.dirty) json.dirty = true;
  if (metadata.version !== null) json.version = metadata.version;
  if (metadata.data.length > 0) json.data = metadata.data;
  if (metadata.gate !== undefined) json.gate = metadata.gate;
  if (metadata.labels.length > 0) json.labels = metadata.labels;
  if (metadata.reason !== null) json.reason = metadata.reason;
  const parts = [subject.replace(/\s*\n\s*/g, ' ').trim()];
  if (description) parts.push(description);
  parts.push(`${METADATA_TRAILER}: ${JSON.stringify(json)}`);
  return parts.join('\n\n') + '\n';
}

/** Reads a tag message written by Model Ledger, `gto` or a person; never throws. */
export function parseTagMessage(message: string): TagMessage {
  const text = stripSignature(message);
  const subject = text.split('\n', 1)[0]!.trim();
  const prefix = `${METADATA_TRAILER}: `;
  const lines = text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith(prefix)) break; // the trailer is the last non-empty line, or there is none
    return { subject, metadata: readMetadata(line.slice(prefix.length)) };
  }
  return { subject, metadata: null };
}

/** A signed tag's message ends with its signature block; it is not part of the text. */
function stripSignature(message: string): string {
  const at = message.search(/^-----BEGIN (?:PGP|SSH) SIGNATURE-----$/m);
  return at < 0 ? message : message.slice(0, at);
}

function readMetadata(json: string): TagMetadata | null {
  const data = parseJson(json);
  if (!isRecord(data) || typeof data.format !== 'number') return null;
  return metadataFields(data);
}

/**
 * Metadata as the store's tag index kept it (the fields, without `format`): rows indexed before
 * the data list existed lack it. Read through the same checks as a message.
 */
export function metadataFromIndex(json: string): TagMetadata | null {
  const data = parseJson(json);
  return isRecord(data) ? metadataFields(data) : null;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined; // not JSON: read as no metadata, as a tag written by hand
  }
}

// A later format keeps these fields' meaning; what this version does not know is ignored.
function metadataFields(data: Record<string, unknown>): TagMetadata {
  const gate = readGateResult(data.gate);
  return {
    ...(gate !== null ? { gate } : {}),
    run: typeof data.run === 'string' ? data.run : null,
    artifact: readArtifact(data.artifact),
    metrics: readMetrics(data.metrics),
    description: typeof data.description === 'string' ? data.description : null,
    dirty: data.dirty === true,
    version: typeof data.version === 'string' ? data.version : null,
    data: readData(data.data),
    labels: Array.isArray(data.labels) ? data.labels.filter((l): l is string => typeof l === 'string' && l !== '') : [],
    reason: typeof data.reason === 'string' ? data.reason : null,
  };
}

function readArtifact(value: unknown): TagArtifact | null {
  if (!isRecord(value) || typeof value.path !== 'string') return null;
  return {
    path: value.path,
    sha256: typeof value.sha256 === 'string' && SHA256.test(value.sha256) ? value.sha256 : null,
    size: typeof value.size === 'number' && Number.isSafeInteger(value.size) && value.size >= 0 ? value.size : null,
  };
}

/** Each entry that names a path and a known role; an entry this version cannot read is left out, not guessed. */
function readData(value: unknown): TagDataset[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry): TagDataset[] => {
    if (!isRecord(entry) || typeof entry.path !== 'string' || entry.path === '') return [];
    if (!(DATASET_ROLES as readonly unknown[]).includes(entry.role)) return [];
    return [{
      path: entry.path,
      sha256: typeof entry.sha256 === 'string' && SHA256.test(entry.sha256) ? entry.sha256 : null,
      role: entry.role as DatasetRole,
      profile: typeof entry.profile === 'string' && SHA256.test(entry.profile) ? entry.profile : null,
    }];
  });
}

function readMetrics(value: unknown): Record<string, number> {
  // A null prototype keeps a metric named __proto__ an ordinary key.
  const metrics: Record<string, number> = Object.create(null);
  if (!isRecord(value)) return metrics;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'number' && Number.isFinite(v)) metrics[key] = v;
  return metrics;
}

// ---- first lines, worded as `gto` words them (gto/registry.py), so `gto history` reads the same ----

export const subjects = {
  register: (model: string, version: string) => `Registering artifact ${model} version ${version}`,
  deregister: (model: string, version: string) => `Deregistering artifact ${model} version ${version}`,
  assign: (model: string, version: string, stage: string) => `Assigning stage ${stage} to artifact ${model} version ${version}`,
  unassign: (model: string, version: string, stage: string) => `Unassigning stage '${stage}' to artifact '${model}' version '${version}'`,
  deprecate: (model: string) => `Deprecating artifact '${model}'`,
};
