import { UserError } from '../../core/errors';
import { applicableRules, evaluateGate, type ApplicableRules, type PolicySource } from '../../core/governance/evaluateGate';
import { gateSummary } from '../../core/governance/gateReport';
import { failedRuleNames, failedRules, type GateResult } from '../../core/governance/gateResult';
import type { RegistryContext } from '../context';
import { allowedStages } from '../stagesConfig';
import { gatherFacts, startEarlyFacts, type EarlyFacts, type GateSubject } from './gatherFacts';
import { readPolicy, readPolicyAt } from './policyFile';

/** A stage change made although its gate failed, as the policy allows (`--force --reason`, "Promote Anyway…"). */
export interface ForceOption {
  reason: string;
  /**
   * The refusal the user chose to override ("Promote Anyway…" answers one refusal, and the change
   * runs again later): when the version differs now, nothing is written; when the failed rules
   * differ, the gate refuses again.
   */
  expected?: { version: string; failed: readonly string[] };
}

/**
 * A stage change the gate refused: a UserError whose one-line message names every failed rule
 * and why, carrying the whole result (each rule, pass or fail) for a report.
 */
export class GateRefusal extends UserError {
  constructor(
    readonly result: GateResult,
    /** The change was asked with --force where the policy allows no override. */
    readonly forceRefused = false,
    /** The override was given for a refusal with other failed rules than this one. */
    readonly changedSinceForce = false,
  ) {
    const failed = failedRules(result).map((r) => `${r.rule}: ${r.detail}`).join('; ');
    const what = forceRefused
      ? 'Not forced: the policy does not allow an override for this stage (override: true), so nothing was written'
      : changedSinceForce
        ? 'Not forced: the gate changed since the override was asked (other rules fail now), so nothing was written; decide again'
        : 'Nothing was written';
    super(`${what}: ${gateSummary(result)}. ${failed}.${result.overridable ? ' The policy allows an override with a reason (--force --reason "…", or "Promote Anyway…").' : ''}`);
  }
}

export function isGateRefusal(error: unknown): error is GateRefusal {
  return error instanceof GateRefusal;
}

export interface GateRun {
  result: GateResult;
  /** The policy asks for a signed stage tag and git is set up to sign it. */
  sign: boolean;
}

/** What a gate will check: its rules, and the facts that need no registry state, already being read. */
export interface GatePlan {
  applicable: ApplicableRules;
  early: EarlyFacts;
}

/** How a gate check (writing nothing) reads its policy and facts. */
export interface GateCheckOptions {
  /** Read policy.yaml from this commit or ref instead of the working tree. */
  policyRef?: string;
  /**
   * The workspace is not trusted: reviews and signatures are not read, since verifying them runs
   * the gpg program a repository's .git/config names; their rules fail as not checked.
   */
  untrusted?: boolean;
}

/** The policy a check reads: the working tree's, or that of `policyRef`. */
export async function policySource(ctx: RegistryContext, options: GateCheckOptions): Promise<PolicySource> {
  const stages = allowedStages(ctx.repo.root, ctx.stagesOverride);
  return options.policyRef === undefined ? readPolicy(ctx.repo.root, stages) : readPolicyAt(ctx.repo, options.policyRef, stages);
}

/**
 * Chooses the rules for a model and stage from the policy (the working tree's by default) and
 * starts reading what they need from git that does not depend on the registry's state (reviews,
 * the signing set-up), so those git calls overlap the scan that comes before the rest.
 */
export function planGate(ctx: RegistryContext, model: string, stage: string, options: { untrusted?: boolean } = {}, source?: PolicySource): GatePlan {
  const applicable = applicableRules(source ?? readPolicy(ctx.repo.root, allowedStages(ctx.repo.root, ctx.stagesOverride)), model, stage);
  return { applicable, early: applicable.kind === 'rules' && options.untrusted !== true ? startEarlyFacts(ctx, model, applicable.rules) : {} };
}

/** Evaluates the gate of a stage change without writing anything. */
export async function runGate(ctx: RegistryContext, subject: GateSubject, plan: GatePlan = planGate(ctx, subject.state.name, subject.stage)): Promise<GateRun> {
  const { applicable } = plan;
  const facts = await gatherFacts(ctx, subject, applicable.kind === 'rules' ? applicable.rules : null, plan.early);
  const result = evaluateGate(applicable, facts);
  return { result, sign: applicable.kind === 'rules' && applicable.rules.signed !== null && facts.signing?.ok === true };
}

/**
 * The gate of a stage change about to be written: its result to record in the tag, or a
 * GateRefusal. A failing gate goes through only with `force`, where the policy allows an
 * override and a reason is given; the override, its reason and the failed rules are recorded.
 */
export async function gateStageChange(ctx: RegistryContext, subject: Omit<GateSubject, 'existingTag'>, actor: string, force: ForceOption | undefined): Promise<GateRun> {
  const run = await runGate(ctx, { ...subject, existingTag: null });
  const asked = force?.expected?.version;
  if (asked !== undefined && asked !== subject.version.version) {
    throw new UserError(`Nothing was written: the override was asked for ${asked}, but this change now puts ${subject.version.version} in ${subject.stage} (the registry changed since); choose again.`);
  }
  if (run.result.outcome !== 'fail') return run;
  if (force === undefined) throw new GateRefusal(run.result);
  if (!run.result.overridable) throw new GateRefusal(run.result, true);
  const reason = force.reason.trim();
  if (reason === '') throw new UserError('A forced stage change needs a reason (--reason "…"); it is recorded in the tag and the audit log. Nothing was written.');
  const failed = failedRuleNames(run.result);
  if (force.expected && [...force.expected.failed].sort().join() !== [...failed].sort().join()) throw new GateRefusal(run.result, false, true);
  return { ...run, result: { ...run.result, outcome: 'override', override: { reason, by: actor, failed } } };
}
