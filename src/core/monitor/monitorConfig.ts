/**
 * What `.modelledger/monitor.yaml` says: per model and stage, where new data batches land, what
 * they are checked against, and the rules that make a batch (or a version) unhealthy.
 */

import type { ConfigProblem } from '../yamlConfig';

import type { StatTestName } from '../drift/types';

/** Where the file lives in a workspace folder. */
export const MONITOR_CONFIG_FILE = '.modelledger/monitor.yaml';

/** Evidently's default: dataset drift when at least half of the tested columns drift. */
export const DEFAULT_DRIFT_SHARE = 0.5;

/** The tests a column may be given, by Evidently's names. */
export const STAT_TESTS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const satisfies readonly StatTestName[];
/** Tests whose threshold is a p-value (drift when p < threshold); the others compare a distance. */
export const P_VALUE_TESTS: readonly StatTestName[] = ['ks', 'chisquare', 'z'];

/** What `${…}` may name in a training command. */
export const TRAIN_PLACEHOLDERS = ['data', 'model', 'version', 'stage'] as const;

/** The stage's version's training-data profile (the default), or a data file in the workspace. */
export type BatchReference = { kind: 'version' } | { kind: 'file'; path: string };

/** A column's own test or threshold; what is not given is the check's default. */
export interface ColumnRule {
  test: StatTestName | null;
  threshold: number | null;
}

/** What a drift check of a batch is told: the dataset share threshold and the columns' own rules. */
export interface DriftRules {
  share: number;
  columns: Record<string, ColumnRule>;
}

export interface TrainCommand {
  /** A shell command; `${data}` is the new batch's path (see TRAIN_PLACEHOLDERS). */
  command: string;
  /** Workspace-relative folder to run it in; null: the workspace folder. */
  cwd: string | null;
}

export interface WatchedStage {
  model: string;
  stage: string;
  /** A workspace-relative glob (`/` separators) of the batch files. */
  batches: string;
  reference: BatchReference;
  rules: DriftRules;
  /** Columns whose drift alone makes the version unhealthy. */
  important: string[];
  /** Evaluation metric → how much worse than at registration it may get before the version is degraded. */
  metricMargins: Record<string, number>;
  /** Line of the stage's entry in monitor.yaml (1-based), to point at it. */
  line: number;
}

export interface MonitoredModel {
  name: string;
  train: TrainCommand | null;
  stages: WatchedStage[];
}

export interface MonitorConfig {
  models: MonitoredModel[];
}

/** Something wrong in monitor.yaml, where it is. */
export type MonitorConfigError = ConfigProblem;

export function formatConfigError(error: MonitorConfigError): string {
  return `${error.file}:${error.line}:${error.column}: ${error.message}`;
}

/** Every stage watched, in the file's order. */
export function watchedStages(config: MonitorConfig): WatchedStage[] {
  return config.models.flatMap((m) => m.stages);
}
