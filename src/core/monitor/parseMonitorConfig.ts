import { isMap, isScalar, type Node } from 'yaml';
import { modelNameProblem, stageNameProblem } from '../gto';
import { ConfigNodeReader, parseConfigDocument, sortProblems, type ReportAt } from '../yamlConfig';
import type { StatTestName } from '../drift/types';
import { globProblem, normalizeGlob } from './batchGlob';
import {
  DEFAULT_DRIFT_SHARE,
  MONITOR_CONFIG_FILE,
  P_VALUE_TESTS,
  STAT_TESTS,
  TRAIN_PLACEHOLDERS,
  type BatchReference,
  type ColumnRule,
  type MonitorConfig,
  type MonitorConfigError,
  type MonitoredModel,
  type TrainCommand,
  type WatchedStage,
} from './monitorConfig';

export interface ParsedMonitorConfig {
  /** What validated: a stage with an error is left out, the others are watched. */
  config: MonitorConfig;
  errors: MonitorConfigError[];
}

const MODEL_KEYS = ['stages', 'train'];
const STAGE_KEYS = ['batches', 'reference', 'share', 'columns', 'important', 'metrics'];
const COLUMN_KEYS = ['test', 'threshold'];
const TRAIN_KEYS = ['command', 'cwd'];

/**
 * Reads monitor.yaml. Never throws: every problem is an error with its line and what to write
 * instead; `file` is how errors name the file.
 */
export function parseMonitorConfig(text: string, file: string = MONITOR_CONFIG_FILE): ParsedMonitorConfig {
  const doc = parseConfigDocument(text, file);
  const { root, problems: errors, at } = doc;
  if (root === null || (isScalar(root) && root.value === null)) return { config: { models: [] }, errors };
  if (!isMap(root)) {
    at(root, 'the file should be a mapping with a "models" key: models: {churn: {stages: {prod: {batches: data/incoming/*.csv}}}}');
    return { config: { models: [] }, errors };
  }
  const reader = new Reader(at, doc.line);
  const top = reader.entries(root, ['models'], 'at the top level');
  const models = top.get('models');
  if (!models) {
    at(root, 'missing "models": name the models to watch, such as models: {churn: {stages: {prod: {batches: data/incoming/*.csv}}}}');
    return { config: { models: [] }, errors };
  }
  const config = { models: reader.models(models.value ?? models.key) };
  return { config, errors: sortProblems(errors) };
}

/** Walks the document, reporting each problem where it is and going on with the rest. */
class Reader extends ConfigNodeReader {
  constructor(
    report: ReportAt,
    private readonly lineOf: (node: Node) => number,
  ) {
    super(report);
  }

  models(node: Node | null): MonitoredModel[] {
    const map = this.map(node, '"models"', 'a mapping of model names, such as churn: {stages: …}');
    if (!map) return [];
    const models: MonitoredModel[] = [];
    for (const { key, value } of this.pairs(map)) {
      const name = this.name(key, 'model', modelNameProblem);
      if (name === null) continue;
      const model = this.model(name, value, key);
      if (model) models.push(model);
    }
    return models;
  }

  private model(name: string, node: Node | null, key: Node): MonitoredModel | null {
    const map = this.map(node ?? key, `model "${name}"`, 'a mapping with "stages" (and optionally "train")');
    if (!map) return null;
    const entries = this.entries(map, MODEL_KEYS, `in model "${name}"`);
    const stagesEntry = entries.get('stages');
    if (!stagesEntry) {
      this.at(key, `model "${name}" has no "stages": name the stages to watch, such as stages: {prod: {batches: data/incoming/*.csv}}`);
      return null;
    }
    const trainEntry = entries.get('train');
    const train = trainEntry ? this.train(name, trainEntry.value, trainEntry.key) : null;
    const stagesMap = this.map(stagesEntry.value ?? stagesEntry.key, `"stages" of model "${name}"`, 'a mapping of stage names, such as prod: {batches: data/incoming/*.csv}');
    const stages: WatchedStage[] = [];
    if (stagesMap) {
      for (const { key: stageKey, value } of this.pairs(stagesMap)) {
        const stage = this.name(stageKey, 'stage', stageNameProblem);
        if (stage === null) continue;
        const watched = this.stage(name, stage, value, stageKey);
        if (watched) stages.push(watched);
      }
    }
    return { name, train: train ?? null, stages };
  }

  private stage(model: string, stage: string, node: Node | null, key: Node): WatchedStage | null {
    const where = `stage "${stage}" of model "${model}"`;
    const map = this.map(node ?? key, where, 'a mapping with "batches", such as batches: data/incoming/*.csv');
    if (!map) return null;
    const before = this.problemsSoFar();
    const entries = this.entries(map, STAGE_KEYS, `in ${where}`);
    const batchesEntry = entries.get('batches');
    let batches: string | null = null;
    if (!batchesEntry) this.at(key, `${where} has no "batches": name where new data lands, such as batches: data/incoming/*.parquet`);
    else batches = this.glob(batchesEntry.value ?? batchesEntry.key, where);
    const referenceEntry = entries.get('reference');
    const reference = referenceEntry ? this.reference(referenceEntry.value ?? referenceEntry.key, where) : { kind: 'version' as const };
    const shareEntry = entries.get('share');
    const share = shareEntry ? this.share(shareEntry.value ?? shareEntry.key, where) : DEFAULT_DRIFT_SHARE;
    const columnsEntry = entries.get('columns');
    const columns = columnsEntry ? this.columns(columnsEntry.value ?? columnsEntry.key, where) : {};
    const importantEntry = entries.get('important');
    const important = importantEntry ? this.textList(importantEntry.value ?? importantEntry.key, `"important" of ${where}`, 'a list of column names, such as [tenure, plan]', 'a column name') : [];
    const metricsEntry = entries.get('metrics');
    const metricMargins = metricsEntry ? this.margins(metricsEntry.value ?? metricsEntry.key, where) : {};
    if (this.problemsSoFar() > before || batches === null || reference === null || share === null) return null;
    return { model, stage, batches, reference, rules: { share, columns }, important, metricMargins, line: this.lineOf(key) };
  }

  private glob(node: Node, where: string): string | null {
    const text = this.text(node, `"batches" of ${where}`, 'a glob of the batch files, such as data/incoming/*.parquet');
    if (text === null) return null;
    const problem = globProblem(text);
    if (problem) {
      this.at(node, `"batches" of ${where} ${problem}`);
      return null;
    }
    return normalizeGlob(text);
  }

  private reference(node: Node, where: string): BatchReference | null {
    const text = this.text(node, `"reference" of ${where}`, '"version" (the stage\'s version\'s training data, the default) or a data file such as data/train.csv');
    if (text === null) return null;
    if (text === 'version') return { kind: 'version' };
    const problem = relativePathProblem(text);
    if (problem) {
      this.at(node, `"reference" of ${where} ${problem}`);
      return null;
    }
    return { kind: 'file', path: text.replace(/^(\.\/)+/, '') };
  }

  private share(node: Node, where: string): number | null {
    const value = this.number(node, `"share" of ${where}`, ', such as 0.1');
    if (value === null) return null;
    if (!(value > 0 && value <= 1)) {
      this.at(node, `"share" of ${where} is ${value}, out of range: the share of drifted columns that makes dataset drift is above 0 and at most 1 (default ${DEFAULT_DRIFT_SHARE})`);
      return null;
    }
    return value;
  }

  private columns(node: Node, where: string): Record<string, ColumnRule> {
    const map = this.map(node, `"columns" of ${where}`, 'a mapping of column names to {test, threshold}, such as tenure: {test: psi, threshold: 0.2}');
    const rules: Record<string, ColumnRule> = {};
    if (!map) return rules;
    for (const { key, value } of this.pairs(map)) {
      const column = this.text(key, 'a column name', 'the column\'s name as in the data');
      if (column === null) continue;
      const rule = this.columnRule(value ?? key, `column "${column}" of ${where}`);
      if (rule) rules[column] = rule;
    }
    return rules;
  }

  private columnRule(node: Node, where: string): ColumnRule | null {
    const map = this.map(node, where, `{test, threshold}, with test one of ${STAT_TESTS.join(', ')}`);
    if (!map) return null;
    const entries = this.entries(map, COLUMN_KEYS, `in ${where}`);
    const testEntry = entries.get('test');
    const thresholdEntry = entries.get('threshold');
    if (!testEntry && !thresholdEntry) {
      this.at(node, `${where} sets neither "test" nor "threshold"; give one or both, such as {test: psi, threshold: 0.2}`);
      return null;
    }
    let test: StatTestName | null = null;
    if (testEntry) {
      const name = this.text(testEntry.value ?? testEntry.key, `"test" of ${where}`, `one of ${STAT_TESTS.join(', ')}`);
      if (name === null) return null;
      if (!(STAT_TESTS as readonly string[]).includes(name)) {
        this.at(testEntry.value, `"test" of ${where} is "${name}", not a test Model Ledger knows; use one of ${STAT_TESTS.join(', ')}`);
        return null;
      }
      test = name as StatTestName;
    }
    let threshold: number | null = null;
    if (thresholdEntry) {
      const node = thresholdEntry.value ?? thresholdEntry.key;
      threshold = this.number(node, `"threshold" of ${where}`, ', such as 0.1');
      if (threshold === null) return null;
      const problem = thresholdProblem(test, threshold);
      if (problem) {
        this.at(node, `"threshold" of ${where} is ${threshold}, out of range: ${problem}`);
        return null;
      }
    }
    return { test, threshold };
  }

  private margins(node: Node, where: string): Record<string, number> {
    const map = this.map(node, `"metrics" of ${where}`, 'a mapping of evaluation metrics to the margin they may worsen by, such as val/auc: 0.02');
    const margins: Record<string, number> = {};
    if (!map) return margins;
    for (const { key, value } of this.pairs(map)) {
      const metric = this.text(key, 'a metric name', 'the metric\'s key as logged, such as val/auc');
      if (metric === null) continue;
      const margin = this.number(value ?? key, `the margin of metric "${metric}" in ${where}`, ', such as 0.1');
      if (margin === null) continue;
      if (!(margin >= 0)) {
        this.at(value, `the margin of metric "${metric}" in ${where} is ${margin}, out of range: how much worse than at registration it may get is 0 or more`);
        continue;
      }
      margins[metric] = margin;
    }
    return margins;
  }

  private train(model: string, node: Node | null, key: Node): TrainCommand | null {
    const where = `"train" of model "${model}"`;
    const map = this.map(node ?? key, where, '{command: "python train.py --data ${data}", cwd: …}');
    if (!map) return null;
    const entries = this.entries(map, TRAIN_KEYS, `in ${where}`);
    const commandEntry = entries.get('command');
    if (!commandEntry) {
      this.at(key, `${where} has no "command": name the training command, such as command: python train.py --data \${data}`);
      return null;
    }
    const command = this.text(commandEntry.value ?? commandEntry.key, `"command" of ${where}`, 'a shell command, such as python train.py --data ${data}');
    if (command === null) return null;
    const unknown = [...command.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!).find((name) => !(TRAIN_PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown !== undefined) {
      this.at(commandEntry.value, `"command" of ${where} uses \${${unknown}}, which is not known; use ${TRAIN_PLACEHOLDERS.map((p) => `\${${p}}`).join(', ')}`);
      return null;
    }
    const cwdEntry = entries.get('cwd');
    let cwd: string | null = null;
    if (cwdEntry) {
      cwd = this.text(cwdEntry.value ?? cwdEntry.key, `"cwd" of ${where}`, 'a folder relative to the workspace folder');
      if (cwd === null) return null;
      const problem = relativePathProblem(cwd);
      if (problem) {
        this.at(cwdEntry.value, `"cwd" of ${where} ${problem}`);
        return null;
      }
    }
    return { command, cwd };
  }

  private name(key: Node, kind: 'model' | 'stage', problemOf: (name: string) => string | null): string | null {
    const name = this.text(key, `a ${kind} name`, `a ${kind} name as in the registry`);
    if (name === null) return null;
    const problem = problemOf(name);
    if (problem) {
      this.at(key, problem);
      return null;
    }
    return name;
  }

}

/** Why a workspace-relative path is not one, or null. */
function relativePathProblem(text: string): string | null {
  if (text.startsWith('/') || /^[a-zA-Z]:/.test(text) || text.startsWith('\\')) return `"${text}" is absolute; write it relative to the workspace folder`;
  if (text.split(/[\\/]/).includes('..')) return `"${text}" leads out of the workspace with ".."; name a path inside the workspace folder`;
  return null;
}

/** Why a threshold does not fit its test, or null. */
function thresholdProblem(test: StatTestName | null, threshold: number): string | null {
  if (test !== null && P_VALUE_TESTS.includes(test)) return threshold > 0 && threshold < 1 ? null : `${test} compares a p-value, so its threshold is above 0 and below 1 (such as 0.05)`;
  if (test === 'jensenshannon') return threshold > 0 && threshold <= 1 ? null : 'a Jensen–Shannon distance threshold is above 0 and at most 1 (such as 0.1)';
  return threshold > 0 ? null : 'a drift threshold is above 0 (such as 0.1)';
}
