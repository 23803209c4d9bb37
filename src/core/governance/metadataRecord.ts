import { UserError } from '../errors';
import { VERSION_PATTERN } from '../semver';

/**
 * A later edit of a version's description and labels. A registration tag cannot change, so an edit
 * is a new annotated tag, `model-ledger/metadata/<name>/<version>/<N>`, whose message carries the
 * whole description and label list as they are from then on (the latest record wins; the earlier
 * ones stay as history, with their tagger and date). The name has neither `@` nor `#`, so GTO and
 * DVC Studio ignore it; it travels with the registry's tags on push and fetch.
 */

export const METADATA_TAG_PREFIX = 'model-ledger/metadata/';

export interface MetadataRecord {
  tag: string;
  model: string;
  version: string;
  counter: number;
  /** Tag time, ms since the epoch. */
  at: number;
  actor: string | null;
  description: string | null;
  labels: string[];
}

const RECORD_RE = new RegExp(`^${METADATA_TAG_PREFIX}(?<artifact>.+)/(?<version>${VERSION_PATTERN})/(?<counter>[1-9][0-9]*)$`);

export function metadataTagName(model: string, version: string, counter: number): string {
  return `${METADATA_TAG_PREFIX}${model.replace(':', '=')}/${version}/${counter}`;
}

/** Reads a metadata record's tag name; null for any other tag. */
export function parseMetadataTagName(tag: string): { model: string; version: string; counter: number } | null {
  const m = RECORD_RE.exec(tag);
  if (!m?.groups) return null;
  const counter = Number(m.groups.counter);
  if (!Number.isSafeInteger(counter)) return null;
  return { model: m.groups.artifact!.replace('=', ':'), version: m.groups.version!, counter };
}

/** The next record's counter for a version: one more than the largest among `tags`. */
export function nextMetadataCounter(model: string, version: string, tags: Iterable<string>): number {
  let max = 0;
  for (const tag of tags) {
    const parsed = parseMetadataTagName(tag);
    if (parsed && parsed.model === model && parsed.version === version && parsed.counter > max) max = parsed.counter;
  }
  return max + 1;
}

export interface CurrentMetadata {
  description: string | null;
  labels: string[];
  /** The record that set them; null while the registration's stand. */
  editedBy: { actor: string | null; at: number; tag: string } | null;
}

/**
 * A version's description and labels now: its latest record's, else its registration's. Records
 * are ordered by their counter, not their time: each writer numbers past every record it has seen,
 * so a later edit from a clock that runs behind still wins.
 */
export function currentMetadata(registration: { description: string | null; labels: string[] } | null, records: readonly MetadataRecord[]): CurrentMetadata {
  const latest = [...records].sort((a, b) => a.counter - b.counter || a.at - b.at).pop();
  if (!latest) return { description: registration?.description ?? null, labels: registration?.labels ?? [], editedBy: null };
  return { description: latest.description, labels: latest.labels, editedBy: { actor: latest.actor, at: latest.at, tag: latest.tag } };
}

const LABEL_RE = /^[\p{L}\p{N}][\p{L}\p{N}._/-]*$/u;
const MAX_LABEL = 50;
const MAX_LABELS = 30;

/**
 * Labels typed as `a, b c`: split on commas and spaces, duplicates dropped, order kept. A label is
 * letters, digits and `._/-`, starting with a letter or digit (they become YAML list items, HF tags
 * and tree text); anything else is a UserError naming it.
 */
export function parseLabels(text: string): string[] {
  const labels = [...new Set(text.split(/[,\s]+/).filter((l) => l !== ''))];
  for (const label of labels) {
    if (label.length > MAX_LABEL) throw new UserError(`Label "${label.slice(0, 20)}…" is longer than ${MAX_LABEL} characters.`);
    if (!LABEL_RE.test(label)) throw new UserError(`Label ${JSON.stringify(label)} is not allowed: use letters, digits, ".", "_", "/" and "-", starting with a letter or digit.`);
  }
  if (labels.length > MAX_LABELS) throw new UserError(`At most ${MAX_LABELS} labels (${labels.length} given).`);
  return labels;
}

/** A description as it is kept: trimmed, null when empty; one that is too long is a UserError. */
export function normalizeDescription(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed.length > 10_000) throw new UserError(`The description is ${trimmed.length} characters long; keep it under 10,000.`);
  return trimmed === '' ? null : trimmed;
}
