import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { DiagnosticSink } from '../diagnostics';
import { readText } from './readText';

/**
 * Reads a params YAML file as flat params: nested keys joined with `.` (`train.epochs`), as DVC
 * names them. A value is kept as its YAML source text (`3.0` stays `3.0`, `1e-4` stays `1e-4`,
 * an empty value is empty), since params are strings everywhere and the file is the truth; a
 * list is written as JSON. A missing file gives no params; a broken one is reported.
 */
export function readParamsYaml(file: string, diagnostics: DiagnosticSink): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  const text = readText(file, diagnostics);
  if (text === undefined) return params;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    diagnostics.error(file, `not valid YAML (${error.message.split('\n')[0]}); skipped`, error.linePos?.[0].line);
    return params;
  }
  if (doc.contents === null) return params;
  if (!isMap(doc.contents)) {
    diagnostics.error(file, 'is not a YAML mapping of params; skipped');
    return params;
  }
  flatten(doc, doc.contents, '', params);
  return params;
}

function flatten(doc: Document, node: Node | null, key: string, into: Record<string, string>): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      flatten(doc, pair.value as Node | null, key === '' ? name : `${key}.${name}`, into);
    }
  } else if (isAlias(node)) {
    flatten(doc, node.resolve(doc) ?? null, key, into);
  } else if (isScalar(node)) {
    into[key] = node.source ?? String(node.value);
  } else if (isSeq(node)) {
    into[key] = JSON.stringify(node.toJSON());
  } else {
    into[key] = ''; // a key with no value at all
  }
}
