import * as fs from 'node:fs';
import * as path from 'node:path';

const TAGS = 'refs/tags/';
const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Tag names and object ids as git keeps them: packed-refs, and loose refs over it. */
export interface TagRefFiles {
  packed: ReadonlyMap<string, string>;
  /** A loose ref wins over a packed one of the same name. */
  loose: ReadonlyMap<string, string>;
  /** packed-refs' identity (device, inode, size, modification and change times) when it was read; null when git listed the tags. */
  packedStamp: string | null;
}

/**
 * Every tag's name and object id, read from git's ref files in `commonDir` (the `files` ref
 * backend, git's default) with no git process and no object read. packed-refs, which holds every
 * tag of a clone, is parsed again only when it changed since `previous` (git rewrites it whole,
 * by a rename, so a new file means new content): `packed` is then `previous.packed` itself.
 * Loose refs are read first, as git does: a `git pack-refs` running meanwhile writes a ref into
 * packed-refs before it deletes the loose file, so no tag is missed. Synchronous: a few small
 * files and one large one cost less than a round of callbacks each.
 *
 * null when the refs are not plain files this reader understands (a reftable repository, a
 * symbolic tag ref, a line it cannot parse): the caller asks git instead.
 */
export function readTagRefFiles(commonDir: string, previous?: TagRefFiles): TagRefFiles | null {
  // No refs folder: not a folder git keeps refs in as files (reftable, or a path git did not mean).
  if (fs.existsSync(path.join(commonDir, 'reftable')) || !fs.existsSync(path.join(commonDir, 'refs'))) return null;
  const loose = readLooseTags(path.join(commonDir, 'refs', 'tags'));
  if (!loose) return null;
  const file = path.join(commonDir, 'packed-refs');
  const stat = ifPresent(() => fs.statSync(file, { bigint: true }));
  const packedStamp = stat ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : 'none';
  if (previous && previous.packedStamp === packedStamp) return { packed: previous.packed, loose, packedStamp };
  const packed = readPackedTags(file);
  return packed && { packed, loose, packedStamp };
}

function readLooseTags(dir: string): Map<string, string> | null {
  const tags = new Map<string, string>();
  const entries = ifPresent(() => fs.readdirSync(dir, { withFileTypes: true, recursive: true })) ?? [];
  for (const entry of entries) {
    // A ".lock" file is a ref being written: git reads the ref as it was until the rename. Git
    // ignores names starting with "." (a .DS_Store), so must this.
    if (!entry.isFile() || entry.name.endsWith('.lock') || entry.name.startsWith('.')) continue;
    const file = path.join(entry.parentPath, entry.name);
    // Gone since the listing: deleted, or packed (read next).
    const content = ifPresent(() => fs.readFileSync(file, 'utf8').trim());
    if (content === undefined) continue;
    if (!OBJECT_ID.test(content)) return null;
    tags.set(path.relative(dir, file).split(path.sep).join('/'), content);
  }
  return tags;
}

/** packed-refs: a `#` header, `<object> <ref>` lines, each annotated tag's peeled commit on a `^` line after it. */
function readPackedTags(file: string): Map<string, string> | null {
  const tags = new Map<string, string>();
  const text = ifPresent(() => fs.readFileSync(file, 'utf8')) ?? '';
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue;
    const space = line.indexOf(' ');
    const object = line.slice(0, space);
    if (space < 0 || !OBJECT_ID.test(object)) return null;
    const ref = line.slice(space + 1).trimEnd();
    if (ref.startsWith(TAGS)) tags.set(ref.slice(TAGS.length), object);
  }
  return tags;
}

/** What `read` returns; undefined when the file or folder does not exist. */
function ifPresent<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
