import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where an MLflow run's artifact files are on this machine. The run's artifact URI wins when it
 * names a folder inside the workspace (a store logged with a separate local artifact root). Most
 * URIs name another machine (`file:///D:/…`, `/content/drive/…`) or a server (`mlflow-artifacts:`,
 * `s3:`); then the store's own `<run>/artifacts` folder, where MLflow puts them by default, is
 * used. A URI is never followed outside the workspace, even when the path exists here:
 * `realInside` gives a path's real path when it lies inside the workspace, else null (the caller
 * decides how to report one that does not).
 */
export function mlflowArtifactDir(workspace: string, runDir: string, artifactUri: string | null, realInside: (target: string) => string | null): string | null {
  const fromUri = artifactUri === null ? null : artifactUriPath(workspace, artifactUri);
  if (fromUri !== null && fs.existsSync(fromUri)) {
    const real = realInside(fromUri);
    if (real !== null && fs.statSync(real).isDirectory()) return fromUri;
  }
  const inStore = path.join(runDir, 'artifacts');
  return fs.existsSync(inStore) ? inStore : null;
}

/** The local path an artifact URI names, or null when it names no path on this machine. */
export function artifactUriPath(workspace: string, uri: string): string | null {
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

/**
 * Where the artifacts of a file store can be on this machine: in the store (MLflow's default with
 * a local store) and in `mlartifacts/` beside it (where `mlflow server` keeps them by default).
 */
export function fileStoreArtifactRoots(storeDir: string): string[] {
  return [storeDir, path.join(path.dirname(storeDir), 'mlartifacts')];
}

/** For an `mlflow.db`: `mlruns/` beside it (MLflow's default artifact root with a database) and `mlartifacts/` (a server's). */
export function databaseArtifactRoots(dbFile: string): string[] {
  const dir = path.dirname(dbFile);
  return [path.join(dir, 'mlruns'), path.join(dir, 'mlartifacts')];
}
