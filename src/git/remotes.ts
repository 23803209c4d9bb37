import { errorMessage, UserError } from '../core/errors';
import { firstLine, type GitRepo } from './repo';
import { REVIEW_REFSPEC } from './reviewRefs';

/** Tags per `git push`: keeps each command line well under the system's argument limit. */
const TAGS_PER_PUSH = 500;

export async function listRemotes(repo: GitRepo): Promise<string[]> {
  return (await repo.git.raw(['remote']))
    .split('\n')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/**
 * The configured remote to use: `requested`, else `origin`, else the only one. A remote is only
 * ever one git already knows, so no URL or option typed by a person reaches `git push`.
 */
export async function chooseRemote(repo: GitRepo, requested: string | undefined): Promise<string> {
  const remotes = await listRemotes(repo);
  if (remotes.length === 0) throw new UserError('This repository has no git remote; add one with "git remote add origin URL".');
  if (requested !== undefined) {
    if (!remotes.includes(requested) || requested.startsWith('-')) {
      throw new UserError(`No git remote named ${JSON.stringify(requested)} (remotes: ${remotes.join(', ')}).`);
    }
    return requested;
  }
  if (remotes.includes('origin')) return 'origin';
  if (remotes.length === 1) return remotes[0]!;
  throw new UserError(`Several git remotes (${remotes.join(', ')}) and none is "origin"; name the one to use.`);
}

/** Pushes these tags (names, not refs) to `remote`; a rejection is a UserError naming the reason. */
export async function pushTags(repo: GitRepo, remote: string, tags: readonly string[]): Promise<void> {
  for (let i = 0; i < tags.length; i += TAGS_PER_PUSH) {
    const refspecs = tags.slice(i, i + TAGS_PER_PUSH).map((t) => `refs/tags/${t}:refs/tags/${t}`);
    try {
      await repo.git.raw(['push', '--porcelain', '--', remote, ...refspecs]);
    } catch (error) {
      throw new UserError(`Pushing registry tags to "${remote}" failed: ${pushFailure(errorMessage(error))}. Nothing changed here.`);
    }
  }
}

/**
 * Pushes every review ref (refs/model-ledger/reviews/*). Each is named by its tag object, so a
 * ref the remote has already holds the same review, and two reviewers' pushes never conflict.
 */
export async function pushReviews(repo: GitRepo, remote: string): Promise<void> {
  try {
    await repo.git.raw(['push', '--porcelain', '--', remote, REVIEW_REFSPEC]);
  } catch (error) {
    throw new UserError(`Pushing reviews to "${remote}" failed: ${pushFailure(errorMessage(error))}. The registry tags were pushed.`);
  }
}

/**
 * Fetches every tag of `remote` (`refs/tags/*:refs/tags/*`) and its reviews
 * (refs/model-ledger/reviews/*). A tag that exists here with other content is not overwritten:
 * git refuses, and so does this, naming it.
 */
export async function fetchTags(repo: GitRepo, remote: string): Promise<void> {
  try {
    await repo.git.raw(['fetch', '--no-write-fetch-head', '--', remote, 'refs/tags/*:refs/tags/*', REVIEW_REFSPEC]);
  } catch (error) {
    throw new UserError(`Fetching registry tags from "${remote}" failed: ${fetchFailure(errorMessage(error))}.`);
  }
}

function pushFailure(text: string): string {
  // --porcelain prints "!\t<refspec>\t[remote rejected] (reason)" per refused tag.
  const rejected = text.split('\n').filter((l) => /^!\t/.test(l) || /\[(remote )?rejected\]/.test(l));
  if (rejected.length > 0) {
    const reasons = [...new Set(rejected.map((l) => /\(([^)]*)\)\s*$/.exec(l)?.[1] ?? 'rejected'))];
    const first = /refs\/tags\/([^:\s]+)/.exec(rejected[0]!)?.[1];
    return `the remote rejected ${rejected.length} tag(s)${first ? ` (first: ${first})` : ''}: ${reasons.join('; ')}`;
  }
  return firstLine(text);
}

function fetchFailure(text: string): string {
  const clobber = text.split('\n').find((l) => /would clobber existing tag|\[rejected\]/.test(l));
  if (clobber) {
    const tag = /->\s*(\S+)/.exec(clobber)?.[1];
    return `the remote has different content for tag ${tag ?? '(unknown)'} than this repository (not overwritten; delete the local tag to take the remote's)`;
  }
  return firstLine(text);
}
