/** Domain types shared by every layer. Times are milliseconds since the Unix epoch. */

export const RUN_STATUSES = ['running', 'scheduled', 'finished', 'failed', 'killed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/** Where a record came from: the kind of source, its id there, and the source's path (workspace-relative). */
export interface Origin {
  source: 'native' | 'mlflow' | 'mlflow-db' | 'dvclive' | 'git' | 'demo';
  id: string | null;
  path: string | null;
}

export interface GitState {
  commit: string;
  branch: string | null;
  dirty: boolean;
}

export interface Experiment {
  id: string;
  name: string;
  deleted: boolean;
  origin: Origin;
}

export interface Run {
  id: string;
  experimentId: string;
  name: string;
  status: RunStatus;
  deleted: boolean;
  startTime: number | null;
  endTime: number | null;
  git: GitState | null;
  command: string | null;
  parentRunId: string | null;
  origin: Origin;
  /**
   * Set while what the store holds of the run is incomplete: a big run's import commits in chunks,
   * and one cut off (its process killed) stays so until an import of its source completes it.
   */
  importing?: true;
  /** Who logged the run (`user@host`), for a run pulled from the team store; absent for a run logged here. */
  owner?: string;
}

export interface MetricPoint {
  key: string;
  step: number;
  timestamp: number;
  /** NaN and ±Infinity are legal values and are kept as such. */
  value: number;
}

/** Summary of one metric series; min and max ignore NaN and ±Infinity (null when no finite point). */
export interface MetricSummary {
  count: number;
  last: number;
  lastStep: number;
  min: number | null;
  max: number | null;
}

export interface Artifact {
  path: string;
  sha256: string | null;
  size: number | null;
}

/** A dataset a run read: its path (or URI) and, when known, its content hash. */
export interface DatasetInput {
  path: string;
  sha256: string | null;
  /** What the run said it used it for, when it said (MLflow's `mlflow.data.context`: train, eval…). */
  context?: string;
}

export interface ModelVersion {
  model: string;
  version: string;
  runId: string | null;
  commit: string | null;
  /**
   * The artifact in this workspace: for the git registry, the file or folder registered; for a
   * version imported from MLflow, the copy of its artifact found in the imported store, else null.
   */
  artifact: Artifact | null;
  /**
   * Where an imported registry said the artifact was, as it said it (MLflow's `source`: often
   * another machine's `file:` path, a server's `mlflow-artifacts:` URI, `runs:/…` or `models:/…`);
   * null for the git registry.
   */
  artifactSource: string | null;
  description: string | null;
  metrics: Record<string, number>;
  createdAt: number;
  createdBy: string | null;
  deregistered: boolean;
  origin: Origin;
}

export interface RegisteredModel {
  name: string;
  description: string | null;
  deprecated: boolean;
  createdAt: number;
}

export type StageAction = 'assign' | 'unassign';

export interface StageEvent {
  model: string;
  version: string;
  stage: string;
  action: StageAction;
  at: number;
  actor: string | null;
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string | null;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}
