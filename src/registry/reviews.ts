import { UserError } from '../core/errors';
import { parseTagName, registerTagName, assertModelName, assertStageName, assertVersion } from '../core/gto';
import type { Review, ReviewDecision } from '../core/governance/review';
import { registrationKey, reviewBinding, reviewProblem, signatureStanding, type JudgedReview, type Registration } from '../core/governance/reviewChecks';
import { formatReviewMessage, parseReviewMessage } from '../core/governance/reviewMessage';
import type { GitRepo } from '../git/repo';
import { signingTrust } from '../git/signingTrust';
import { listReviewTags, verifyTagObject, writeReviewTag, type ReviewTagRef, type TagVerification } from '../git/reviewRefs';

/** A ref name made only of characters a shell takes as they are. */
const PLAIN_REF = /^refs\/model-ledger\/reviews\/[A-Za-z0-9=._/-]+\/[0-9a-f]{40,64}$/;

/**
 * A fetched ref name as one shell word for a command to paste: another repository can name a ref
 * with `$(…)` or quotes, so any name but a plain review ref is single-quoted.
 */
function shellWord(ref: string): string {
  return PLAIN_REF.test(ref) ? ref : `'${ref.replaceAll("'", "'\\''")}'`;
}

export interface ReviewsRead {
  reviews: Review[];
  problems: string[];
}

export interface ReviewsListed {
  /** Every review found, oldest first, with how it stands. */
  judged: JudgedReview[];
  problems: string[];
}

/**
 * The reviews that count: those bound to each version's registration now in git (clock-skewed
 * ones included, and reported), signed or not; the gates judge identities and signatures. Reviews
 * of an earlier registration or of no registered version, and refs that are not reviews, are left
 * out and reported in `problems`, as are bad or mismatched signatures.
 */
export async function readReviews(repo: GitRepo, model?: string): Promise<ReviewsRead> {
  const { judged, problems } = await listReviews(repo, model);
  return { reviews: judged.filter((j) => j.standing === 'current' || j.standing === 'skewed').map((j) => j.review), problems };
}

/** Every review (of `model`, or all), judged: for `model-ledger review list` and the Models view. */
export async function listReviews(repo: GitRepo, model?: string): Promise<ReviewsListed> {
  if (model !== undefined) assertModelName(model);
  const [{ tags, notTags }, registrations] = await Promise.all([listReviewTags(repo, model === undefined ? undefined : refFolder(model)), readRegistrations(repo, model)]);
  const problems = notTags.map((ref) => `${ref} is not a review (not an annotated tag); remove it with "git update-ref -d ${shellWord(ref)}".`);
  const parsed: { tag: ReviewTagRef; review: Review }[] = [];
  for (const tag of tags) {
    const content = parseReviewMessage(tag.message);
    if (typeof content === 'string') {
      problems.push(`${tag.ref} is not a review Model Ledger can read: ${content}.`);
      continue;
    }
    if (model !== undefined && content.model !== model) continue; // a nested model's folder shares the prefix
    parsed.push({
      tag,
      review: {
        ...content,
        reviewer: { name: tag.taggerName, email: tag.taggerEmail },
        at: tag.at,
        versionTag: tag.targetType === 'tag' ? tag.target : null,
        signature: null,
        ref: tag.ref,
      },
    });
  }
  const verifications = await verifySigned(repo, parsed.map((p) => p.tag));
  const judged: JudgedReview[] = [];
  for (const { tag, review } of parsed.sort((a, b) => a.review.at - b.review.at || a.review.ref.localeCompare(b.review.ref))) {
    const verification = verifications.get(tag.object);
    if (verification) review.signature = { valid: verification.valid, signer: verification.signer };
    const registration = registrations.get(registrationKey(review.model, review.version));
    const one: JudgedReview = { review, standing: reviewBinding(review, tag.target, registration), signature: signatureStanding(review) };
    judged.push(one);
    const problem = reviewProblem(one, registration, verification?.detail ?? '');
    if (problem) problems.push(problem);
  }
  return { judged, problems };
}

export interface ReviewInput {
  model: string;
  version: string;
  stage: string;
  decision: ReviewDecision;
  comment?: string;
  /** Sign the review (`git tag -s`); unsigned reviews are still signed when git's tag.gpgSign is on. */
  sign?: boolean;
}

/** Longest comment kept: a review is a note, not a document. */
const MAX_COMMENT = 10_000;

/**
 * Writes one review as a tag object on the version's registration tag (so it is bound to that
 * registration), in the name of git's configured identity. Refuses a version that is not
 * registered, before anything is written.
 */
export async function writeReview(repo: GitRepo, input: ReviewInput): Promise<Review> {
  assertModelName(input.model);
  assertVersion(input.version);
  assertStageName(input.stage);
  const comment = input.comment ?? '';
  if (comment.length > MAX_COMMENT) throw new UserError(`The comment is ${comment.length} characters long; keep it under ${MAX_COMMENT}.`);
  const registration = (await readRegistrations(repo, input.model)).get(registrationKey(input.model, input.version));
  if (!registration) throw new UserError(`${input.model} ${input.version} is not registered in this repository (no tag ${registerTagName(input.model, input.version)}); nothing was written.`);
  await repo.identity(); // a clear error when git does not know who is writing
  const message = formatReviewMessage({ model: input.model, version: input.version, stage: input.stage, decision: input.decision, comment });
  const written = await writeReviewTag(repo, { folder: refFolder(input.model), target: registration.tagObject ?? registration.commit, message, sign: input.sign === true });
  const { judged } = await listReviews(repo, input.model);
  const review = judged.find((j) => j.review.ref === written.ref)?.review;
  if (!review) throw new Error(`The review ${written.ref} was written but cannot be read back.`);
  return review;
}

/** A model's folder under refs/model-ledger/reviews/ (":" of a nested artifact is "=" in a ref, as in tags). */
function refFolder(model: string): string {
  return model.replace(':', '=');
}

/**
 * The registrations (`name@version` tags) of one model, or of every model: one `git for-each-ref`
 * of the fields binding needs, no messages.
 */
async function readRegistrations(repo: GitRepo, model?: string): Promise<Map<string, Registration>> {
  // GTO names hold no glob characters, so `name@*` is exactly that model's version tags (and its deprecations, skipped below).
  const pattern = model === undefined ? 'refs/tags/' : `refs/tags/${registerTagName(model, '*')}`;
  const out = await repo.git.raw(['for-each-ref', `--format=${REGISTRATION_FORMAT}`, pattern]);
  const registrations = new Map<string, Registration>();
  for (const line of out.split('\n')) {
    const [ref, object, type, peeled, peeledType, date] = line.split('\0');
    const parsed = ref?.startsWith('refs/tags/') ? parseTagName(ref.slice('refs/tags/'.length)) : null;
    if (parsed?.action !== 'register' || parsed.version === null || !object) continue;
    const annotated = type === 'tag';
    if (annotated && peeledType !== 'commit') continue; // a tag of something other than a commit registers nothing
    if (!annotated && type !== 'commit') continue;
    registrations.set(registrationKey(parsed.model, parsed.version), {
      model: parsed.model,
      version: parsed.version,
      tagObject: annotated ? object : null,
      commit: annotated ? peeled! : object,
      at: annotated ? Number(date) * 1000 || 0 : 0,
    });
  }
  return registrations;
}

const REGISTRATION_FORMAT = ['%(refname)', '%(objectname)', '%(objecttype)', '%(*objectname)', '%(*objecttype)', '%(taggerdate:unix)'].join('%00');

/**
 * Verifications that passed, by repository, tag object and what trust was checked against (the
 * allowed signers file and its last change): a tag object never changes, so a review verified
 * once is not verified again until that file does. One that failed is checked every time.
 */
const verified = new Map<string, TagVerification>();

async function verifySigned(repo: GitRepo, tags: readonly ReviewTagRef[]): Promise<Map<string, TagVerification>> {
  const out = new Map<string, TagVerification>();
  const todo = tags.filter((t) => t.signed);
  if (todo.length === 0) return out;
  const trust = await signingTrust(repo);
  const WORKERS = 4;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(WORKERS, todo.length) }, async () => {
      while (next < todo.length) {
        const tag = todo[next++]!;
        const key = `${repo.root}\0${tag.object}\0${trust}`;
        let result = verified.get(key);
        if (!result) {
          result = await verifyTagObject(repo, tag.object);
          if (result.valid) verified.set(key, result);
        }
        out.set(tag.object, result);
      }
    }),
  );
  return out;
}
