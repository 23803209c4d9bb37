import * as path from 'node:path';
import { errorMessage, UserError } from '../core/errors';
import { assertModelName, assertStageName, assertVersion, parseTagName } from '../core/gto';
import { compareEvents, resolveModel, stageAt, type ModelState, type ResolvedEvent, type VersionState } from '../core/registryState';
import { bumpVersion, greatestVersion, type Bump } from '../core/semver';
import type { TagArtifact } from '../core/tagMessage';
import { chooseRemote, fetchTags, pushReviews, pushTags } from '../git/remotes';
import { countReviewRefs, deleteReviewRef } from '../git/reviewRefs';
import type { ChangedFile } from '../core/changedFiles';
import { GitRepo } from '../git/repo';
import type { Store } from '../store/store';
import { requireCommit } from './commits';
import { makeContext, requireModel, type RegistryContext } from './context';
import { artifactStatus, type ArtifactStatus } from './artifactStatus';
import { registerVersion, type RegisterInput, type RegisterResult } from './registerVersion';
import { scanRegistry, type ScanResult } from './scan';
import { allowedStages, readGtoStages } from './stagesConfig';
import { assignStage, checkStage, deprecateModel, deregisterVersion, rollbackStage, unassignStage, type StageChangeOptions, type TagWriteResult } from './stageWrites';
import { planGate, policySource, runGate, type GateCheckOptions, type GatePlan } from './gates/gates';
import type { GateResult } from '../core/governance/gateResult';
import { listReviews, writeReview, type ReviewInput, type ReviewsListed } from './reviews';
import type { Review } from '../core/governance/review';
import { editVersionMetadata, versionMetadata, type MetadataChange } from './metadataWrites';
import { annotateModel, readModelAnnotation, type ModelAnnotation } from './modelAnnotation';
import type { CurrentMetadata } from '../core/governance/metadataRecord';
import { openWorktree, removeWorktree, worktreeFolderName, worktreesRoot } from './worktrees';

export type { RegisterInput, RegisterResult } from './registerVersion';
export type { ScanResult } from './scan';
export type { StageChangeOptions, TagWriteResult } from './stageWrites';
export { GateRefusal, isGateRefusal, type ForceOption, type GateCheckOptions } from './gates/gates';
export type { ArtifactStatus } from './artifactStatus';
export type { ReviewInput, ReviewsListed } from './reviews';
export type { MetadataChange } from './metadataWrites';
export type { ModelAnnotation } from './modelAnnotation';

export interface RegistryOptions {
  /** Allowed stages from the editor's settings; over `.gto`'s list when not empty. */
  stages?: readonly string[];
}

export interface RepoStatus {
  root: string;
  head: string | null;
  branch: string | null;
  detached: boolean;
  /** Tracked files with uncommitted changes. */
  changedFiles: string[];
  shallow: boolean;
  /** Why some of the registry may be missing or some operations cannot work here; one line each. */
  warnings: string[];
}


/** A version registered at a commit, with the stages it holds (the status bar at HEAD). */
export interface VersionAtCommit {
  model: string;
  version: string;
  stages: string[];
}

/**
 * The git registry of one repository: GTO tags written and read through git, indexed in the
 * workspace store. Reads (models, history, stageAt) answer from the index; call scan() first
 * (and when refs change) to bring it up to date. Every write checks its input first, then writes
 * one tag, then indexes it with an audit entry; nothing reaches git or the store on bad input.
 */
export class Registry {
  private constructor(private readonly ctx: RegistryContext) {}

  /** The registry of the repository holding `repoDir`; a UserError when there is none (or no git). */
  static async open(repoDir: string, store: Store, options: RegistryOptions = {}): Promise<Registry> {
    const repo = await GitRepo.open(repoDir);
    return new Registry(makeContext(repo, store, options.stages ?? []));
  }

  /** Throws the UserError Registry.open would (no git, or no repository) without needing a store. */
  static async assertAvailable(dir: string): Promise<void> {
    await GitRepo.open(dir);
  }

  /** Whether `dir` is inside a git repository (the registry commands need one). */
  static async isAvailable(dir: string): Promise<boolean> {
    return (await GitRepo.find(dir)) !== null;
  }

  /** The repository's top folder: artifact paths and `.gto` are relative to it. */
  get root(): string {
    return this.ctx.repo.root;
  }

  /** Reads new and changed tags into the store (all of them into an empty store). */
  scan(): Promise<ScanResult> {
    return scanRegistry(this.ctx.repo, this.ctx.store);
  }

  // ---- reads (from the index) ----

  /** Every model with registry tags, resolved as GTO does, sorted by name. */
  models(): ModelState[] {
    return this.ctx.index.models().map((name) => resolveModel(name, this.ctx.index.events(name)));
  }

  /** One model; null when no tag names it. */
  model(name: string): ModelState | null {
    const events = this.ctx.index.events(name);
    return events.length === 0 ? null : resolveModel(name, events);
  }

  version(model: string, version: string): VersionState {
    const v = requireModel(this.ctx, model).versions.find((x) => x.version === version);
    if (!v) throw new UserError(`${model} has no version ${version}.`);
    return v;
  }

  /** The model's events oldest first (registered, deregistered, assigned, unassigned, deprecated), with who and when. */
  history(model: string): ResolvedEvent[] {
    return requireModel(this.ctx, model).events;
  }

  /** The version that was in `stage` at `date` (events up to and including it); null when none was. */
  stageAt(model: string, stage: string, date: Date | number): string | null {
    assertStageName(stage);
    const at = typeof date === 'number' ? date : date.getTime();
    if (!Number.isFinite(at)) throw new UserError('That date is not a valid date.');
    return stageAt(model, requireModel(this.ctx, model).events, stage, at);
  }

  /** The next version for each kind of bump (v0.0.1, v0.1.0, v1.0.0 for a new model). */
  nextVersions(model: string): Record<Bump, string> {
    const state = this.model(model);
    const latest = greatestVersion(state?.versions.filter((v) => v.active && v.registered).map((v) => v.version) ?? []);
    return { patch: bumpVersion(latest, 'patch'), minor: bumpVersion(latest, 'minor'), major: bumpVersion(latest, 'major') };
  }

  /** Stages a version may be assigned to: `override`, else the open options' stages, else `.gto`, else dev, staging, prod. */
  allowedStages(override?: readonly string[]): string[] {
    return allowedStages(this.root, override && override.length > 0 ? override : this.ctx.stagesOverride);
  }

  /** The versions registered at `commit` (default HEAD) and their stages. */
  async atCommit(commit?: string): Promise<VersionAtCommit[]> {
    const sha = commit === undefined ? await this.ctx.repo.head() : await this.ctx.repo.resolveCommit(commit);
    if (!sha) return [];
    return this.ctx.index
      .modelsAtCommit(sha)
      .flatMap((name) => resolveModel(name, this.ctx.index.events(name)).versions.filter((v) => v.commit === sha && v.active).map((v) => ({ model: name, version: v.version, stages: v.stages })));
  }

  async status(): Promise<RepoStatus> {
    const repo = this.ctx.repo;
    const [head, branch, changedFiles, shallow] = [await repo.head(), await repo.branch(), await repo.changedTrackedFiles(), await repo.isShallow()];
    const warnings: string[] = [];
    if (shallow) warnings.push('This is a shallow clone: tags on commits outside its history are missing, and those versions cannot be checked out; run "git fetch --unshallow --tags".');
    if (head === null) warnings.push('The repository has no commit yet: nothing can be registered.');
    else if (branch === null) warnings.push('HEAD is detached: versions register at the checked-out commit.');
    warnings.push(...readGtoStages(this.root).problems);
    return { root: this.root, head, branch, detached: head !== null && branch === null, changedFiles, shallow, warnings };
  }

  // ---- writes ----

  register(input: RegisterInput): Promise<RegisterResult> {
    return registerVersion(this.ctx, input);
  }

  /** Assigns a stage once its gate passes (or is overridden with `force`, where the policy allows); a GateRefusal otherwise. */
  assign(model: string, version: string, stage: string, options: StageChangeOptions = {}): Promise<TagWriteResult> {
    return assignStage(this.ctx, model, version, stage, options);
  }

  unassign(model: string, version: string, stage: string): Promise<TagWriteResult> {
    return unassignStage(this.ctx, model, version, stage);
  }

  /** Puts the previous holder back, through the same gate as an assignment. */
  rollback(model: string, stage: string, options: StageChangeOptions = {}): Promise<TagWriteResult> {
    return rollbackStage(this.ctx, model, stage, options);
  }

  /**
   * Evaluates the gate of putting a version in a stage without writing anything. For a version
   * that holds the stage already, the gate is judged as when the tag that put it there was
   * written: `current` is the holder just before that tag, and `signed` verifies the tag.
   */
  async checkGate(model: string, version: string, stage: string, options: GateCheckOptions = {}): Promise<GateResult> {
    checkModelVersion(model, version);
    checkStage(this.ctx, stage);
    const plan = planGate(this.ctx, model, stage, options, await policySource(this.ctx, options));
    await this.scan();
    const state = requireModel(this.ctx, model);
    const v = this.version(model, version);
    if (!v.stages.includes(stage)) return (await runGate(this.ctx, { state, version: v, stage, existingTag: null, untrusted: options.untrusted }, plan)).result;
    const tag = [...state.events].reverse().find((e) => e.action === 'assign' && e.stage === stage && e.version === version)!.tag;
    return this.checkStageTag(tag, plan, options);
  }

  /**
   * Evaluates the gate of a stage tag that exists (`model-ledger check --tag NAME#STAGE#N`, as CI
   * does on a pushed tag): its version and stage come from the tag, `current` is the holder just
   * before it, and `signed` verifies it.
   */
  async checkTag(tag: string, options: GateCheckOptions = {}): Promise<GateResult> {
    const parsed = parseTagName(tag);
    if (parsed?.action !== 'assign' || parsed.stage === null) throw new UserError(`"${tag}" is not a stage assignment tag; give one such as churn#prod#3 (NAME#STAGE#N).`);
    checkStage(this.ctx, parsed.stage);
    const plan = planGate(this.ctx, parsed.model, parsed.stage, options, await policySource(this.ctx, options));
    await this.scan();
    return this.checkStageTag(tag, plan, options);
  }

  private async checkStageTag(tag: string, plan: GatePlan, options: GateCheckOptions): Promise<GateResult> {
    const parsed = parseTagName(tag)!;
    const state = requireModel(this.ctx, parsed.model);
    const event = state.events.find((e) => e.tag === tag);
    if (event === undefined || event.version === null) throw new UserError(`No stage tag ${tag} of ${parsed.model} is indexed; fetch the tags ("git fetch --tags") and check again.`);
    // The model as it stood just before the tag: who held the stage, and which stages the version held.
    const before = resolveModel(parsed.model, this.ctx.index.events(parsed.model).filter((e) => compareEvents(e, event) < 0));
    const v = before.versions.find((x) => x.version === event.version) ?? { ...this.version(parsed.model, event.version), stages: [], assigned: [] };
    return (await runGate(this.ctx, { state: before, version: v, stage: parsed.stage!, existingTag: tag, untrusted: options.untrusted }, plan)).result;
  }

  /** Deprecates a model; `reason` (trimmed, empty for none) is kept in the tag's message. */
  deprecate(model: string, reason?: string): Promise<TagWriteResult> {
    return deprecateModel(this.ctx, model, reason?.trim() || null);
  }

  /** Why the model was deprecated (its latest deprecation's reason); null when it is not deprecated or none was given. */
  deprecationReason(model: string): string | null {
    const state = requireModel(this.ctx, model);
    if (!state.deprecated) return null;
    const last = state.events.filter((e) => e.action === 'deprecate').pop();
    return last?.metadata?.reason ?? null;
  }

  // ---- editable metadata ----

  /** A version's description and labels now (its latest metadata record's, else its registration's). */
  versionMetadata(model: string, version: string): CurrentMetadata {
    checkModelVersion(model, version);
    return versionMetadata(this.ctx, model, version);
  }

  /** Records a version's new description and/or labels (a metadata record tag; see metadataWrites.ts). */
  editVersion(model: string, version: string, change: MetadataChange): Promise<{ tag: string; metadata: CurrentMetadata }> {
    return editVersionMetadata(this.ctx, model, version, change);
  }

  /** A model's description and labels as dvc.yaml or artifacts.yaml declare them. */
  modelAnnotation(model: string): ModelAnnotation {
    assertModelName(model);
    return readModelAnnotation(this.root, model);
  }

  /** Writes a model's description and/or labels to dvc.yaml or artifacts.yaml (not committed), then indexes it. */
  async annotateModel(model: string, change: MetadataChange): Promise<ModelAnnotation> {
    assertModelName(model);
    this.ctx.store.assertWritable();
    requireModel(this.ctx, model);
    const before = readModelAnnotation(this.root, model);
    const annotation = annotateModel(this.root, model, change);
    const actor = await this.ctx.repo.identity();
    const recorded = (a: ModelAnnotation) => ({ description: a.description, labels: a.labels, file: a.file });
    await scanRegistry(this.ctx.repo, this.ctx.store, () =>
      this.ctx.store.audit.append({ actor, action: 'model.describe', target: model, before: recorded(before), after: recorded(annotation) }),
    );
    return annotation;
  }

  deregister(model: string, version: string): Promise<TagWriteResult> {
    return deregisterVersion(this.ctx, model, version);
  }

  // ---- reviews ----

  /**
   * Writes a review request, approval or rejection of a version for a stage (one of the allowed
   * stages) in git, and records it in the audit log.
   */
  async review(input: ReviewInput): Promise<Review> {
    assertStageName(input.stage);
    const stages = this.allowedStages();
    if (!stages.includes(input.stage)) throw new UserError(`Stage "${input.stage}" is not one of the allowed stages (${stages.join(', ')}); nothing was written.`);
    this.ctx.store.assertWritable();
    const review = await writeReview(this.ctx.repo, input);
    try {
      this.ctx.store.audit.append({
        actor: `${review.reviewer.name} <${review.reviewer.email}>`,
        action: `review.${review.decision}`,
        target: `${review.model}@${review.version}#${review.stage}`,
        after: { ref: review.ref, comment: review.comment, signed: review.signature !== null },
        at: review.at,
      });
    } catch (error) {
      await deleteReviewRef(this.ctx.repo, review.ref);
      throw new UserError(`Nothing was written: the store could not record the review, so it was removed from git again. ${errorMessage(error)}`, { cause: error });
    }
    return review;
  }

  /** Every review in git (of `model`, or all), each with how it stands, and what is wrong with any. */
  reviews(model?: string): Promise<ReviewsListed> {
    return listReviews(this.ctx.repo, model);
  }

  // ---- reproduce and inspect ----

  /** Re-hashes a version's artifact in the working tree: unchanged, modified or missing since registration. */
  async verifyArtifact(model: string, version: string): Promise<ArtifactStatus> {
    return artifactStatus(this.root, this.recordedArtifact(model, version));
  }

  /** The artifact recorded at registration (path, sha256, size); a UserError when none was. */
  recordedArtifact(model: string, version: string): TagArtifact & { sha256: string } {
    checkModelVersion(model, version);
    const artifact = this.version(model, version).metadata?.artifact;
    if (!artifact?.sha256) {
      throw new UserError(`${model} ${version} has no recorded artifact hash (registered without Model Ledger's metadata, e.g. by gto); nothing to verify.`);
    }
    return { ...artifact, sha256: artifact.sha256 };
  }

  /** Checks out a version's commit in `.modelledger/worktrees/<model>-<version>`; returns that folder. */
  async openWorktree(model: string, version: string): Promise<string> {
    checkModelVersion(model, version);
    const v = this.version(model, version);
    const dir = path.join(worktreesRoot(this.ctx.store.path), worktreeFolderName(model, version));
    return openWorktree(this.ctx.repo, dir, v.commit, `${model} ${version}`);
  }

  /** Removes a worktree openWorktree made; `force` also when it has changes. */
  removeWorktree(dir: string, options: { force?: boolean } = {}): Promise<void> {
    return removeWorktree(this.ctx.repo, worktreesRoot(this.ctx.store.path), dir, options.force === true);
  }

  /** Files that differ between two versions' commits (for a diff editor per file). */
  async changedFiles(model: string, fromVersion: string, toVersion: string): Promise<ChangedFile[]> {
    checkModelVersion(model, fromVersion);
    checkModelVersion(model, toVersion);
    const from = await requireCommit(this.ctx.repo, this.version(model, fromVersion).commit, `The commit of ${model} ${fromVersion}`);
    const to = await requireCommit(this.ctx.repo, this.version(model, toVersion).commit, `The commit of ${model} ${toVersion}`);
    return this.ctx.repo.changedFiles(from, to);
  }

  // ---- share ----

  /** Pushes every registry tag and every review to `remote` (default origin); a rejection changes nothing here. */
  async push(remote?: string): Promise<{ remote: string; tags: number; reviews: number }> {
    const name = await chooseRemote(this.ctx.repo, remote);
    await this.scan();
    const tags = [...this.ctx.index.knownObjects().keys()].sort();
    if (tags.length > 0) await pushTags(this.ctx.repo, name, tags);
    const reviews = await countReviewRefs(this.ctx.repo);
    if (reviews > 0) await pushReviews(this.ctx.repo, name);
    return { remote: name, tags: tags.length, reviews };
  }

  /** Fetches the remote's tags and reviews (default origin), then indexes the new tags. */
  async fetch(remote?: string): Promise<{ remote: string; scan: ScanResult; newReviews: number }> {
    const name = await chooseRemote(this.ctx.repo, remote);
    const reviewsBefore = await countReviewRefs(this.ctx.repo);
    await fetchTags(this.ctx.repo, name);
    const newReviews = (await countReviewRefs(this.ctx.repo)) - reviewsBefore;
    return { remote: name, scan: await this.scan(), newReviews };
  }
}

function checkModelVersion(model: string, version: string): void {
  assertModelName(model);
  if (!/^[0-9a-f]{40}$/.test(version)) assertVersion(version);
}
