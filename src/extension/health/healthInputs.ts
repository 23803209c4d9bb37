import type * as vscode from 'vscode';
import type { DriftCheckSummary, Evaluation, MetricMargins } from '../../core/health/types';

/** A stage `.modelledger/monitor.yaml` watches: new batches of its data are checked. */
export interface WatchedStage {
  model: string;
  stage: string;
}

/** monitor.yaml's `train: {command, cwd}`: how a model is trained (cwd relative to the checkout). */
export interface TrainCommand {
  command: string;
  cwd: string | null;
}

/**
 * What the health rules and Retrain from Version read from monitoring (monitor.yaml, the kept drift
 * checks) and from evaluations. The monitoring and evaluation parts implement it; each method
 * takes the workspace folder's path and answers from what is already read (no I/O per call: the
 * Models view asks for every version row). `onDidChange` fires when any answer may have changed
 * (a new check, an edited monitor.yaml, a new evaluation).
 */
export interface HealthInputs {
  watchedStages(folder: string): readonly WatchedStage[];
  /** The latest check of the data `model`'s `stage` sees; undefined when none was made. */
  latestCheck(folder: string, model: string, stage: string): DriftCheckSummary | undefined;
  /** Columns whose drift alone makes the stage's version unhealthy. */
  importantColumns(folder: string, model: string, stage: string): readonly string[];
  /** The margins of `model`'s evaluation metrics. */
  margins(folder: string, model: string): MetricMargins;
  /** The evaluation runs of a version, any order. */
  evaluations(folder: string, model: string, version: string): readonly Evaluation[];
  trainCommand(folder: string, model: string): TrainCommand | undefined;
  readonly onDidChange: vscode.Event<void>;
}

/** A margin that tolerates noise but not a real loss: 5 % of the registered value. */
export const DEFAULT_MARGINS: MetricMargins = { relative: 0.05 };

/** Until monitoring is wired: nothing watched, nothing checked, no evaluation. */
export const NO_HEALTH_INPUTS: HealthInputs = {
  watchedStages: () => [],
  latestCheck: () => undefined,
  importantColumns: () => [],
  margins: () => DEFAULT_MARGINS,
  evaluations: () => [],
  trainCommand: () => undefined,
  onDidChange: () => ({ dispose: () => undefined }),
};
