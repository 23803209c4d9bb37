import type { DriftCheckSummary } from '../health/types';
import type { MetricAgainstRegistered } from '../lineage/evaluation';
import type { DatasetRole } from '../tagMessage';

/** What Model Ledger knows about a version, for its model card: plain data, gathered by the registry layer. */
export interface CardFacts {
  model: string;
  version: string;
  /** The version's description now (a later edit's over its registration's). */
  description: string | null;
  labels: string[];
  /** The model's, from dvc.yaml or artifacts.yaml. */
  modelDescription: string | null;
  modelLabels: string[];
  /** Set while the model is deprecated: the reason, '' when none was given. */
  deprecation: { reason: string } | null;
  deregistered: boolean;
  registeredAt: number;
  registeredBy: string | null;
  commit: string;
  tag: string | null;
  /** The working tree had uncommitted changes at registration. */
  dirty: boolean;
  run: { id: string; name: string | null } | null;
  artifact: { path: string; sha256: string | null } | null;
  /** The source run's metrics at registration. */
  metrics: Record<string, number>;
  stages: string[];
  datasets: { path: string; sha256: string | null; role: DatasetRole }[];
  evaluations: CardEvaluation[];
  /** The latest drift check of each stage the version holds (null: none yet). */
  drift: { stage: string; check: DriftCheckSummary | null }[];
}

export interface CardEvaluation {
  runId: string;
  runName: string | null;
  /** Start of the run, ms since the epoch; null when unknown. */
  at: number | null;
  data: { path: string; sha256: string | null }[];
  metrics: MetricAgainstRegistered[];
}
