import * as fs from 'node:fs';
import { mlflowArtifactDir } from '../../artifacts/mlflowArtifactDir';
import type { Artifact } from '../../core/types';
import type { IngestContext } from '../types';
import { realPathInside } from '../workspacePaths';
import { keyedFiles } from './sourceFiles';

/**
 * The files a run logged, relative to its artifact root, with their sizes. Hashes are left out:
 * artifacts can be gigabytes and are re-listed on every import; registering a version hashes its file.
 */
export function runArtifacts(ctx: IngestContext, runDir: string, artifactUri: string | null): Artifact[] {
  const root = mlflowArtifactDir(ctx.workspace, runDir, artifactUri, (target) => realPathInside(ctx.workspace, target, ctx.diagnostics));
  if (root === null) return [];
  const artifacts: Artifact[] = [];
  for (const { key, file } of keyedFiles(ctx, root)) {
    artifacts.push({ path: key, sha256: null, size: fs.statSync(file).size });
  }
  return artifacts;
}
