/**
 * A version's health: whether the data its stages now see is still like its training data, and
 * whether it still scores as it did when it was registered. The inputs are plain data, so the
 * rules stay pure and the monitoring, lineage and evaluation parts feed them however they store it.
 */

import type { Direction } from '../../common/direction';

/** Worst last: `unknown` means nothing was checked; `drift` and `degraded` are unhealthy. */
export type HealthState = 'ok' | 'drift' | 'degraded' | 'unknown';

/** The latest drift check of the data a stage sees: the summary of one batch's DriftReport. */
export interface DriftCheckSummary {
  /** Milliseconds since the epoch. */
  checkedAt: number;
  /** The batch checked: a file path (relative to the workspace folder) or a label. */
  batch: string;
  datasetDrift: boolean;
  driftShare: number;
  shareThreshold: number;
  /** The columns found drifted, each with its score (higher is more drifted). */
  driftedColumns: readonly { name: string; score: number }[];
}

/** An evaluation run of a version: its metrics on some data, at some time. */
export interface Evaluation {
  runId: string;
  /** Milliseconds since the epoch. */
  at: number;
  metrics: Readonly<Record<string, number>>;
}

/**
 * How much worse than at registration an evaluation metric may get before the version is
 * degraded: relative (0.05: 5 % of the registered value) unless `absolute` is set for the metric.
 */
export interface MetricMargins {
  /** The margin of metrics not listed below, relative to the registered value. */
  relative: number;
  /** Per metric: an absolute margin in the metric's own unit. */
  absolute?: Readonly<Record<string, number>>;
  /** Per metric: the user's direction, over the one guessed from the name. */
  directions?: Readonly<Record<string, Direction>>;
}

/** Everything the rules look at for one version in one stage (or in none). */
export interface HealthInput {
  /** The stage whose data the check is of; null for a version in no stage. */
  stage: string | null;
  latestCheck: DriftCheckSummary | null;
  /** Columns whose drift alone makes the version unhealthy, whatever the share. */
  importantColumns: readonly string[];
  /** The metrics the version was registered with (its tag's snapshot). */
  registeredMetrics: Readonly<Record<string, number>>;
  evaluations: readonly Evaluation[];
  margins: MetricMargins;
}

export type HealthReason =
  | { kind: 'dataset-drift'; stage: string | null; batch: string; driftShare: number; shareThreshold: number; checkedAt: number }
  | { kind: 'important-column-drift'; stage: string | null; batch: string; column: string; score: number; checkedAt: number }
  | {
      kind: 'metric-degraded';
      metric: string;
      direction: Direction;
      registered: number;
      evaluated: number;
      /** How far past registration, in the worse direction (positive), and the margin it exceeds. */
      worseBy: number;
      margin: number;
      runId: string;
      at: number;
    }
  | { kind: 'checked-ok'; stage: string | null; batch: string; driftShare: number; checkedAt: number }
  | { kind: 'evaluated-ok'; runId: string; at: number; metrics: number }
  | { kind: 'not-checked'; stage: string | null };

export interface VersionHealth {
  state: HealthState;
  /** Why, most serious first: the tooltip's lines. */
  reasons: HealthReason[];
  /**
   * What an alert is about, so that it is raised once: the drift check's batch, else the
   * evaluation run that showed the degradation; null when healthy or unknown.
   */
  alertKey: string | null;
}
