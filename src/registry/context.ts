import { errorMessage, UserError } from '../core/errors';
import { resolveModel, type ModelState } from '../core/registryState';
import type { GitRepo } from '../git/repo';
import { verifyTagObject } from '../git/reviewRefs';
import { createAnnotatedTag, deleteTag, tagExists } from '../git/tags';
import type { AuditInput } from '../store/audit';
import { RegistryIndex } from '../store/registryIndex';
import type { Store } from '../store/store';
import { scanRegistry } from './scan';

/** What every registry operation works with. */
export interface RegistryContext {
  repo: GitRepo;
  store: Store;
  index: RegistryIndex;
  /** Stages allowed by the editor's settings, over `.gto`'s; empty for none. */
  stagesOverride: readonly string[];
}

export function makeContext(repo: GitRepo, store: Store, stagesOverride: readonly string[] = []): RegistryContext {
  return { repo, store, index: new RegistryIndex(store.db), stagesOverride };
}

/** A model as the index holds it now; null when no tag names it. */
export function modelState(ctx: RegistryContext, model: string): ModelState | null {
  const events = ctx.index.events(model);
  return events.length === 0 ? null : resolveModel(model, events);
}

/** The model's state, or a UserError naming the models there are. */
export function requireModel(ctx: RegistryContext, model: string): ModelState {
  const state = modelState(ctx, model);
  if (state) return state;
  const known = ctx.index.models();
  throw new UserError(`No model named "${model}" in the git registry${known.length ? ` (models: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''})` : ''}.`);
}

/** Refuses a model name an MLflow registry (or another source) already uses in this store. */
export function assertNotForeign(ctx: RegistryContext, model: string): void {
  const owner = ctx.store.models.origin(model);
  if (owner && owner.source !== 'git') {
    throw new UserError(`"${model}" is a model from ${owner.source} in this store; give the git registry's model another name.`);
  }
}

export interface TagWrite {
  /** The model the tag is of. */
  model: string;
  name: string;
  commit: string;
  message: string;
  audit: AuditInput;
  /** Sign the tag and keep it only when its signature verifies (a gate's `signed` rule). */
  sign?: boolean;
}

/**
 * The last two steps of every registry write, once everything is checked: the annotated tag,
 * then in one store write the tag's index rows and the audit entry. Never half of it: a store
 * that cannot be written is refused before git is touched, and when the store write fails all
 * the same (a full disk) the tag is removed again.
 */
export async function writeTag(ctx: RegistryContext, write: TagWrite): Promise<void> {
  ctx.store.assertWritable();
  if (await tagExists(ctx.repo, write.name)) throw new UserError(`The tag ${write.name} already exists; nothing was written.`);
  await waitForNextSecond(ctx, write.model);
  await createAnnotatedTag(ctx.repo, write.name, write.commit, write.message, { sign: write.sign === true });
  if (write.sign) await keepOnlyVerified(ctx, write.name);
  try {
    await scanRegistry(ctx.repo, ctx.store, () => ctx.store.audit.append(write.audit));
  } catch (error) {
    throw await takeBackTag(ctx, write.name, error);
  }
}

/** `git tag -v` on a tag just signed: a signature that does not verify (an unknown key, no allowed signers) removes it again. */
async function keepOnlyVerified(ctx: RegistryContext, name: string): Promise<void> {
  const object = (await ctx.repo.git.raw(['rev-parse', '--verify', `refs/tags/${name}`])).trim();
  const verification = await verifyTagObject(ctx.repo, object);
  if (verification.valid) return;
  await deleteTag(ctx.repo, name);
  throw new UserError(`Nothing was written: the policy requires a signed stage tag, and the signature of ${name} does not verify (${verification.detail || 'git verify-tag failed'}), so the tag was removed again. Check user.signingkey and gpg.ssh.allowedSignersFile.`);
}

/** Removes a tag the store could not record; the error to report, saying what was left. */
async function takeBackTag(ctx: RegistryContext, name: string, cause: unknown): Promise<UserError> {
  try {
    await deleteTag(ctx.repo, name);
  } catch (error) {
    return new UserError(
      `The store could not record the tag ${name} (${errorMessage(cause)}), and removing the tag failed too (${errorMessage(error)}): delete it with "git tag -d ${name}", then run the command again.`,
      { cause },
    );
  }
  return new UserError(`Nothing was written: the store could not record the tag ${name}, so the tag was removed again. ${errorMessage(cause)}`, { cause });
}

/**
 * Tag times are whole seconds, and within one second GTO cannot tell which of two tags came
 * first (a deprecation and a deregistration, a promotion and its rollback). So a write waits, at
 * most a second, until its tag is later than the model's latest: gto and Model Ledger then read
 * every registry Model Ledger writes in the same order. Only quick successions ever wait; a
 * latest tag dated further ahead (a teammate's fast clock, GIT_COMMITTER_DATE) is not waited for.
 */
async function waitForNextSecond(ctx: RegistryContext, model: string): Promise<void> {
  const latest = Math.max(0, ...ctx.index.events(model).map((e) => e.at));
  const wait = Math.floor(latest / 1000) * 1000 + 1000 - Date.now();
  if (wait > 0 && wait <= 1000) await new Promise((resolve) => setTimeout(resolve, wait + 5));
}
