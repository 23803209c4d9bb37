import { isMap, isScalar, parseDocument } from 'yaml';

/** MLflow's meta.yaml files hold a few hundred bytes; a larger one is not MLflow's and is not read. */
export const MAX_META_BYTES = 1 << 20;
const PLAIN_NULL = new Set(['', '~', 'null', 'Null', 'NULL']);

/** A top-level field: a scalar's text and whether it was written plain (unquoted), or a collection. */
type Field = { text: string; plain: boolean } | 'collection';

/**
 * The top-level fields of one meta.yaml. Every scalar is kept as the text MLflow wrote (YAML's
 * failsafe schema) and converted here, field by field: PyYAML wrote these files under YAML 1.1
 * rules, and a YAML 1.2 reader guessing types would turn an experiment named `1e3` into 1000.
 */
export class Meta {
  constructor(private readonly fields: ReadonlyMap<string, Field>) {}

  /** A scalar's text; null when the field is absent, not a scalar, or a plain YAML null. */
  text(key: string): string | null {
    const field = this.fields.get(key);
    if (field === undefined || field === 'collection') return null;
    return field.plain && PLAIN_NULL.has(field.text) ? null : field.text;
  }

  /** A whole number (timestamps, status codes, versions); null when absent or not an integer. */
  integer(key: string): number | null {
    const text = this.text(key);
    return text !== null && /^[+-]?\d+$/.test(text) ? Number(text) : null;
  }

  has(key: string): boolean {
    return this.fields.has(key);
  }
}

/** Parses meta.yaml text; a string says what is wrong with it. */
export function parseMeta(text: string): Meta | string {
  return flatMeta(text) ?? parseYamlMeta(text);
}

/** Through the YAML parser: any document. */
export function parseYamlMeta(text: string): Meta | string {
  // Only top-level scalar nodes are read and aliases are never expanded, so an alias bomb costs nothing.
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
  if (doc.errors.length > 0) return `not valid YAML (${doc.errors[0]!.message.split('\n')[0]})`;
  if (!isMap(doc.contents)) return 'not a YAML mapping';
  const fields = new Map<string, Field>();
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : null;
    // A repeated key: the first one counts, as the YAML map's get() finds it.
    if (key === null || fields.has(key)) continue;
    fields.set(key, isScalar(pair.value) ? { text: String(pair.value.value), plain: pair.value.type === 'PLAIN' } : pair.value === null ? { text: '', plain: true } : 'collection');
  }
  return new Meta(fields);
}

/** `key: value` with a simple key, the way MLflow writes every field of its meta.yaml files. */
const FLAT_LINE = /^([A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
/** A plain scalar that reads the same under any YAML rule: no indicator first, no `: ` or ` #` inside. */
const PLAIN_SCALAR = /^(?![-?:,[\]{}#&*!|>'"%@`])(?:[^:#]|:(?! )|(?<! )#)*$/;

/**
 * The fields of a meta.yaml as MLflow writes them: one `key: value` per line, each value plain, in
 * single quotes or an empty `[]`/`{}`, read without the YAML parser (a thousand runs' files in a
 * few milliseconds rather than a third of a second). Anything else (a folded line, a comment,
 * double quotes, a document marker): null, and the YAML parser reads it.
 */
function flatMeta(text: string): Meta | null {
  const fields = new Map<string, Field>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const match = FLAT_LINE.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (!match) return null;
    const key = match[1]!;
    const value = (match[2] ?? '').trim();
    let field: Field;
    if (value === '[]' || value === '{}') field = 'collection';
    else if (value.length >= 2 && value.startsWith("'") && value.endsWith("'") && !/'(?!')/.test(value.slice(1, -1).replaceAll("''", ''))) field = { text: value.slice(1, -1).replaceAll("''", "'"), plain: false };
    else if (PLAIN_SCALAR.test(value)) field = { text: value, plain: true };
    else return null;
    if (!fields.has(key)) fields.set(key, field);
  }
  return fields.size > 0 ? new Meta(fields) : null;
}
