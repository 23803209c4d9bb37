import { isRecord } from '../../common/records';

/** The rules a policy can set on a stage, in the order a report lists them. */
export const RULE_NAMES = ['policy', 'from', 'clean_tree', 'artifact_hash', 'metrics', 'evaluation', 'drift', 'model_card', 'reviews', 'signed'] as const;
export type RuleName = (typeof RULE_NAMES)[number];

export interface RuleResult {
  rule: RuleName;
  pass: boolean;
  /** Why it passed or failed, in words (values compared, who approved, what is missing). */
  detail: string;
  /** Where the rule is written in policy.yaml (1-based); null for a rule not from the file. */
  line: number | null;
}

/**
 * pass: every rule passed. fail: some rule failed (the change is refused). override: some rule
 * failed and the change was made anyway, with a reason. none: no rule applies (no policy file, or
 * none for this model and stage).
 */
export type GateOutcome = 'pass' | 'fail' | 'override' | 'none';

export interface GateOverride {
  reason: string;
  /** Who forced it: "Name <email>". */
  by: string | null;
  /** The rules that failed and were overridden. */
  failed: RuleName[];
}

/** How one stage change was gated: recorded in its stage tag's message and its audit entry. */
export interface GateResult {
  model: string;
  version: string;
  stage: string;
  outcome: GateOutcome;
  /** The policy file and the pattern that applied; null when none did. */
  policy: { file: string; pattern: string | null; line: number | null } | null;
  rules: RuleResult[];
  /** Whether the policy lets this gate be overridden. */
  overridable: boolean;
  override: GateOverride | null;
  /** Why no rule applies, when outcome is none. */
  note: string | null;
}

export function failedRules(result: Pick<GateResult, 'rules'>): RuleResult[] {
  return result.rules.filter((r) => !r.pass);
}

/** The names of the rules that failed, each once, in report order. */
export function failedRuleNames(result: Pick<GateResult, 'rules'>): RuleName[] {
  return [...new Set(failedRules(result).map((r) => r.rule))];
}

/** The gate result a tag message carries, read back defensively: anything malformed is null or left out. */
export function readGateResult(value: unknown): GateResult | null {
  if (!isRecord(value)) return null;
  const { model, version, stage, outcome } = value;
  if (typeof model !== 'string' || typeof version !== 'string' || typeof stage !== 'string') return null;
  if (outcome !== 'pass' && outcome !== 'fail' && outcome !== 'override' && outcome !== 'none') return null;
  const rules = Array.isArray(value.rules) ? value.rules.flatMap(readRule) : [];
  return {
    model,
    version,
    stage,
    outcome,
    policy: readPolicyRef(value.policy),
    rules,
    overridable: value.overridable === true,
    override: readOverride(value.override),
    note: typeof value.note === 'string' ? value.note : null,
  };
}

function readRule(value: unknown): RuleResult[] {
  if (!isRecord(value) || !(RULE_NAMES as readonly unknown[]).includes(value.rule) || typeof value.pass !== 'boolean') return [];
  return [{ rule: value.rule as RuleName, pass: value.pass, detail: typeof value.detail === 'string' ? value.detail : '', line: typeof value.line === 'number' && Number.isSafeInteger(value.line) ? value.line : null }];
}

function readPolicyRef(value: unknown): GateResult['policy'] {
  if (!isRecord(value) || typeof value.file !== 'string') return null;
  return { file: value.file, pattern: typeof value.pattern === 'string' ? value.pattern : null, line: typeof value.line === 'number' && Number.isSafeInteger(value.line) ? value.line : null };
}

function readOverride(value: unknown): GateOverride | null {
  if (!isRecord(value) || typeof value.reason !== 'string') return null;
  const failed = Array.isArray(value.failed) ? value.failed.filter((r): r is RuleName => (RULE_NAMES as readonly unknown[]).includes(r)) : [];
  return { reason: value.reason, by: typeof value.by === 'string' ? value.by : null, failed };
}
