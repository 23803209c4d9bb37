import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import type { IngestContext } from '../types';
import { readSmallFile } from './sourceFiles';

/** MLflow's meta.yaml files hold a few hundred bytes; a larger one is not MLflow's and is not read. */
const MAX_META_BYTES = 1 << 20;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const PLAIN_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * The top-level fields of one meta.yaml. Every scalar is kept as the text MLflow wrote (YAML's
 * failsafe schema) and converted here, field by field: PyYAML wrote these files under YAML 1.1
 * rules, and a YAML 1.2 reader guessing types would turn an experiment named `1e3` into 1000.
 */
export class Meta {
  constructor(private readonly map: YAMLMap) {}

  /** A scalar's text; null when the field is absent, not a scalar, or a plain YAML null. */
  text(key: string): string | null {
    const node = this.map.get(key, true);
    if (!isScalar(node)) return null;
    const value = String(node.value);
    return node.type === 'PLAIN' && PLAIN_NULL.has(value) ? null : value;
  }

  /** A whole number (timestamps, status codes, versions); null when absent or not an integer. */
  integer(key: string): number | null {
    const text = this.text(key);
    return text !== null && /^[+-]?\d+$/.test(text) ? Number(text) : null;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }
}

/** Parses meta.yaml text; a string says what is wrong with it. */
export function parseMeta(text: string): Meta | string {
  // Only top-level scalar nodes are read and aliases are never expanded, so an alias bomb costs nothing.
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0) return `not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`;
  if (!isMap(doc.contents)) return 'not a YAML mapping';
  return new Meta(doc.contents);
}

/** Reads and parses a meta.yaml; null with a diagnostic naming the file when it cannot be used. */
export function readMeta(ctx: IngestContext, file: string): Meta | null {
  const bytes = readSmallFile(ctx, file, MAX_META_BYTES);
  if (bytes === null) return null;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    ctx.diagnostics.error(file, 'not valid UTF-8; skipped');
    return null;
  }
  const meta = parseMeta(text);
  if (typeof meta === 'string') {
    ctx.diagnostics.error(file, `${meta}; skipped`);
    return null;
  }
  return meta;
}
