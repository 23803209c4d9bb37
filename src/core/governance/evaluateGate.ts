import { checkCondition } from './metricCondition';
import type { ArtifactFact, EvaluationFact, GateFacts } from './gateFacts';
import type { GateResult, RuleResult } from './gateResult';
import { formatPolicyError, patternsNaming, stageRulesFor, type EvaluationRule, type ModelPattern, type PolicyError, type StageRules } from './policy';
import type { ParsedPolicy } from './parsePolicy';
import { countApprovals } from './reviewRule';

/** What the registry read of policy.yaml: nothing (no file), or the file parsed. */
export type PolicySource = { file: string; parsed: ParsedPolicy | null };

/** The rules that apply to a promotion, or why none do (no file, none for the model and stage) or cannot be known (errors). */
export type ApplicableRules =
  | { kind: 'none'; note: string }
  | { kind: 'errors'; file: string; errors: PolicyError[] }
  | { kind: 'rules'; file: string; pattern: ModelPattern; rules: StageRules };

export function applicableRules(source: PolicySource, model: string, stage: string): ApplicableRules {
  if (source.parsed === null) return { kind: 'none', note: `no policy file (${source.file}): no gate applies` };
  if (source.parsed.errors.length > 0) return { kind: 'errors', file: source.file, errors: source.parsed.errors };
  const match = stageRulesFor(source.parsed.policy, model, stage);
  if (match === null) {
    const named = patternsNaming(source.parsed.policy, model).map((m) => `"${m.pattern.text}" (line ${m.pattern.line})`);
    const which = named.length > 0 ? `the patterns naming ${model}, ${named.join(', ')}, set none for ${stage}` : `no pattern names ${model}`;
    return { kind: 'none', note: `${source.file} sets no rules for ${model} → ${stage}: ${which}` };
  }
  return { kind: 'rules', file: source.file, ...match };
}

/** Which facts the rules need gathered (each costs git or file work). */
export function neededFacts(rules: StageRules): { artifact: boolean; evaluations: boolean; drift: boolean; card: boolean; reviews: boolean; signing: boolean } {
  return {
    artifact: rules.artifactHash !== null,
    evaluations: rules.evaluation !== null,
    drift: rules.drift !== null,
    card: rules.modelCard !== null,
    reviews: rules.reviews !== null,
    signing: rules.signed !== null,
  };
}

/**
 * Runs every rule of the stage over the facts: each passes or fails with why. A policy with
 * errors fails the gate as one `policy` rule listing them (a broken file gates nothing it could
 * not read, so nothing it meant to refuse gets through), and cannot be overridden.
 */
export function evaluateGate(applicable: ApplicableRules, facts: GateFacts): GateResult {
  const base = { model: facts.model, version: facts.version, stage: facts.stage, override: null };
  if (applicable.kind === 'none') return { ...base, outcome: 'none', policy: null, rules: [], overridable: false, note: applicable.note };
  if (applicable.kind === 'errors') {
    const listed = applicable.errors.slice(0, 5).map(formatPolicyError).join('; ');
    const more = applicable.errors.length > 5 ? `; and ${applicable.errors.length - 5} more` : '';
    return {
      ...base,
      outcome: 'fail',
      policy: { file: applicable.file, pattern: null, line: applicable.errors[0]!.line },
      rules: [{ rule: 'policy', pass: false, detail: `the policy cannot be read, so no promotion is gated until it is fixed: ${listed}${more}`, line: applicable.errors[0]!.line }],
      overridable: false,
      note: null,
    };
  }
  const { rules } = applicable;
  const results = ruleResults(rules, facts);
  return {
    ...base,
    outcome: results.every((r) => r.pass) ? 'pass' : 'fail',
    policy: { file: applicable.file, pattern: applicable.pattern.text, line: rules.line },
    rules: results,
    overridable: rules.override,
    note: null,
  };
}

function ruleResults(rules: StageRules, facts: GateFacts): RuleResult[] {
  const out: RuleResult[] = [];
  const add = (rule: RuleResult['rule'], line: number, pass: boolean, detail: string) => out.push({ rule, pass, detail, line });
  if (rules.from) {
    const now = rules.from.stages.filter((s) => facts.stagesHeld.now.includes(s));
    const putBack = facts.rollback === true && facts.stagesHeld.ever.includes(facts.stage);
    add('from', rules.from.line, now.length > 0 || putBack, now.length > 0
      ? `${facts.version} holds ${now.join(', ')}`
      : putBack
        ? `a rollback puts ${facts.version} back in ${facts.stage}, which it held before (exempt from "from")`
        : `${facts.version} holds none of ${rules.from.stages.join(', ')} now; promote it there first`);
  }
  if (rules.cleanTree) {
    const dirty = facts.registration.dirty;
    add('clean_tree', rules.cleanTree.line, dirty === false, dirty === null
      ? 'the registration carries no Model Ledger metadata (written by gto or by hand): whether its tree was clean is unknown'
      : dirty ? `${facts.version} was registered from a working tree with uncommitted changes` : `${facts.version} was registered from a clean tree`);
  }
  if (rules.artifactHash) add('artifact_hash', rules.artifactHash.line, facts.artifact?.state === 'ok', artifactDetail(facts.artifact));
  for (const condition of rules.metrics) {
    const outcome = checkCondition(condition, facts.registration.metrics, facts.current, `${facts.version} (its recorded metrics)`);
    add('metrics', condition.line, outcome.pass, `"${condition.text}": ${outcome.detail}`);
  }
  if (rules.evaluation) {
    const outcome = evaluationRule(rules.evaluation, facts);
    add('evaluation', rules.evaluation.line, outcome.pass, outcome.detail);
  }
  if (rules.drift) {
    const check = facts.drift ?? null;
    const pass = check !== null && check.driftShare < rules.drift.maxShare;
    add('drift', rules.drift.line, pass, check === null
      ? `no drift check of ${facts.stage}'s data is kept; run "model-ledger monitor" or Check Drift first`
      : `the latest check of ${facts.stage}'s data (${check.batchPath}, ${new Date(check.checkedAt).toISOString()}) found ${percent(check.driftShare)} of columns drifted; ${pass ? 'below' : 'not below'} ${percent(rules.drift.maxShare)}`);
  }
  if (rules.modelCard) {
    const outcome = cardRule(rules.modelCard.sections, facts);
    add('model_card', rules.modelCard.line, outcome.pass, outcome.detail);
  }
  const untrusted = 'not checked in an untrusted workspace (verifying signatures runs the program git is configured with); trust the workspace, or run "model-ledger check"';
  if (rules.reviews && facts.untrusted) add('reviews', rules.reviews.line, false, untrusted);
  else if (rules.reviews) {
    const { reviews, problems } = facts.reviews ?? { reviews: [], problems: [] };
    const count = countApprovals(rules.reviews, reviews, {
      model: facts.model,
      version: facts.version,
      stage: facts.stage,
      tagObject: facts.registration.tagObject,
      registeredAt: facts.registration.at,
      author: facts.registration.author,
    });
    const related = problems.filter((p) => p.includes(` ${facts.model} ${facts.version} `));
    add('reviews', rules.reviews.line, count.pass, related.length > 0 ? `${count.detail}; ${related.join(' ')}` : count.detail);
  }
  if (rules.signed && facts.untrusted) add('signed', rules.signed.line, false, untrusted);
  else if (rules.signed) {
    const signing = facts.signing;
    add('signed', rules.signed.line, signing?.ok === true, signing === undefined ? 'signing was not checked' : signing.detail);
  }
  return out;
}

function artifactDetail(fact: ArtifactFact | undefined): string {
  if (fact === undefined) return 'the artifact was not checked';
  switch (fact.state) {
    case 'ok':
      return `${fact.path} still matches the sha256 recorded at registration`;
    case 'modified':
      return `${fact.path} no longer matches the sha256 recorded at registration`;
    case 'missing':
      return `${fact.path} is missing from the working tree: its hash cannot be checked`;
    case 'unrecorded':
      return 'no artifact sha256 was recorded at registration (registered by gto or without an artifact)';
  }
}

/** The latest evaluation newer than the registration (on other data, when asked) must meet every threshold. */
function evaluationRule(rule: EvaluationRule, facts: GateFacts): { pass: boolean; detail: string } {
  const all = facts.evaluations ?? [];
  if (all.length === 0) return { pass: false, detail: `no evaluation of ${facts.version}: no run evaluates it (a run names it with evaluates="${facts.model}@${facts.version}")` };
  const newer = all.filter((e) => e.at !== null && e.at > facts.registration.at);
  if (newer.length === 0) return { pass: false, detail: `no evaluation newer than the registration (${all.length} older or undated)` };
  if (rule.otherData && facts.registration.trainingData.length === 0) {
    return { pass: false, detail: `${facts.version} has no recorded training data, so whether an evaluation ran on other data is unknown; register it from a run that logs its training inputs, or set other_data: false` };
  }
  const withData = rule.otherData ? newer.filter((e) => e.data.length > 0) : newer;
  if (withData.length === 0) return { pass: false, detail: `no evaluation newer than the registration records its data (${newer.map((e) => e.runName).join(', ')}), so whether it ran on other data is unknown; log the evaluation's inputs` };
  const usable = rule.otherData ? withData.filter((e) => !sharesTrainingData(e, facts.registration.trainingData)) : withData;
  if (usable.length === 0) return { pass: false, detail: `every evaluation newer than the registration that records its data ran on the training data (${withData.map((e) => e.runName).join(', ')}); evaluate on other data` };
  const latest = usable.reduce((a, b) => ((b.at ?? 0) > (a.at ?? 0) ? b : a));
  const outcomes = rule.metrics.map((c) => ({ c, o: checkCondition(c, latest.metrics, facts.current, `the evaluation run ${latest.runName}`) }));
  const pass = outcomes.every((x) => x.o.pass);
  const metrics = outcomes.map((x) => `"${x.c.text}": ${x.o.detail}`).join('; ');
  return { pass, detail: `evaluation run ${latest.runName} (${new Date(latest.at!).toISOString()}${rule.otherData ? ', on other data' : ''})${metrics ? `: ${metrics}` : ''}` };
}

/** The same file (by sha256 when both have one, else by path) as some training data. */
function sharesTrainingData(evaluation: EvaluationFact, training: GateFacts['registration']['trainingData']): boolean {
  return evaluation.data.some((d) => training.some((t) => (d.sha256 !== null && t.sha256 !== null ? d.sha256 === t.sha256 : d.path === t.path)));
}

function cardRule(sections: readonly string[], facts: GateFacts): { pass: boolean; detail: string } {
  const card = facts.card;
  if (card === undefined) return { pass: false, detail: 'the card was not read' };
  if (card.error !== null) return { pass: false, detail: `the card cannot be read: ${card.error}` };
  if (!card.exists) return { pass: false, detail: `${card.path || 'the card'} does not exist; create it with "Open Model Card" on the version or "model-ledger card ${facts.model} ${facts.version} --write"` };
  const missing = sections.filter((title) => !card.sections.some((s) => s.title.toLowerCase() === title.toLowerCase()));
  const empty = sections.filter((title) => card.sections.some((s) => s.title.toLowerCase() === title.toLowerCase() && !s.filled));
  if (missing.length === 0 && empty.length === 0) return { pass: true, detail: `${card.path} exists${sections.length ? ` with ${sections.join(', ')} filled in` : ''}` };
  const parts = [missing.length ? `no section ${missing.map((t) => `"${t}"`).join(', ')}` : '', empty.length ? `not filled in: ${empty.map((t) => `"${t}"`).join(', ')}` : ''].filter(Boolean);
  return { pass: false, detail: `${card.path}: ${parts.join('; ')}` };
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))} %`;
}
