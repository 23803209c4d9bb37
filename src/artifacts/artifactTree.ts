import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArtifactEntry, ArtifactRoot } from '../core/artifacts/types';
import { errorMessage } from '../core/errors';
import { pathInside } from '../core/pathInside';
import { ArtifactPathMissing, resolveInside } from './safePath';

/** A root's listing: its entries in tree order and what could not be listed. */
export interface ListedRoot {
  /** Depth first, each folder before what it holds, folders before files, by name. */
  entries: ArtifactEntry[];
  problems: string[];
}

/** A run with more files than this is listed up to it, and says so: the browser is for looking, not for a million files. */
export const MAX_LISTED_FILES = 200_000;

/** What the store recorded of a file of the root, by its path in the root. */
export interface KnownArtifact {
  size: number | null;
  sha256: string | null;
}

/**
 * Lists a root: the whole folder, or only its declared `files` (a declared folder with what it
 * holds). A file's size is the one its import recorded (`known`, the store's) and a stat only
 * for a file the store does not know: a stat per file costs several times the listing itself, and
 * the imports re-list a run's artifacts whenever its source changes. Hashes come only from
 * `known`, never computed here. Symbolic links are followed only while they stay inside the root,
 * and a folder reached twice is listed once.
 */
export async function listArtifactRoot(root: ArtifactRoot, known: ReadonlyMap<string, KnownArtifact> = new Map()): Promise<ListedRoot> {
  const files: { path: string; size: number }[] = [];
  const problems: string[] = [];
  let realRoot: string;
  try {
    realRoot = await fs.promises.realpath(root.dir);
  } catch (error) {
    return { entries: [], problems: [`${root.dir} cannot be read (${errorMessage(error)})`] };
  }
  const walker = new Walker(realRoot, files, problems, known);
  if (root.files === undefined) {
    await walker.folder(root.dir, '', realRoot);
  } else {
    for (const declared of root.files) {
      let real: string;
      try {
        real = resolveInside(root.dir, declared);
      } catch (error) {
        // A declared file not here (not pulled, deleted) is not a problem of the listing.
        if (!(error instanceof ArtifactPathMissing)) problems.push(errorMessage(error));
        continue;
      }
      const stat = await fs.promises.stat(real);
      if (stat.isDirectory()) await walker.folder(real, declared, real);
      else files.push({ path: declared, size: stat.size });
    }
  }
  if (walker.stopped) problems.push(`more than ${MAX_LISTED_FILES.toLocaleString('en-US')} files: only the first are listed`);
  return { entries: treeOrder(files, known), problems };
}

class Walker {
  private readonly seen = new Set<string>();
  stopped = false;

  constructor(
    private readonly realRoot: string,
    private readonly files: { path: string; size: number }[],
    private readonly problems: string[],
    private readonly known: ReadonlyMap<string, KnownArtifact>,
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
      const childRel = rel === '' ? dirent.name : `${rel}/${dirent.name}`;
      const size = dirent.isFile() ? this.known.get(childRel)?.size : undefined;
      if (size !== undefined && size !== null) this.files.push({ path: childRel, size });
      else if (dirent.isDirectory()) folders.push([path.join(dir, dirent.name), childRel, path.join(real, dirent.name)]);
      else if (dirent.isFile()) stats.push(this.file(path.join(dir, dirent.name), childRel));
      else if (dirent.isSymbolicLink()) stats.push(this.link(path.join(dir, dirent.name), childRel, folders));
    }
    await Promise.all(stats);
    // Subfolders are read side by side: one after another, each read waits its turn on a busy machine.
    await Promise.all(folders.map(([child, childRel, childReal]) => (this.stopped ? undefined : this.folder(child, childRel, childReal))));
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
export function treeOrder(files: readonly { path: string; size: number }[], known: ReadonlyMap<string, KnownArtifact>): ArtifactEntry[] {
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
    for (const name of byName([...folder.folders.keys()], (n) => n)) {
      const child = folder.folders.get(name)!;
      const childPath = prefix + name;
      entries.push({ path: childPath, kind: 'folder', size: child.size, sha256: known.get(childPath)?.sha256 ?? null });
      visit(child, `${childPath}/`);
    }
    for (const file of byName(folder.files, (f) => f.name)) {
      const filePath = prefix + file.name;
      entries.push({ path: filePath, kind: 'file', size: file.size, sha256: known.get(filePath)?.sha256 ?? null });
    }
  };
  visit(top, '');
  return entries;
}

/**
 * Sorted by name without regard to case, each name lowered once: a locale-aware collator costs
 * more than the listing itself on 10,000 files.
 */
function byName<T>(items: readonly T[], name: (item: T) => string): T[] {
  const keyed = items.map((item) => ({ item, key: name(item).toLowerCase(), name: name(item) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return keyed.map((k) => k.item);
}
