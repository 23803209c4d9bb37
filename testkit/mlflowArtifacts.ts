// What a test expects of an MLflow version's artifact in the workspace, worked out apart from
// src/ingest: from the version's own run id, the files on disk and node:crypto over whole files.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ExpectedArtifact {
  path: string;
  sha256: string;
  size: number;
}

/**
 * The copy of a version's artifact in a file store: `runs:/<run>/<path>` under the run's folder,
 * `models:/<id>` under its logged model's folder, any other source by its tail after the
 * version's run id (`…/<experiment>/<run>/artifacts/<path>`, percent-decoded); null when that
 * file or folder is not in the store.
 */
export function expectedVersionArtifact(workspace: string, storeDir: string, source: string, runId: string | null): ExpectedArtifact | null {
  let file: string | undefined;
  const runUri = /^runs:\/([^/]+)\/(.+)$/.exec(source);
  const modelUri = /^models:\/(m-[0-9a-f]+)$/.exec(source);
  if (runUri) {
    file = experimentFolders(storeDir).map((e) => path.join(e, runUri[1]!, 'artifacts', runUri[2]!)).find((f) => fs.existsSync(f));
  } else if (modelUri) {
    file = experimentFolders(storeDir).map((e) => path.join(e, 'models', modelUri[1]!, 'artifacts')).find((f) => fs.existsSync(f));
  } else if (runId !== null) {
    const decoded = decodeURIComponent(source.replace(/\\/g, '/'));
    const at = decoded.indexOf(`/${runId}/artifacts`);
    if (at >= 0) {
      const experiment = decoded.slice(0, at).split('/').at(-1)!;
      const candidate = path.join(storeDir, experiment, runId, 'artifacts', decoded.slice(at + `/${runId}/artifacts`.length));
      if (fs.existsSync(candidate)) file = candidate;
    }
  }
  return file === undefined ? null : { path: path.relative(workspace, file).split(path.sep).join('/'), ...treeHash(file) };
}

/**
 * A file's sha256 and size; a folder's is the sha256 of the lines "<sha256>  <path>\n" of its
 * files, depth first with each folder's names in order, and the sum of their sizes.
 */
export function treeHash(file: string): { sha256: string; size: number } {
  if (fs.statSync(file).isFile()) {
    const bytes = fs.readFileSync(file);
    return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
  }
  const lines: string[] = [];
  let size = 0;
  const walk = (dir: string, prefix: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const child = path.join(dir, name);
      if (fs.statSync(child).isDirectory()) {
        walk(child, `${prefix}${name}/`);
      } else {
        const bytes = fs.readFileSync(child);
        lines.push(`${createHash('sha256').update(bytes).digest('hex')}  ${prefix}${name}\n`);
        size += bytes.length;
      }
    }
  };
  walk(file, '');
  return { sha256: createHash('sha256').update(lines.join('')).digest('hex'), size };
}

function experimentFolders(storeDir: string): string[] {
  return fs.readdirSync(storeDir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'models').map((e) => path.join(storeDir, e.name));
}
