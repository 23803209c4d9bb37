import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage, UserError } from '../core/errors';
import { firstLine, type GitRepo } from './repo';

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

/**
 * Every tag: name, object, type. Cheap: git reads refs and object headers only, so a scan calls
 * it every time and reads in full only the tags it has not seen.
 */
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

const DETAIL_FIELDS = [
  '%(refname)',
  '%(objectname)',
  '%(objecttype)',
  '%(*objectname)',
  '%(*objecttype)',
  '%(taggername)',
  '%(taggeremail)',
  '%(taggerdate:unix)',
  '%(contents)',
];
/** Fields end with NUL; the message is last, so a record is the fields plus git's newline. */
export const TAG_DETAILS_FORMAT = DETAIL_FIELDS.map((f) => `${f}%00`).join('');

/** Up to this many tags, each tag object is read on its own (a refresh after one new tag). */
const READ_EACH_UP_TO = 8;
/** Above this many tags one pass over every tag beats naming each. */
const READ_ALL_ABOVE = 64;
const NAMES_PER_CALL = 200;

/**
 * The annotated tags among `refs`, read in full (tagger, date, message, peeled commit);
 * lightweight tags and missing names are left out.
 */
export async function readTagDetails(repo: GitRepo, refs: readonly TagRef[]): Promise<TagDetails[]> {
  const annotated = refs.filter((r) => r.type === 'tag');
  if (annotated.length === 0) return [];
  // for-each-ref walks every ref even for one name; `cat-file tag` reads just the object.
  if (annotated.length <= READ_EACH_UP_TO) return Promise.all(annotated.map((r) => readTagObject(repo, r)));
  const names = annotated.map((r) => r.name);
  const wanted = new Set(names);
  const outputs: string[] = [];
  if (names.length > READ_ALL_ABOVE) return (await readAllTagDetails(repo)).filter((t) => wanted.has(t.name));
  {
    // Tag names in the GTO grammar hold no glob characters, so each pattern matches its tag
    // (and, by prefix, nothing else: a ref cannot be both a tag and a folder of tags).
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
      const patterns = names.slice(i, i + NAMES_PER_CALL).map((n) => TAG_PREFIX + n);
      outputs.push(await repo.git.raw(['for-each-ref', `--format=${TAG_DETAILS_FORMAT}`, ...patterns]));
    }
  }
  return outputs.flatMap(parseTagDetails).filter((t) => wanted.has(t.name));
}

/** Every annotated tag, read in full in one pass (a scan into an empty index). */
export async function readAllTagDetails(repo: GitRepo): Promise<TagDetails[]> {
  return parseTagDetails(await repo.git.raw(['for-each-ref', `--format=${TAG_DETAILS_FORMAT}`, TAG_PREFIX]));
}

/** Parses for-each-ref output in {@link TAG_DETAILS_FORMAT}; lightweight tags are skipped. */
export function parseTagDetails(out: string): TagDetails[] {
  const tokens = out.split('\0');
  const n = DETAIL_FIELDS.length;
  const tags: TagDetails[] = [];
  for (let i = 0; i + n <= tokens.length; i += n) {
    const [ref, object, type, peeled, peeledType, taggerName, taggerEmail, date, message] = tokens.slice(i, i + n) as string[];
    const name = ref!.replace(/^\n/, '');
    if (!name.startsWith(TAG_PREFIX) || type !== 'tag') continue;
    tags.push({
      name: name.slice(TAG_PREFIX.length),
      object: object!,
      commit: peeledType === 'commit' ? peeled! : null,
      taggerName: taggerName!,
      taggerEmail: taggerEmail!.replace(/^<|>$/g, ''),
      at: Number(date) * 1000 || 0,
      message: message!,
    });
  }
  return tags;
}

/** One annotated tag from its object (`git cat-file tag`: header lines, a blank line, the message). */
async function readTagObject(repo: GitRepo, ref: TagRef): Promise<TagDetails> {
  const raw = await repo.git.raw(['cat-file', 'tag', ref.object]);
  const blank = raw.indexOf('\n\n');
  const header = (blank < 0 ? raw : raw.slice(0, blank)).split('\n');
  const field = (key: string) => header.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1) ?? '';
  const tagger = /^(.*?) <([^>]*)> (\d+) [+-]\d{4}$/.exec(field('tagger'));
  return {
    name: ref.name,
    object: ref.object,
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
