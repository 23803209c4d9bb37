import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { errorMessage } from '../core/errors';
import { modelNameProblem } from '../core/gto';
import type { DeclaredArtifact } from '../store/registryIndex';
import { isRecord } from '../common/records';

/** GTO's legacy index of artifacts (before DVC took them over in dvc.yaml). */
const LEGACY_INDEX = 'artifacts.yaml';

export interface DeclaredRead {
  artifacts: Map<string, DeclaredArtifact>;
  problems: string[];
}

/**
 * The artifacts declared in the working tree: `artifacts:` of the root dvc.yaml and of the
 * dvc.yaml in each folder named by a `folder:name` model, and the legacy artifacts.yaml
 * (`name: {type, path, description}`). dvc.yaml wins over artifacts.yaml for one name.
 * A file that cannot be read is a problem, and the others are still read.
 */
export function readDeclaredArtifacts(root: string, folders: Iterable<string>): DeclaredRead {
  const artifacts = new Map<string, DeclaredArtifact>();
  const problems: string[] = [];
  const add = (list: DeclaredArtifact[]) => {
    for (const a of list) if (!artifacts.has(a.name)) artifacts.set(a.name, a);
  };
  add(readDvcYaml(root, '', problems));
  for (const folder of new Set(folders)) add(readDvcYaml(root, folder, problems));
  add(readLegacyIndex(root, problems));
  return { artifacts, problems };
}

function readDvcYaml(root: string, folder: string, problems: string[]): DeclaredArtifact[] {
  const file = folder === '' ? 'dvc.yaml' : `${folder}/dvc.yaml`;
  const data = readYamlMapping(root, file, problems);
  if (data === undefined || data.artifacts === undefined) return [];
  if (!isRecord(data.artifacts)) {
    problems.push(`${file}: "artifacts" is not a mapping of artifact names; skipped`);
    return [];
  }
  return entries(data.artifacts, file, problems, (name, spec) => ({
    name: folder === '' ? name : `${folder}:${name}`,
    type: text(spec.type),
    path: text(spec.path) === null ? null : path.posix.normalize(path.posix.join(folder, text(spec.path)!)),
    description: text(spec.desc) ?? text(spec.description),
    labels: labels(spec.labels),
    file,
  }));
}

function readLegacyIndex(root: string, problems: string[]): DeclaredArtifact[] {
  const data = readYamlMapping(root, LEGACY_INDEX, problems);
  if (data === undefined) return [];
  return entries(data, LEGACY_INDEX, problems, (name, spec) => ({
    name,
    type: text(spec.type),
    path: text(spec.path),
    description: text(spec.description),
    labels: labels(spec.labels),
    file: LEGACY_INDEX,
  }));
}

function entries(
  map: Record<string, unknown>,
  file: string,
  problems: string[],
  make: (name: string, spec: Record<string, unknown>) => DeclaredArtifact,
): DeclaredArtifact[] {
  const out: DeclaredArtifact[] = [];
  for (const [name, spec] of Object.entries(map)) {
    const problem = modelNameProblem(name);
    if (problem) {
      problems.push(`${file}: artifact ${JSON.stringify(name)} skipped: ${problem}`);
      continue;
    }
    out.push(make(name, isRecord(spec) ? spec : {}));
  }
  return out;
}

function readYamlMapping(root: string, file: string, problems: string[]): Record<string, unknown> | undefined {
  let source: string;
  try {
    source = fs.readFileSync(path.join(root, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${file}: ${errorMessage(error)}`);
    return undefined;
  }
  const doc = parseDocument(source);
  if (doc.errors.length > 0) {
    problems.push(`${file}: not valid YAML (${doc.errors[0]!.message.split('\n')[0]}); its artifacts were skipped`);
    return undefined;
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return undefined;
  if (!isRecord(data)) {
    problems.push(`${file}: not a YAML mapping; skipped`);
    return undefined;
  }
  return data;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function labels(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((l): l is string => typeof l === 'string' && l.trim() !== '').map((l) => l.trim()) : [];
}
