import * as fs from 'node:fs';
import * as path from 'node:path';
import { dvcArtifactNameWarning } from '../core/dvcArtifactNames';
import { UserError } from '../core/errors';
import { assertModelName, assertVersion, registerTagName } from '../core/gto';
import { pathInside } from '../core/pathInside';
import type { ModelState } from '../core/registryState';
import { BUMPS, bumpVersion, greatestVersion, type Bump } from '../core/semver';
import { formatTagMessage, subjects, type TagArtifact, type TagDataset, type TagMetadata } from '../core/tagMessage';
import type { Run } from '../core/types';
import { scanRegistry } from './scan';
import { assertNotForeign, modelState, writeTag, type RegistryContext } from './context';
import { hashArtifact } from '../artifacts/hashArtifact';
import { missingCommitMessage } from './commits';
import { datasetsToRecord, type NamedDataset, type ProfileDataFile } from './versionData';

export interface RegisterInput {
  model: string;
  /** The exact version (v1.2.0); or leave it out and give `bump` (default: patch). */
  version?: string;
  bump?: Bump;
  /** A commit-ish; default: the run's commit when `runId` is given, else HEAD. */
  commit?: string;
  /** The model file or folder: absolute, or relative to the repository root. */
  artifactPath: string;
  /** A run in the store: its metrics snapshot is recorded, and its commit is the default. */
  runId?: string;
  description?: string;
  /** Register even with uncommitted changes; the version then records dirty: true. */
  allowDirty?: boolean;
  /** Data it was trained or evaluated on, besides the run's logged inputs (which are recorded too). */
  data?: readonly NamedDataset[];
  /** Profiles each local dataset recorded; without it the tag records no profile. */
  profileData?: ProfileDataFile;
}

export interface RegisterResult {
  tag: string;
  model: string;
  version: string;
  commit: string;
  artifact: TagArtifact;
  dirty: boolean;
  /** The datasets recorded in the tag. */
  data: TagDataset[];
  /** What the user should know though nothing failed, one line each (a new name outside DVC's rule). */
  warnings: string[];
}

/**
 * Registers a version: checks everything (name, version, run, commit, artifact, working tree,
 * that neither the version nor a version at that commit exists), hashes the artifact, writes
 * the tag `name@vX.Y.Z` with the metadata, then indexes it with an audit entry. Nothing
 * reaches git or the store when a check fails, the store's ability to take the write included.
 */
export async function registerVersion(ctx: RegistryContext, input: RegisterInput): Promise<RegisterResult> {
  assertModelName(input.model);
  if (input.version !== undefined && input.bump !== undefined) throw new UserError('Give a version or a bump, not both.');
  if (input.version !== undefined) assertVersion(input.version);
  if (input.bump !== undefined && !BUMPS.includes(input.bump)) throw new UserError(`Bump must be one of ${BUMPS.join(', ')}; got ${JSON.stringify(input.bump)}.`);
  // Before git and before hashing a large artifact: a version the store cannot record is not registered.
  ctx.store.assertWritable();
  const artifactFile = resolveArtifact(ctx.repo.root, input.artifactPath);
  const run = input.runId === undefined ? undefined : requireRun(ctx, input.runId);
  const commit = await chooseCommit(ctx, input.commit, run);
  const head = await ctx.repo.head();
  const changed = commit === head ? await ctx.repo.changedTrackedFiles() : [];
  const runDirty = run?.git?.dirty === true;
  if ((changed.length > 0 || runDirty) && !input.allowDirty) throw new UserError(dirtyMessage(changed, run));
  const actor = await ctx.repo.identity();

  await scanRegistry(ctx.repo, ctx.store);
  assertNotForeign(ctx, input.model);
  const state = modelState(ctx, input.model);
  const version = input.version ?? nextFreeVersion(state, input.bump ?? 'patch');
  assertVersionFree(input.model, state, version, commit);

  const hash = await hashArtifact(artifactFile);
  const artifact: TagArtifact = { path: path.relative(ctx.repo.root, artifactFile).split(path.sep).join('/'), sha256: hash.sha256, size: hash.size };
  const data = await datasetsToRecord(ctx.repo.root, input.data ?? [], run ? ctx.store.runs.inputs(run.id) : [], input.profileData);
  const dirty = changed.length > 0 || runDirty;
  const metadata: TagMetadata = {
    run: run?.id ?? null,
    artifact,
    metrics: run ? metricsSnapshot(ctx, run.id) : {},
    description: input.description?.trim() || null,
    dirty,
    version: null,
    data,
    labels: [],
    reason: null,
  };
  const tag = registerTagName(input.model, version);
  await writeTag(ctx, {
    model: input.model,
    name: tag,
    commit,
    message: formatTagMessage(subjects.register(input.model, version), metadata),
    audit: { actor, action: 'version.register', target: `${input.model}@${version}`, after: { tag, commit, runId: metadata.run, artifact, dirty, ...(data.length > 0 ? { data } : {}) } },
  });
  // Said once, when the name enters the registry: later versions cannot change it.
  const nameWarning = state === null ? dvcArtifactNameWarning(input.model) : null;
  return { tag, model: input.model, version, commit, artifact, dirty, data, warnings: nameWarning === null ? [] : [nameWarning] };
}

/** The greatest active version bumped, skipping versions that were registered once (GTO never reuses one). */
export function nextFreeVersion(state: ModelState | null, bump: Bump): string {
  const all = new Set(state?.versions.map((v) => v.version) ?? []);
  let next = bumpVersion(greatestVersion(state?.versions.filter((v) => v.active && v.registered).map((v) => v.version) ?? []), bump);
  while (all.has(next)) next = bumpVersion(next, 'patch');
  return next;
}

function assertVersionFree(model: string, state: ModelState | null, version: string, commit: string): void {
  const existing = state?.versions.find((v) => v.version === version);
  if (existing) {
    throw new UserError(
      existing.active
        ? `${model} ${version} is registered already; choose another version.`
        : `${model} ${version} was registered and deregistered; a version is never reused, choose another.`,
    );
  }
  const atCommit = state?.versions.find((v) => v.commit === commit && v.registered && v.active);
  if (atCommit) {
    throw new UserError(
      `${model} has ${atCommit.version} at commit ${commit.slice(0, 8)} already; GTO keeps one version of a model per commit: commit first, or deregister ${atCommit.version}.`,
    );
  }
}

function resolveArtifact(root: string, artifactPath: string): string {
  if (typeof artifactPath !== 'string' || artifactPath.trim() === '') throw new UserError('Name the artifact to register (a model file or folder).');
  const file = path.resolve(root, artifactPath);
  const rel = pathInside(root, file);
  if (rel === null || rel === '') {
    throw new UserError(`The artifact ${artifactPath} is outside the repository ${root}; a registered artifact lives in the repository.`);
  }
  if (rel.split(path.sep)[0] === '.git') throw new UserError(`The artifact ${artifactPath} is inside .git.`);
  if (!fs.existsSync(file)) throw new UserError(`The artifact ${artifactPath} does not exist.`);
  return file;
}

function requireRun(ctx: RegistryContext, runId: string): Run {
  const run = ctx.store.runs.get(runId);
  if (!run) throw new UserError(`No run with id ${JSON.stringify(runId)} in the store; import it first.`);
  return run;
}

async function chooseCommit(ctx: RegistryContext, commit: string | undefined, run: Run | undefined): Promise<string> {
  if (commit !== undefined) {
    const sha = await ctx.repo.resolveCommit(commit);
    if (!sha) throw new UserError(await missingCommitMessage(ctx.repo, `The commit ${JSON.stringify(commit)}`));
    return sha;
  }
  if (run?.git?.commit) {
    const sha = await ctx.repo.resolveCommit(run.git.commit);
    if (!sha) throw new UserError(await missingCommitMessage(ctx.repo, `Commit ${run.git.commit.slice(0, 8)} of run ${run.id}`));
    return sha;
  }
  const head = await ctx.repo.head();
  if (!head) throw new UserError('The repository has no commit yet; commit the code that made the model first.');
  return head;
}

function dirtyMessage(changed: string[], run: Run | undefined): string {
  if (changed.length > 0) {
    const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? `, and ${changed.length - 3} more` : '');
    return `The working tree has uncommitted changes (${shown}); commit them, or register anyway as dirty (--allow-dirty).`;
  }
  return `Run ${run!.id} was made from uncommitted changes; register it anyway as dirty (--allow-dirty), or re-run from a commit.`;
}

/** The run's metrics when registered: the last value of each series, finite ones only (JSON has no NaN). */
function metricsSnapshot(ctx: RegistryContext, runId: string): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, summary] of ctx.store.metrics.summaries(runId)) {
    if (Number.isFinite(summary.last) && key !== '__proto__') metrics[key] = summary.last;
  }
  return metrics;
}
