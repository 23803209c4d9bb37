import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { stageNameProblem } from '../gto';
import { ConfigNodeReader, parseConfigDocument, sortProblems, type ReportAt } from '../yamlConfig';
import { parseMetricCondition, type MetricCondition } from './metricCondition';
import { readModelPattern } from './modelPattern';
import {
  POLICY_FILE,
  POLICY_VERSION,
  type DriftRule,
  type EvaluationRule,
  type ModelCardRule,
  type ModelPolicy,
  type Policy,
  type PolicyError,
  type ReviewsRule,
  type StageRules,
} from './policy';

export interface ParsedPolicy {
  /** What validated. A policy with errors must not gate anything: callers fail the gate on any error. */
  policy: Policy;
  errors: PolicyError[];
}

export interface PolicyParseOptions {
  /** How errors name the file. */
  file?: string;
  /** The stages the registry allows: a stage the policy names outside them is an error. */
  stages?: readonly string[];
}

const TOP_KEYS = ['version', 'models'];
const MODEL_KEYS = ['stages'];
const STAGE_KEYS = ['from', 'clean_tree', 'artifact_hash', 'metrics', 'evaluation', 'drift', 'model_card', 'reviews', 'signed', 'override'];
const EVALUATION_KEYS = ['metrics', 'other_data'];
const DRIFT_KEYS = ['max_share'];
const CARD_KEYS = ['sections'];
const REVIEW_KEYS = ['min', 'reviewers', 'not_author', 'signed'];
const EXAMPLE = 'version: 1\nmodels: {"churn*": {stages: {prod: {from: [staging], reviews: {min: 1}}}}}';

/**
 * Reads policy.yaml. Never throws: every problem is an error with its line, column and what to
 * write instead.
 */
export function parsePolicy(text: string, options: PolicyParseOptions = {}): ParsedPolicy {
  const doc = parseConfigDocument(text, options.file ?? POLICY_FILE);
  const { root, problems: errors, at } = doc;
  const empty: Policy = { models: [] };
  if (root === null) return { policy: empty, errors };
  if (!isMap(root)) {
    at(root, `the file should be a mapping with "version: ${POLICY_VERSION}" and "models", such as:\n${EXAMPLE}`);
    return { policy: empty, errors };
  }
  const reader = new PolicyReader(at, (node) => ({ line: doc.line(node), column: doc.column(node) }), options.stages ?? null);
  const top = reader.entries(root, TOP_KEYS, 'at the top level');
  const version = top.get('version');
  if (!version) at(root, `missing "version: ${POLICY_VERSION}" at the top level`);
  else if (!isScalar(version.value) || version.value.value !== POLICY_VERSION) {
    at(version.value ?? version.key, `"version" is ${scalarText(version.value)}; this Model Ledger reads policy version ${POLICY_VERSION}`);
  }
  const models = top.get('models');
  if (!models) {
    at(root, 'missing "models": name model patterns and their stages\' rules, such as models: {"churn*": {stages: {prod: {reviews: {min: 1}}}}}');
    return { policy: empty, errors };
  }
  const policy = { models: reader.models(models.value ?? models.key) };
  return { policy, errors: sortProblems(errors) };
}

type Position = { line: number; column: number };

function scalarText(node: Node | null): string {
  return isScalar(node) ? JSON.stringify(node.value) : 'not a number';
}

/** Walks the document, reporting each problem where it is and going on with the rest. */
class PolicyReader extends ConfigNodeReader {
  constructor(
    report: ReportAt,
    private readonly pos: (node: Node) => Position,
    private readonly allowedStages: readonly string[] | null,
  ) {
    super(report);
  }

  models(node: Node | null): ModelPolicy[] {
    const map = this.map(node, '"models"', 'a mapping of model name patterns (globs such as churn*, or /regular expressions/) to {stages: …}');
    if (!map) return [];
    const models: ModelPolicy[] = [];
    for (const { key, value } of this.pairs(map)) {
      const text = this.text(key, 'a model pattern', 'a glob such as churn* or a regular expression such as /^churn-.*$/');
      if (text === null) continue;
      const read = readModelPattern(text);
      if ('problem' in read) {
        this.at(key, `model pattern: ${read.problem}`);
        continue;
      }
      const pattern = { text, ...read, line: this.pos(key).line };
      models.push({ pattern, stages: this.model(text, value, key) });
    }
    return models;
  }

  private model(pattern: string, node: Node | null, key: Node): StageRules[] {
    const where = `model pattern "${pattern}"`;
    const map = this.map(node ?? key, where, 'a mapping with "stages", such as stages: {prod: {reviews: {min: 1}}}');
    if (!map) return [];
    const stagesEntry = this.entries(map, MODEL_KEYS, `in ${where}`).get('stages');
    if (!stagesEntry) {
      this.at(key, `${where} has no "stages": name the target stages and their rules, such as stages: {prod: {from: [staging]}}`);
      return [];
    }
    const stagesMap = this.map(stagesEntry.value ?? stagesEntry.key, `"stages" of ${where}`, 'a mapping of stage names to rules, such as prod: {from: [staging]}');
    if (!stagesMap) return [];
    const stages: StageRules[] = [];
    for (const { key: stageKey, value } of this.pairs(stagesMap)) {
      const stage = this.stageName(stageKey, `a stage of ${where}`);
      if (stage !== null) stages.push(this.stage(stage, `stage "${stage}" of ${where}`, value, stageKey));
    }
    return stages;
  }

  private stage(stage: string, where: string, node: Node | null, key: Node): StageRules {
    const rules: StageRules = {
      stage,
      line: this.pos(key).line,
      from: null,
      cleanTree: null,
      artifactHash: null,
      metrics: [],
      evaluation: null,
      drift: null,
      modelCard: null,
      reviews: null,
      signed: null,
      override: false,
    };
    // `prod:` with nothing under it: no rules.
    if (node === null || (isScalar(node) && node.value === null)) return rules;
    const map = this.map(node, where, `a mapping of rules (${STAGE_KEYS.join(', ')})`);
    if (!map) return rules;
    for (const [name, entry] of this.entries(map, STAGE_KEYS, `in ${where}`)) {
      const value = entry.value ?? entry.key;
      const line = this.pos(entry.key).line;
      const rule = `"${name}" of ${where}`;
      switch (name) {
        case 'from': {
          const stages = this.textList(value, rule, 'a list of stages, such as [staging]', 'a stage name').filter((s) => this.stageNameOk(s, value, rule));
          // An empty list would refuse every promotion; leaving "from" out is how to allow any stage.
          if (isSeq(value) && value.items.length === 0) this.at(value, `${rule} is an empty list, which no version can pass; name the stages a version must hold, such as [staging], or leave "from" out`);
          rules.from = { stages, line };
          break;
        }
        case 'clean_tree':
          rules.cleanTree = this.flag(value, rule) ? { line } : null;
          break;
        case 'artifact_hash':
          rules.artifactHash = this.flag(value, rule) ? { line } : null;
          break;
        case 'signed':
          rules.signed = this.flag(value, rule) ? { line } : null;
          break;
        case 'override':
          rules.override = this.flag(value, rule) ?? false;
          break;
        case 'metrics':
          rules.metrics = this.conditions(value, rule);
          break;
        case 'evaluation':
          rules.evaluation = this.evaluation(value, rule, line);
          break;
        case 'drift':
          rules.drift = this.drift(value, rule, line);
          break;
        case 'model_card':
          rules.modelCard = this.modelCard(value, rule, line);
          break;
        case 'reviews':
          rules.reviews = this.reviews(value, rule, line);
          break;
      }
    }
    return rules;
  }

  /** `allowCurrent` false where metrics are an evaluation run's: `current` is the holder's registered metrics, not an evaluation of it. */
  private conditions(node: Node, what: string, allowCurrent = true): MetricCondition[] {
    if (!isSeq(node)) {
      this.at(node, `${what} should be a list of conditions, such as ["val/auc >= 0.80", "val/auc >= current + 0.0"]`);
      return [];
    }
    const conditions: MetricCondition[] = [];
    for (const item of node.items as Node[]) {
      const text = this.text(item, `an item of ${what}`, 'a condition such as "val/auc >= 0.80" (quote it)');
      if (text === null) continue;
      const read = parseMetricCondition(text, this.pos(item));
      if ('problem' in read) this.at(item, `${what}: ${read.problem}`);
      else if (!allowCurrent && read.threshold.kind === 'current') {
        this.at(item, `${what}: "${read.text}" compares an evaluation run's metric with "current", the registered metrics of the version holding the stage, which are not an evaluation; use a number here, or put the condition in the stage's "metrics"`);
      } else conditions.push(read);
    }
    return conditions;
  }

  private evaluation(node: Node, what: string, line: number): EvaluationRule | null {
    if (isScalar(node) && node.value === true) return { metrics: [], otherData: true, line };
    const map = this.map(node, what, 'true, or {metrics: ["val/auc >= 0.80"], other_data: true}');
    if (!map) return null;
    const entries = this.entries(map, EVALUATION_KEYS, `in ${what}`);
    const metrics = entries.get('metrics');
    const otherData = entries.get('other_data');
    return {
      metrics: metrics ? this.conditions(metrics.value ?? metrics.key, `"metrics" of ${what}`, false) : [],
      otherData: otherData ? (this.flag(otherData.value ?? otherData.key, `"other_data" of ${what}`) ?? true) : true,
      line,
    };
  }

  private drift(node: Node, what: string, line: number): DriftRule | null {
    const map = this.map(node, what, '{max_share: 0.3}: the latest drift check of the stage\'s data must have a smaller share of drifted columns');
    if (!map) return null;
    const share = this.entries(map, DRIFT_KEYS, `in ${what}`).get('max_share');
    if (!share) {
      this.at(node, `${what} has no "max_share"; write {max_share: 0.3}`);
      return null;
    }
    const value = this.number(share.value ?? share.key, `"max_share" of ${what}`);
    if (value === null) return null;
    if (!(value > 0 && value <= 1)) {
      this.at(share.value, `"max_share" of ${what} is ${value}, out of range: a share of drifted columns is above 0 and at most 1`);
      return null;
    }
    return { maxShare: value, line };
  }

  private modelCard(node: Node, what: string, line: number): ModelCardRule | null {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value ? { sections: [], line } : null;
    const map = this.map(node, what, 'true (the card exists), or {sections: ["Intended use", "Ethical considerations"]}');
    if (!map) return null;
    const sections = this.entries(map, CARD_KEYS, `in ${what}`).get('sections');
    return { sections: sections ? this.textList(sections.value ?? sections.key, `"sections" of ${what}`, 'a list of section titles, such as ["Intended use"]', 'a section title') : [], line };
  }

  private reviews(node: Node, what: string, line: number): ReviewsRule | null {
    const map = this.map(node, what, '{min: 1, reviewers: ["lead@example.com"], not_author: true}');
    if (!map) return null;
    const entries = this.entries(map, REVIEW_KEYS, `in ${what}`);
    const minEntry = entries.get('min');
    let min = 1;
    if (minEntry) {
      const value = this.number(minEntry.value ?? minEntry.key, `"min" of ${what}`);
      if (value !== null && !(Number.isInteger(value) && value >= 1)) this.at(minEntry.value, `"min" of ${what} is ${value}; write a whole number of approvals, 1 or more`);
      else if (value !== null) min = value;
    }
    const reviewersEntry = entries.get('reviewers');
    const reviewers = reviewersEntry ? this.textList(reviewersEntry.value ?? reviewersEntry.key, `"reviewers" of ${what}`, 'a list of emails or names, such as ["lead@example.com"]', 'an email or a name') : [];
    if (reviewersEntry && reviewers.length > 0 && reviewers.length < min) {
      this.at(reviewersEntry.value, `"reviewers" of ${what} lists ${reviewers.length} but "min" asks for ${min} approvals: no promotion could pass`);
    }
    const notAuthor = entries.get('not_author');
    const signed = entries.get('signed');
    return {
      min,
      reviewers,
      notAuthor: notAuthor ? (this.flag(notAuthor.value ?? notAuthor.key, `"not_author" of ${what}`) ?? false) : false,
      signed: signed ? (this.flag(signed.value ?? signed.key, `"signed" of ${what}`) ?? false) : false,
      line,
    };
  }

  private stageName(key: Node, what: string): string | null {
    const name = this.text(key, what, 'a stage name, such as prod');
    return name !== null && this.stageNameOk(name, key, what) ? name : null;
  }

  /** A stage name GTO accepts and the registry allows; else an error at `node`. */
  private stageNameOk(name: string, node: Node, what: string): boolean {
    const problem = stageNameProblem(name);
    if (problem) {
      this.at(node, `${what}: ${problem}`);
      return false;
    }
    if (this.allowedStages !== null && !this.allowedStages.includes(name)) {
      this.at(node, `${what}: unknown stage "${name}"; the registry allows ${this.allowedStages.join(', ') || 'no stage'} (set by .gto "stages:" or the stages setting)`);
      return false;
    }
    return true;
  }
}
