import { parseDocument } from 'yaml';
import type { DiagnosticSink } from '../diagnostics';
import { readText } from './readText';

/** A dvc.yaml as plain data; undefined when missing, and reported when not a valid YAML mapping. */
export function readDvcYaml(file: string, diagnostics: DiagnosticSink): Record<string, unknown> | undefined {
  const text = readText(file, diagnostics);
  if (text === undefined) return undefined;
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    diagnostics.error(file, `not valid YAML (${error.message.split('\n')[0]}); skipped`, error.linePos?.[0].line);
    return undefined;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.error(file, 'is not a YAML mapping; skipped');
    return undefined;
  }
  return data as Record<string, unknown>;
}
