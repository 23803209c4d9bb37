import * as fs from 'node:fs';
import { isMap, parseDocument, YAMLMap, type Document, type Range } from 'yaml';
import { writeFileAtomically } from '../artifacts/atomicFile';
import { UserError } from '../core/errors';
import { assertModelName } from '../core/gto';
import { cardFile } from './cards';
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
  const absolute = cardFile(root, file);
  if (absolute === null) throw new UserError(`${file} leads outside the repository (a symbolic link?); refusing to write the model's annotation there.`);
  const { doc, text } = readDocument(absolute, file);
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
  const written = spliceEntry(text, doc, isMap(found) ? found.range : null, inDvc ? ['artifacts', name] : [name]);
  // Through a link inside the repository, the file it names is written (the link stays).
  if (written !== text) writeFileAtomically(fs.existsSync(absolute) ? fs.realpathSync(absolute) : absolute, written);
  return readModelAnnotation(root, model);
}

/**
 * The file with only the artifact's entry rewritten: the document is serialized in the file's
 * style, and the entry's new text replaces its old text, so every other line stays as it was
 * (yaml would otherwise re-space comments, fold long lines, re-pad flow lists). A new entry has
 * no old text: the whole document is written.
 */
function spliceEntry(text: string, doc: Document, oldRange: Range | null | undefined, at: string[]): string {
  const whole = doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq: indentsSequences(text), indent: indentOf(text) });
  if (!oldRange) return whole;
  const entry: unknown = parseDocument(whole).getIn(at, true);
  if (!isMap(entry) || !entry.range) return whole;
  return text.slice(0, oldRange[0]) + whole.slice(entry.range[0], entry.range[2]) + text.slice(oldRange[2]);
}

/**
 * Whether the file writes a list under a key indented (`key:\n  - a`) or not (`key:\n- a`), so a
 * rewrite keeps its style; yaml's default (indented) when it has no block list.
 */
function indentsSequences(text: string): boolean {
  const m = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*( *)- /m.exec(text);
  return m === null || m[2]!.length > m[1]!.length;
}

/** The file's indentation step: the first indented key's depth (2 when none). */
function indentOf(text: string): number {
  const m = /^( +)[^\s#-]/m.exec(text);
  return m ? m[1]!.length : 2;
}

function readDocument(absolute: string, file: string): { doc: Document; text: string } {
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
  return { doc, text };
}

function folderOf(model: string): string[] {
  const colon = model.indexOf(':');
  return colon > 0 ? [model.slice(0, colon)] : [];
}
