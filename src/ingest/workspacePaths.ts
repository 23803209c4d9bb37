import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathInside } from '../core/pathInside';
import type { DiagnosticSink } from './diagnostics';

/** `target` relative to the workspace, with forward slashes ('.' for the workspace itself). */
export function relativeToWorkspace(workspace: string, target: string): string {
  const relative = path.relative(workspace, target).split(path.sep).join('/');
  return relative === '' ? '.' : relative;
}

/**
 * The real path of `target` if it lies inside the workspace (symlinks resolved); otherwise null,
 * with a diagnostic: a source must never lead the importer outside the folder it was asked to read.
 */
export function realPathInside(workspace: string, target: string, diagnostics: DiagnosticSink): string | null {
  let real: string;
  let realWorkspace: string;
  try {
    realWorkspace = realWorkspaceOf(workspace);
    real = fs.realpathSync(target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    diagnostics.error(target, code === 'ELOOP' ? 'symbolic link loop; skipped' : `cannot be read (${code ?? String(error)}); skipped`);
    return null;
  }
  if (pathInside(realWorkspace, real) === null) {
    diagnostics.error(target, `leads outside the workspace (to ${real}); skipped`);
    return null;
  }
  return real;
}

/** Workspace folders' real paths: an import asks for every folder it walks, and a workspace does not move under it. */
const realWorkspaces = new Map<string, string>();

function realWorkspaceOf(workspace: string): string {
  let real = realWorkspaces.get(workspace);
  if (real === undefined) {
    real = fs.realpathSync(workspace);
    realWorkspaces.set(workspace, real);
  }
  return real;
}

export interface WalkOptions {
  maxDepth: number;
  /** Folder names never entered (e.g. node_modules, .git). */
  skip?: ReadonlySet<string>;
  /** Whether to look inside a folder that was yielded; default yes. */
  descend?: (dir: string) => boolean;
}

/** A folder the walk reached, with its entries sorted by name (none when it cannot be listed). */
export interface WalkedFolder {
  dir: string;
  entries: fs.Dirent[];
}

/**
 * Every folder under `root` (root included) with its entries, depth first, following symlinks
 * only when they stay inside the workspace and never twice into the same real folder, so a
 * symlink loop ends. Only the root and symbolic links cost a realpath: a plain subfolder's real
 * path is its parent's plus its name (imports walk thousands of small folders).
 */
export function* walkFolders(workspace: string, root: string, options: WalkOptions, diagnostics: DiagnosticSink): Generator<WalkedFolder> {
  const realRoot = realPathInside(workspace, root, diagnostics);
  if (realRoot === null) return;
  const seen = new Set<string>();
  function* visit(dir: string, real: string, depth: number): Generator<WalkedFolder> {
    if (seen.has(real)) {
      diagnostics.warning(dir, 'reached again through a symbolic link; skipped');
      return;
    }
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      diagnostics.error(dir, `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)}); skipped`);
      yield { dir, entries: [] };
      return;
    }
    yield { dir, entries };
    if (depth >= options.maxDepth || (options.descend && !options.descend(dir))) return;
    for (const entry of entries) {
      if (options.skip?.has(entry.name)) continue;
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        yield* visit(child, path.join(real, entry.name), depth + 1);
      } else if (entry.isSymbolicLink() && isDirectoryTarget(child)) {
        const target = realPathInside(workspace, child, diagnostics);
        if (target !== null) yield* visit(child, target, depth + 1);
      }
    }
  }
  yield* visit(root, realRoot, 0);
}

function isDirectoryTarget(link: string): boolean {
  try {
    return fs.statSync(link).isDirectory();
  } catch {
    return true; // a loop or a dangling link: realPathInside reports it
  }
}
