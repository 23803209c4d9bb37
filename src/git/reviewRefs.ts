import { execFile } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { errorMessage, UserError } from '../core/errors';
import { firstLine, type GitRepo } from './repo';

/**
 * Reviews are annotated tag objects kept under their own ref namespace, one ref per review named
 * by the tag object's id: `refs/model-ledger/reviews/<model>/<tag object id>`. Not under
 * refs/tags, so `git tag -l`, GTO and the registry scan never see them; one ref each, so two
 * reviewers never conflict; tag objects, so they can be signed (docs/decisions.md says why).
 */
export const REVIEW_REF_PREFIX = 'refs/model-ledger/reviews/';
/** What `git push` / `git fetch` are given to carry every review. */
export const REVIEW_REFSPEC = `${REVIEW_REF_PREFIX}*:${REVIEW_REF_PREFIX}*`;

/** A review tag as `git for-each-ref` reads it, before its message is understood. */
export interface ReviewTagRef {
  ref: string;
  /** The tag object's id. */
  object: string;
  /** What the tag points at: the version's registration tag object, or its commit. */
  target: string;
  targetType: string;
  taggerName: string;
  taggerEmail: string;
  /** Tagger date, ms since the epoch. */
  at: number;
  message: string;
  signed: boolean;
}

const FIELDS = ['%(refname)', '%(objectname)', '%(objecttype)', '%(object)', '%(type)', '%(taggername)', '%(taggeremail)', '%(taggerdate:unix)', '%(contents:signature)', '%(contents)'];
const FORMAT = FIELDS.map((f) => `${f}%00`).join('');

/** Every review tag (of one model's folder when `folder` is given), read in one `git for-each-ref`. */
export async function listReviewTags(repo: GitRepo, folder?: string): Promise<{ tags: ReviewTagRef[]; notTags: string[] }> {
  const out = await repo.git.raw(['for-each-ref', `--format=${FORMAT}`, REVIEW_REF_PREFIX + (folder === undefined ? '' : `${folder}/`)]);
  const tokens = out.split('\0');
  const tags: ReviewTagRef[] = [];
  const notTags: string[] = [];
  for (let i = 0; i + FIELDS.length <= tokens.length; i += FIELDS.length) {
    const [ref, object, type, target, targetType, taggerName, taggerEmail, date, signature, message] = tokens.slice(i, i + FIELDS.length) as string[];
    const name = ref!.replace(/^\n/, '');
    if (type !== 'tag') {
      notTags.push(name);
      continue;
    }
    tags.push({
      ref: name,
      object: object!,
      target: target!,
      targetType: targetType!,
      taggerName: taggerName!,
      taggerEmail: taggerEmail!.replace(/^<|>$/g, ''),
      at: Number(date) * 1000 || 0,
      message: message!,
      signed: signature !== '',
    });
  }
  return { tags, notTags };
}

export async function countReviewRefs(repo: GitRepo): Promise<number> {
  return (await repo.git.raw(['for-each-ref', '--format=%(refname)', REVIEW_REF_PREFIX])).split('\n').filter((l) => l !== '').length;
}

export interface TagObjectWrite {
  /** The folder under {@link REVIEW_REF_PREFIX} the ref goes in. */
  folder: string;
  /** The object the tag points at (a tag object or a commit id). */
  target: string;
  message: string;
  /** Sign (`git tag -s`); otherwise git's own `tag.gpgSign` decides. */
  sign: boolean;
}

/**
 * Writes an annotated tag object and its ref under {@link REVIEW_REF_PREFIX}. `git tag` is the
 * only command that writes (and signs, with the user's own signing setup) a tag object, and it
 * writes under refs/tags: so the tag is made under a scratch name there, moved, and the scratch
 * name removed at once (a name GTO's grammar does not read, so nothing picks it up meanwhile).
 */
export async function writeReviewTag(repo: GitRepo, write: TagObjectWrite): Promise<{ ref: string; object: string }> {
  const scratch = `model-ledger-review-${crypto.randomBytes(8).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'model-ledger-review-'));
  const file = path.join(dir, 'message');
  try {
    fs.writeFileSync(file, write.message);
    try {
      await repo.git.raw(['tag', '-a', ...(write.sign ? ['-s'] : []), '--cleanup=verbatim', '-F', file, '--', scratch, write.target]);
    } catch (error) {
      throw new UserError(`git could not write the review${write.sign ? ' (signed: is user.signingkey set?)' : ''}: ${firstLine(errorMessage(error))}`);
    }
    const object = (await repo.git.raw(['rev-parse', '--verify', `refs/tags/${scratch}`])).trim();
    const ref = `${REVIEW_REF_PREFIX}${write.folder}/${object}`;
    await repo.git.raw(['update-ref', ref, object, '']);
    return { ref, object };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await repo.git.raw(['update-ref', '-d', `refs/tags/${scratch}`]);
  }
}

/** Removes one review ref (a review the store could not record, taken back at once). */
export async function deleteReviewRef(repo: GitRepo, ref: string): Promise<void> {
  if (!ref.startsWith(REVIEW_REF_PREFIX)) throw new Error(`${ref} is not a review ref.`);
  await repo.git.raw(['update-ref', '-d', ref]);
}

export interface TagVerification {
  valid: boolean;
  /** Who the signature says signed it: the SSH principal from gpg.ssh.allowedSignersFile, or the OpenPGP user id. */
  signer: string | null;
  /** git's own words when it did not pass (no allowed signers file, bad signature, unknown key). */
  detail: string;
}

/** `git verify-tag --raw` on a tag object: whether it passed and who signed it. */
export async function verifyTagObject(repo: GitRepo, object: string): Promise<TagVerification> {
  if (!/^[0-9a-f]{40,64}$/.test(object)) throw new UserError(`${JSON.stringify(object)} is not a git object id.`);
  const { code, stderr } = await runGit(repo.root, ['verify-tag', '--raw', object]);
  const ssh = /Good "git" signature for (.+?) with /.exec(stderr);
  const gpg = /^\[GNUPG:\] GOODSIG \S+ (.+)$/m.exec(stderr);
  const signer = ssh?.[1] ?? gpg?.[1] ?? null;
  return { valid: code === 0 && signer !== null, signer, detail: code === 0 ? '' : firstLine(stderr) };
}

function runGit(cwd: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? (error.code as number) : 0, stderr });
    });
  });
}
