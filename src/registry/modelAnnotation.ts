import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, parseDocument, YAMLMap, type Document } from 'yaml';
import { UserError } from '../core/errors';
import { assertModelName } from '../core/gto';
import { readDeclaredArtifacts } from './declaredArtifacts';

/** A model's description and labels as GTO's annotations hold them, and the file that does. */
export interface ModelAnnotation {
  description: string | null;
  labels: string[];
  /** dvc.yaml (or `folder/dvc.yaml`) or artifacts.yaml; null when nothing declares the model. */
  file: string | null;
}

/** The model's annotation as the working tree declares it. */
export function readModelAnnotation(root: string, model: string): ModelAnnotation {
  const declared = readDeclaredArtifacts(root, folderOf(model)).artifacts.get(model);
  return declared ? { description: declared.description, labels: declared.labels ?? [], file: declared.file } : { description: null, labels: [], file: null };
}

/**
 * Writes a model's description and labels where GTO keeps them: in the dvc.yaml that declares the
 * artifact (`desc`, `labels`, as DVC names them), else in GTO's artifacts.yaml (`description`,
 * `labels`, as `gto annotate` writes them), made when absent. The file's other keys and comments
 * stay; it is not committed (as `gto annotate` without --commit): commit it to share the change.
 */
export function annotateModel(root: string, model: string, change: { description?: string | null; labels?: string[] }): ModelAnnotation {
  assertModelName(model);
  const current = readModelAnnotation(root, model);
  const inDvc = current.file !== null && current.file.endsWith('dvc.yaml');
  const file = inDvc ? current.file! : 'artifacts.yaml';
  const absolute = path.join(root, ...file.split('/'));
  const doc = readDocument(absolute, file);
  const artifacts = inDvc ? (doc.get('artifacts', true) as YAMLMap) : (doc.contents as YAMLMap);
  const name = inDvc ? model.slice(model.indexOf(':') + 1) : model;
  const found: unknown = artifacts.get(name, true);
  const map = isMap(found) ? found : new YAMLMap();
  if (map !== found) artifacts.set(name, map);
  const descriptionKey = inDvc ? 'desc' : 'description';
  if (change.description !== undefined) {
    if (change.description === null) map.delete(descriptionKey);
    else map.set(descriptionKey, change.description);
  }
  if (change.labels !== undefined) {
    if (change.labels.length === 0) map.delete('labels');
    else map.set('labels', doc.createNode(change.labels));
  }
  fs.writeFileSync(absolute, doc.toString());
  return readModelAnnotation(root, model);
}

function readDocument(absolute: string, file: string): Document {
  let text = '';
  try {
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UserError(`${file} is not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); fix it before editing the model's annotation.`);
  if (doc.contents === null || !isMap(doc.contents)) {
    if (text.trim() !== '' && doc.contents !== null) throw new UserError(`${file} is not a YAML mapping; fix it before editing the model's annotation.`);
    doc.contents = new YAMLMap() as never;
  }
  // A dvc.yaml that declares the model has an artifacts mapping (the declaration was read from it).
  return doc;
}

function folderOf(model: string): string[] {
  const colon = model.indexOf(':');
  return colon > 0 ? [model.slice(0, colon)] : [];
}
