import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Artifact } from '../../core/types';
import type { IngestContext } from '../types';
import { realPathInside } from '../workspacePaths';
import { keyedFiles } from './sourceFiles';

/**
 * The files a run logged, relative to its artifact root, with their sizes. Hashes are left out:
 * artifacts can be gigabytes and are re-listed on every import; registering a version hashes its file.
 */
export function runArtifacts(ctx: IngestContext, runDir: string, artifactUri: string | null): Artifact[] {
  const root = artifactRoot(ctx, runDir, artifactUri);
  if (root === null) return [];
  const artifacts: Artifact[] = [];
  for (const { key, file } of keyedFiles(ctx, root)) {
    artifacts.push({ path: key, sha256: null, size: fs.statSync(file).size });
  }
  return artifacts;
}

/**
 * Where a run's artifact files are on this machine. The run's artifact URI wins when it names a
 * folder inside the workspace (a store logged with a separate local artifact root). Most URIs
 * name another machine (`file:///D:/…`, `/content/drive/…`) or a server (`mlflow-artifacts:`,
 * `s3:`); then the store's own `<run>/artifacts` folder, where MLflow puts them by default, is
 * used. A URI is never followed outside the workspace, even when the path exists here.
 */
function artifactRoot(ctx: IngestContext, runDir: string, artifactUri: string | null): string | null {
  const fromUri = artifactUri === null ? null : localPath(ctx.workspace, artifactUri);
  if (fromUri !== null && fs.existsSync(fromUri)) {
    const real = realPathInside(ctx.workspace, fromUri, ctx.diagnostics);
    if (real !== null && fs.statSync(real).isDirectory()) return fromUri;
  }
  const inStore = path.join(runDir, 'artifacts');
  return fs.existsSync(inStore) ? inStore : null;
}

/** The local path a URI names, or null when it names no path on this machine. */
function localPath(workspace: string, uri: string): string | null {
  if (/^[a-zA-Z]:[\\/]/.test(uri)) return process.platform === 'win32' ? uri : null; // a Windows drive path
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(uri)) {
    if (!uri.startsWith('file:')) return null;
    try {
      // Decodes %20; a Windows `file:///D:/…` becomes `/D:/…` on POSIX, which does not exist.
      return fileURLToPath(uri);
    } catch {
      return null; // `file://host/share`, or a drive letter off Windows
    }
  }
  // A relative URI was relative to the logging process's working folder, most often the workspace.
  return path.resolve(workspace, uri);
}
