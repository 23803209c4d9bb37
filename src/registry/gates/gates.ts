import { UserError } from '../../core/errors';
import { applicableRules, evaluateGate, type ApplicableRules } from '../../core/governance/evaluateGate';
import { gateSummary } from '../../core/governance/gateReport';
import { failedRuleNames, failedRules, type GateResult } from '../../core/governance/gateResult';
import type { RegistryContext } from '../context';
import { allowedStages } from '../stagesConfig';
import { gatherFacts, startEarlyFacts, type EarlyFacts, type GateSubject } from './gatherFacts';
import { readPolicy } from './policyFile';

/** A stage change made although its gate failed, as the policy allows (`--force --reason`, "Promote Anyway…"). */
export interface ForceOption {
  reason: string;
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
  ) {
    const failed = failedRules(result).map((r) => `${r.rule}: ${r.detail}`).join('; ');
    const what = forceRefused ? 'Not forced: the policy does not allow an override for this stage (override: true), so nothing was written' : 'Nothing was written';
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

/**
 * Reads the policy for a model and stage and starts reading what its rules need from git that does
 * not depend on the registry's state (reviews, the signing set-up), so those git calls overlap the
 * scan that comes before the rest.
 */
export function planGate(ctx: RegistryContext, model: string, stage: string): GatePlan {
  const root = ctx.repo.root;
  const applicable = applicableRules(readPolicy(root, allowedStages(root, ctx.stagesOverride)), model, stage);
  return { applicable, early: applicable.kind === 'rules' ? startEarlyFacts(ctx, model, applicable.rules) : {} };
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
  if (run.result.outcome !== 'fail') return run;
  if (force === undefined) throw new GateRefusal(run.result);
  if (!run.result.overridable) throw new GateRefusal(run.result, true);
  const reason = force.reason.trim();
  if (reason === '') throw new UserError('A forced stage change needs a reason (--reason "…"); it is recorded in the tag and the audit log. Nothing was written.');
  const failed = failedRuleNames(run.result);
  return { ...run, result: { ...run.result, outcome: 'override', override: { reason, by: actor, failed } } };
}
