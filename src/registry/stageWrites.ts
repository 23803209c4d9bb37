import { UserError } from '../core/errors';
import {
  assertModelName,
  assertStageName,
  assertVersion,
  assignTagName,
  deprecateTagName,
  deregisterTagName,
  nextCounter,
  unassignTagName,
} from '../core/gto';
import { rollbackTarget, type ModelState, type VersionState } from '../core/registryState';
import { emptyMetadata, formatTagMessage, subjects } from '../core/tagMessage';
import { listTagRefs, tagExists } from '../git/tags';
import { assertNotForeign, requireModel, writeTag, type RegistryContext } from './context';
import type { GateResult } from '../core/governance/gateResult';
import { gateStageChange, type ForceOption } from './gates/gates';
import { scanRegistry } from './scan';
import { allowedStages } from './stagesConfig';

/** What a stage or lifecycle write did. */
export interface TagWriteResult {
  tag: string;
  model: string;
  version: string | null;
  stage: string | null;
  /** The version that held the stage before (assign, unassign, rollback). */
  previous: string | null;
  /** How an assignment (or rollback) was gated; absent on other writes. */
  gate?: GateResult;
}

export interface StageChangeOptions {
  /** Go through a failing gate, where the policy allows an override; the reason is recorded. */
  force?: ForceOption;
}

/**
 * Assigns `stage` to a version: the tag `name#stage#N` on the version's commit, once the stage's
 * gate (policy.yaml) passes; the gate result goes into the tag's message and the audit entry.
 */
export async function assignStage(ctx: RegistryContext, model: string, version: string, stage: string, options: StageChangeOptions & { action?: string } = {}): Promise<TagWriteResult> {
  checkNames(model, version);
  checkStage(ctx, stage);
  const actor = await ctx.repo.identity();
  const state = await freshModel(ctx, model);
  const v = requireActiveVersion(state, version);
  const previous = holderOf(state, stage);
  if (previous === version) throw new UserError(`${model} ${version} is in ${stage} already.`);
  const { result: gate, sign } = await gateStageChange(ctx, { state, version: v, stage, rollback: options.action === 'stage.rollback' }, actor, options.force);
  const recorded = gate.outcome === 'none' ? {} : { gate };
  const tag = assignTagName(model, stage, await counterFor(ctx, model));
  await writeTag(ctx, {
    model,
    name: tag,
    commit: v.commit,
    message: formatTagMessage(subjects.assign(model, version, stage), { ...emptyMetadata(), version, ...recorded }),
    audit: { actor, action: options.action ?? 'stage.assign', target: `${model}#${stage}`, before: { version: previous }, after: { version, tag, ...recorded } },
    sign,
  });
  return { tag, model, version, stage, previous, gate };
}

/** Takes `stage` from a version: the tag `name#stage!#N`. */
export async function unassignStage(ctx: RegistryContext, model: string, version: string, stage: string): Promise<TagWriteResult> {
  checkNames(model, version);
  assertStageName(stage);
  const actor = await ctx.repo.identity();
  const state = await freshModel(ctx, model);
  const v = requireActiveVersion(state, version);
  if (!v.assigned.includes(stage)) throw new UserError(`${model} ${version} is not in ${stage}${describeHolder(state, stage)}.`);
  const previous = holderOf(state, stage);
  const tag = unassignTagName(model, stage, await counterFor(ctx, model));
  await writeTag(ctx, {
    model,
    name: tag,
    commit: v.commit,
    message: formatTagMessage(subjects.unassign(model, version, stage), { ...emptyMetadata(), version }),
    audit: { actor, action: 'stage.unassign', target: `${model}#${stage}`, before: { version: previous }, after: { unassigned: version, tag } },
  });
  return { tag, model, version, stage, previous };
}

/** Puts back the version that held `stage` before the current one: a new assignment tag for it. */
export async function rollbackStage(ctx: RegistryContext, model: string, stage: string, options: StageChangeOptions = {}): Promise<TagWriteResult> {
  assertModelName(model);
  assertStageName(stage);
  await scanRegistry(ctx.repo, ctx.store);
  const state = requireModel(ctx, model);
  const target = rollbackTarget(state, ctx.index.events(model), stage);
  if (target === null) throw new UserError(`No earlier version of ${model} held ${stage}${describeHolder(state, stage)}; nothing to roll back to.`);
  return assignStage(ctx, model, target, stage, { ...options, action: 'stage.rollback' });
}

/** Deregisters a version: the tag `name@vX.Y.Z!` on its commit. */
export async function deregisterVersion(ctx: RegistryContext, model: string, version: string): Promise<TagWriteResult> {
  checkNames(model, version);
  const actor = await ctx.repo.identity();
  const state = await freshModel(ctx, model);
  const v = requireActiveVersion(state, version);
  if (!v.registered) throw new UserError(`${model} ${version} was never registered (GTO made it up for a stage tag); nothing to deregister.`);
  let tag = deregisterTagName(model, version);
  // Registered again after a deregistration (GTO can), it needs a counter to be new.
  if (await tagExists(ctx.repo, tag)) tag = `${tag}#${await counterFor(ctx, model)}`;
  await writeTag(ctx, {
    model,
    name: tag,
    commit: v.commit,
    message: formatTagMessage(subjects.deregister(model, version), emptyMetadata()),
    audit: { actor, action: 'version.deregister', target: `${model}@${version}`, before: { stages: v.stages }, after: { tag } },
  });
  return { tag, model, version, stage: null, previous: null };
}

/** Deprecates a model: the tag `name@deprecated` on the commit of its latest event, as GTO does; the reason goes in its message. */
export async function deprecateModel(ctx: RegistryContext, model: string, reason: string | null = null): Promise<TagWriteResult> {
  assertModelName(model);
  const actor = await ctx.repo.identity();
  const state = await freshModel(ctx, model);
  if (state.deprecated) throw new UserError(`${model} is deprecated already.`);
  let tag = deprecateTagName(model);
  if (await tagExists(ctx.repo, tag)) tag = deprecateTagName(model, await counterFor(ctx, model));
  await writeTag(ctx, {
    model,
    name: tag,
    commit: state.events[state.events.length - 1]!.commit,
    message: formatTagMessage(subjects.deprecate(model), { ...emptyMetadata(), reason }),
    audit: { actor, action: 'model.deprecate', target: model, after: reason === null ? { tag } : { tag, reason } },
  });
  return { tag, model, version: null, stage: null, previous: null };
}

function checkNames(model: string, version: string): void {
  assertModelName(model);
  // A version GTO made up for a stage tag on an unregistered commit is named by the commit.
  if (!/^[0-9a-f]{40}$/.test(version)) assertVersion(version);
}

export function checkStage(ctx: RegistryContext, stage: string): void {
  assertStageName(stage);
  const allowed = allowedStages(ctx.repo.root, ctx.stagesOverride);
  if (!allowed.includes(stage)) {
    throw new UserError(`Stage "${stage}" is not allowed here (allowed: ${allowed.join(', ') || 'none'}; set by .gto or the stages setting).`);
  }
}

async function freshModel(ctx: RegistryContext, model: string): Promise<ModelState> {
  await scanRegistry(ctx.repo, ctx.store);
  assertNotForeign(ctx, model);
  return requireModel(ctx, model);
}

function requireActiveVersion(state: ModelState, version: string): VersionState {
  const v = state.versions.find((x) => x.version === version);
  if (!v) {
    const known = state.versions.filter((x) => x.active).map((x) => x.version);
    throw new UserError(`${state.name} has no version ${version}${known.length ? ` (versions: ${known.slice(0, 8).join(', ')})` : ''}.`);
  }
  if (!v.active) throw new UserError(`${state.name} ${version} is deregistered.`);
  return v;
}

function holderOf(state: ModelState, stage: string): string | null {
  return state.stages.find((s) => s.stage === stage)?.version ?? null;
}

function describeHolder(state: ModelState, stage: string): string {
  const holder = holderOf(state, stage);
  return holder ? ` (${stage} holds ${holder})` : ` (${stage} is empty)`;
}

/** The next `#N` for the model, from every tag git has now (lightweight ones too, as GTO counts). */
async function counterFor(ctx: RegistryContext, model: string): Promise<number> {
  return nextCounter(model, (await listTagRefs(ctx.repo)).map((r) => r.name));
}
