import type { TagDataset } from '../tagMessage';
import type { DatasetInput, Run } from '../types';
import type { MetricAgainstRegistered } from './evaluation';

/** A dataset of a version, with where Model Ledger learnt of it. */
export interface VersionDataset extends TagDataset {
  /** Listed in the version's tag (at registration). */
  inTag: boolean;
  /** Logged as an input by the version's source run (MLflow inputs, the run log, dvc.lock). */
  loggedByRun: boolean;
}

/** A run that evaluates a version, with its data and the metrics it shares with the registered ones. */
export interface Evaluation {
  run: Run;
  inputs: DatasetInput[];
  metrics: MetricAgainstRegistered[];
}
