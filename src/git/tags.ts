import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage, UserError } from '../core/errors';
import { readObjects } from './catFileBatch';
import { firstLine, type GitRepo } from './repo';
import { readTagRefFiles, type TagRefFiles } from './tagRefFiles';

/** A tag ref as `git for-each-ref` lists it, before its object is read. */
export interface TagRef {
  name: string;
  /** The tag object of an annotated tag; the commit (or other object) of a lightweight one. */
  object: string;
  /** 'tag' for an annotated tag; 'commit' (or 'tree', 'blob') for a lightweight one. */
  type: string;
}

/** An annotated tag read in full. */
export interface TagDetails {
  name: string;
  object: string;
  /** The commit it points at; null when it points at something else (GTO ignores those). */
  commit: string | null;
  taggerName: string;
  taggerEmail: string;
  /** Tagger date in ms since the epoch. */
  at: number;
  message: string;
}

const TAG_PREFIX = 'refs/tags/';

/** Every tag: name, object, type (git reads each object's header for the type). */
export async function listTagRefs(repo: GitRepo): Promise<TagRef[]> {
  const out = await repo.git.raw(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)', TAG_PREFIX]);
  const refs: TagRef[] = [];
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const [ref, object, type] = line.split('\0');
    if (!ref?.startsWith(TAG_PREFIX) || !object || !type) continue;
    refs.push({ name: ref.slice(TAG_PREFIX.length), object, type });
  }
  return refs;
}

/**
 * Every tag's name and object id, no object read: what a scan compares its index with. From the
 * ref files when git keeps refs in files (no process at all; packed-refs parsed again only when
 * it changed since `previous`), else from `git for-each-ref`.
 */
export async function listTags(repo: GitRepo, previous?: TagRefFiles): Promise<TagRefFiles> {
  const fromFiles = readTagRefFiles(await repo.commonDir(), previous);
  if (fromFiles) return fromFiles;
  const out = await repo.git.raw(['for-each-ref', '--format=%(objectname) %(refname)', TAG_PREFIX]);
  const tags = new Map<string, string>();
  for (const line of out.split('\n')) {
    const space = line.indexOf(' ');
    const ref = line.slice(space + 1);
    if (space > 0 && ref.startsWith(TAG_PREFIX)) tags.set(ref.slice(TAG_PREFIX.length), line.slice(0, space));
  }
  return { packed: tags, loose: new Map(), packedStamp: null };
}

/** The object a listed tag points at; undefined when there is no such tag. */
export function listedTag(tags: TagRefFiles, name: string): string | undefined {
  return tags.loose.get(name) ?? tags.packed.get(name);
}

/** Every listed tag once, a loose ref over its packed copy. */
export function* listedTags(tags: TagRefFiles): Generator<[name: string, object: string]> {
  yield* tags.loose;
  for (const entry of tags.packed) if (!tags.loose.has(entry[0])) yield entry;
}

/**
 * The annotated tags among `refs` read in full (tagger, date, message, the commit it points at),
 * in one `git cat-file --batch` however many there are; lightweight tags are left out.
 */
export async function readTagObjects(repo: GitRepo, refs: readonly { name: string; object: string }[]): Promise<TagDetails[]> {
  const objects = await readObjects(repo.root, [...new Set(refs.map((r) => r.object))]);
  const tags: TagDetails[] = [];
  for (const ref of refs) {
    const object = objects.get(ref.object);
    if (!object) throw new Error(`git has no object ${ref.object} for the tag ${ref.name}; run "git fsck" to see what else is missing.`);
    if (object.type === 'tag') tags.push(parseTagObject(ref.name, ref.object, object.content.toString('utf8')));
  }
  return tags;
}

/** A tag object's text: header lines (object, type, tag, tagger), a blank line, the message (with its signature, if any). */
function parseTagObject(name: string, object: string, raw: string): TagDetails {
  const blank = raw.indexOf('\n\n');
  const header = (blank < 0 ? raw : raw.slice(0, blank)).split('\n');
  const field = (key: string) => header.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1) ?? '';
  const tagger = /^(.*?) <([^>]*)> (\d+) [+-]\d{4}$/.exec(field('tagger'));
  return {
    name,
    object,
    commit: field('type') === 'commit' ? field('object') : null,
    taggerName: tagger?.[1] ?? '',
    taggerEmail: tagger?.[2] ?? '',
    at: tagger ? Number(tagger[3]) * 1000 : 0,
    message: blank < 0 ? '' : raw.slice(blank + 2),
  };
}

/**
 * Writes an annotated tag `name` on `commit` with `message` kept verbatim (git's default clean-up
 * would drop description lines starting with "#"). The tagger is git's configured identity;
 * `sign` signs it with git's configured signing (OpenPGP, SSH or X.509).
 * `name` must already be a checked GTO tag name.
 */
export async function createAnnotatedTag(repo: GitRepo, name: string, commit: string, message: string, options: { sign?: boolean } = {}): Promise<void> {
  // A file, not -m: a metrics snapshot can be longer than one command-line argument may be.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-tag-'));
  const file = path.join(dir, 'message');
  try {
    fs.writeFileSync(file, message);
    await repo.git.raw(['tag', options.sign ? '-s' : '-a', '--cleanup=verbatim', '-F', file, '--', name, commit]);
  } catch (error) {
    const text = errorMessage(error);
    if (/already exists/.test(text)) throw new UserError(`The tag ${name} already exists; nothing was written.`);
    throw new UserError(`git could not write the ${options.sign ? 'signed ' : ''}tag ${name}: ${firstLine(text)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Deletes the tag `name`: to take back a tag this process has just written, when what had to follow it failed. */
export async function deleteTag(repo: GitRepo, name: string): Promise<void> {
  await repo.git.raw(['update-ref', '-d', TAG_PREFIX + name]);
}

/** Whether a tag of that name exists (annotated or lightweight). */
export async function tagExists(repo: GitRepo, name: string): Promise<boolean> {
  const out = await repo.git.raw(['for-each-ref', '--format=%(refname)', TAG_PREFIX + name]);
  return out.split('\n').includes(TAG_PREFIX + name);
}
