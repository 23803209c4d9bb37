/**
 * What `.modelledger/policy.yaml` says: per model name pattern and target stage, the rules a
 * version must pass before a stage tag is written for it (a promotion gate).
 */

import type { ConfigProblem } from '../yamlConfig';

import type { MetricCondition } from './metricCondition';

/** Where the file lives, relative to the repository root (versioned with the code). */
export const POLICY_FILE = '.modelledger/policy.yaml';

/** The policy format this Model Ledger reads. */
export const POLICY_VERSION = 1;

/** Which models a pattern names: a glob (`churn*`) or a regular expression written `/…/`. */
export interface ModelPattern {
  /** As written in the file. */
  text: string;
  kind: 'glob' | 'regex';
  matcher: RegExp;
  /** Line of the pattern in the file (1-based). */
  line: number;
}

export interface EvaluationRule {
  /** Thresholds on the evaluation run's metrics. */
  metrics: MetricCondition[];
  /** The evaluation's data must differ from the version's training data (default true). */
  otherData: boolean;
  line: number;
}

export interface DriftRule {
  /** The latest drift check of the stage's data must have a drifted-column share below this. */
  maxShare: number;
  line: number;
}

export interface ModelCardRule {
  /** `## ` sections of the card that must be filled in (by title, case-insensitive). */
  sections: string[];
  line: number;
}

export interface ReviewsRule {
  min: number;
  /** Emails or names whose approvals count; empty: anyone's. */
  reviewers: string[];
  /** The version's author (the tagger of its registration) does not count. */
  notAuthor: boolean;
  /** Only approvals with a valid signature count. */
  signed: boolean;
  line: number;
}

/** The rules of one target stage; null (or false) where the policy does not set one. */
export interface StageRules {
  stage: string;
  /** Line of the stage's key (1-based). */
  line: number;
  from: { stages: string[]; line: number } | null;
  cleanTree: { line: number } | null;
  artifactHash: { line: number } | null;
  metrics: MetricCondition[];
  evaluation: EvaluationRule | null;
  drift: DriftRule | null;
  modelCard: ModelCardRule | null;
  reviews: ReviewsRule | null;
  signed: { line: number } | null;
  /** `--force` / "Promote Anyway…" may pass a failing gate, with a reason. */
  override: boolean;
}

export interface ModelPolicy {
  pattern: ModelPattern;
  stages: StageRules[];
}

export interface Policy {
  /** In the file's order: for a stage, the first pattern that matches a model and sets rules for that stage applies. */
  models: ModelPolicy[];
}

/** Something wrong in policy.yaml, where it is. */
export type PolicyError = ConfigProblem;

export function formatPolicyError(error: PolicyError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}

/** Every pattern (in the file's order) that names the model. */
export function patternsNaming(policy: Policy, model: string): ModelPolicy[] {
  return policy.models.filter((m) => m.pattern.matcher.test(model));
}

/**
 * The rules a model's promotion to `stage` must pass: those of the first pattern that names the
 * model and sets rules for the stage (a pattern with none for it does not turn later ones off,
 * which would fail open); null when no pattern does.
 */
export function stageRulesFor(policy: Policy, model: string, stage: string): { pattern: ModelPattern; rules: StageRules } | null {
  for (const m of patternsNaming(policy, model)) {
    const rules = m.stages.find((s) => s.stage === stage);
    if (rules) return { pattern: m.pattern, rules };
  }
  return null;
}
