import * as path from 'node:path';
import { hashArtifactSync } from '../../artifacts/hashArtifact';
import type { Artifact } from '../../core/types';
import type { DiagnosticSink } from '../diagnostics';
import { realPathInside, relativeToWorkspace } from '../workspacePaths';
import { readDvcYaml } from './dvcYaml';
import { isFile } from './fileKinds';

/**
 * The artifacts a dvc.yaml declares (`artifacts: {name: {path, type}}`, which DVCLive's
 * log_artifact writes), with paths relative to the workspace. A file that is here gets its
 * SHA-256 and size; one that is not (not pulled yet, or a folder) is listed without them.
 */
export function readArtifacts(workspace: string, dvcYaml: string, diagnostics: DiagnosticSink): Artifact[] {
  const declared = readDvcYaml(dvcYaml, diagnostics)?.artifacts;
  if (declared === undefined || declared === null) return [];
  if (typeof declared !== 'object' || Array.isArray(declared)) {
    diagnostics.error(dvcYaml, '`artifacts` is not a mapping of artifact names; artifacts skipped');
    return [];
  }
  const byPath = new Map<string, Artifact>();
  for (const [name, spec] of Object.entries(declared)) {
    const declaredPath = (spec as { path?: unknown } | null)?.path;
    if (typeof declaredPath !== 'string' || declaredPath === '') {
      diagnostics.warning(dvcYaml, `artifact "${name}" has no path; skipped`);
      continue;
    }
    const file = path.resolve(path.dirname(dvcYaml), declaredPath);
    const relPath = relativeToWorkspace(workspace, file);
    byPath.set(relPath, { path: relPath, ...fileDigest(workspace, file, diagnostics) });
  }
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function fileDigest(workspace: string, file: string, diagnostics: DiagnosticSink): { sha256: string | null; size: number | null } {
  const none = { sha256: null, size: null };
  if (!isFile(file)) return none;
  const real = realPathInside(workspace, file, diagnostics);
  if (real === null) return none;
  try {
    return hashArtifactSync(real); // a file: isFile said so
  } catch (error) {
    diagnostics.error(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); listed without its hash`);
    return none;
  }
}
