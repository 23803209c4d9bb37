import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactEntry, ArtifactRoot } from '../core/artifacts/types';
import { errorMessage, isUserError } from '../core/errors';
import { pathInside } from '../core/pathInside';
import { resolveInside } from './safePath';

/** A root's listing: its entries in tree order and what could not be listed. */
export interface ListedRoot {
  /** Depth first, each folder before what it holds, folders before files, by name. */
  entries: ArtifactEntry[];
  problems: string[];
}

/** A run with more files than this is listed up to it, and says so: the browser is for looking, not for a million files. */
export const MAX_LISTED_FILES = 200_000;

/**
 * Lists a root: the whole folder, or only its declared `files` (a declared folder with what it
 * holds). Sizes come from one stat per file; hashes only from `knownSha256` (the store's), never
 * computed here. Symbolic links are followed only while they stay inside the root, and a folder
 * reached twice is listed once.
 */
export async function listArtifactRoot(root: ArtifactRoot, knownSha256: ReadonlyMap<string, string> = new Map()): Promise<ListedRoot> {
  const files: { path: string; size: number }[] = [];
  const problems: string[] = [];
  let realRoot: string;
  try {
    realRoot = await fs.promises.realpath(root.dir);
  } catch (error) {
    return { entries: [], problems: [`${root.dir} cannot be read (${errorMessage(error)})`] };
  }
  const walker = new Walker(realRoot, files, problems);
  if (root.files === undefined) {
    await walker.folder(root.dir, '', realRoot);
  } else {
    for (const declared of root.files) {
      let real: string;
      try {
        real = resolveInside(root.dir, declared);
      } catch (error) {
        // A declared file not here (not pulled, deleted) is not a problem of the listing.
        if (!isUserError(error) || !/does not exist/.test(error.message)) problems.push(errorMessage(error));
        continue;
      }
      const stat = await fs.promises.stat(real);
      if (stat.isDirectory()) await walker.folder(real, declared, real);
      else files.push({ path: declared, size: stat.size });
    }
  }
  if (walker.stopped) problems.push(`more than ${MAX_LISTED_FILES.toLocaleString('en-US')} files: only the first are listed`);
  return { entries: treeOrder(files, knownSha256), problems };
}

class Walker {
  private readonly seen = new Set<string>();
  stopped = false;

  constructor(
    private readonly realRoot: string,
    private readonly files: { path: string; size: number }[],
    private readonly problems: string[],
  ) {}

  /** `dir` on disk, `rel` its path in the root ('' for the root), `real` its real path. */
  async folder(dir: string, rel: string, real: string): Promise<void> {
    if (this.seen.has(real)) return;
    this.seen.add(real);
    let dirents: fs.Dirent[];
    try {
      dirents = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (error) {
      this.problems.push(`${rel || '.'} cannot be listed (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
      return;
    }
    const stats: Promise<void>[] = [];
    const folders: [string, string, string][] = [];
    for (const dirent of dirents) {
      if (this.files.length + stats.length >= MAX_LISTED_FILES) {
        this.stopped = true;
        break;
      }
      const child = path.join(dir, dirent.name);
      const childRel = rel === '' ? dirent.name : `${rel}/${dirent.name}`;
      if (dirent.isDirectory()) folders.push([child, childRel, path.join(real, dirent.name)]);
      else if (dirent.isFile()) stats.push(this.file(child, childRel));
      else if (dirent.isSymbolicLink()) stats.push(this.link(child, childRel, folders));
    }
    await Promise.all(stats);
    for (const [child, childRel, childReal] of folders) if (!this.stopped) await this.folder(child, childRel, childReal);
  }

  private async file(file: string, rel: string): Promise<void> {
    try {
      this.files.push({ path: rel, size: (await fs.promises.stat(file)).size });
    } catch (error) {
      this.problems.push(`${rel} cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
    }
  }

  /** A link is listed as what it leads to, when that is inside the root; a link out is a problem, never followed. */
  private async link(link: string, rel: string, folders: [string, string, string][]): Promise<void> {
    let real: string;
    let stat: fs.Stats;
    try {
      real = await fs.promises.realpath(link);
      stat = await fs.promises.stat(real);
    } catch (error) {
      this.problems.push(`${rel} is a broken symbolic link (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)})`);
      return;
    }
    if (pathInside(this.realRoot, real) === null) {
      this.problems.push(`${rel} is a symbolic link leading outside the artifact folder; not listed`);
      return;
    }
    if (stat.isDirectory()) folders.push([link, rel, real]);
    else this.files.push({ path: rel, size: stat.size });
  }
}

interface Folder {
  folders: Map<string, Folder>;
  files: { name: string; size: number }[];
  size: number;
}

/** Files as a tree in display order, each folder (with the sum of its files' sizes) before its contents. */
export function treeOrder(files: readonly { path: string; size: number }[], knownSha256: ReadonlyMap<string, string>): ArtifactEntry[] {
  const top: Folder = { folders: new Map(), files: [], size: 0 };
  for (const file of files) {
    const parts = file.path.split('/');
    let folder = top;
    folder.size += file.size;
    for (const name of parts.slice(0, -1)) {
      let next = folder.folders.get(name);
      if (!next) folder.folders.set(name, (next = { folders: new Map(), files: [], size: 0 }));
      next.size += file.size;
      folder = next;
    }
    folder.files.push({ name: parts[parts.length - 1]!, size: file.size });
  }
  const entries: ArtifactEntry[] = [];
  const visit = (folder: Folder, prefix: string) => {
    for (const name of [...folder.folders.keys()].sort(byName)) {
      const child = folder.folders.get(name)!;
      const childPath = prefix + name;
      entries.push({ path: childPath, kind: 'folder', size: child.size, sha256: knownSha256.get(childPath) ?? null });
      visit(child, `${childPath}/`);
    }
    for (const file of folder.files.sort((a, b) => byName(a.name, b.name))) {
      const filePath = prefix + file.name;
      entries.push({ path: filePath, kind: 'file', size: file.size, sha256: knownSha256.get(filePath) ?? null });
    }
  };
  visit(top, '');
  return entries;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

function byName(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
