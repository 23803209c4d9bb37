import type { LinkedVersion } from '../../core/lineage/linkedVersion';
import type { Artifact, DatasetInput, GitState, RunStatus } from '../../core/types';

/** The run log format version this reader understands (docs/run-log-format.md). */
export const RUN_LOG_VERSION = 1;

export type EndStatus = Extract<RunStatus, 'finished' | 'failed' | 'killed'>;

/** One line of a run log, validated. `t` is when the line was written (ms since the epoch). */
export type RunLogEvent = StartEvent | PairsEvent | MetricsEvent | ArtifactEvent | InputEvent | EndEvent;

export interface StartEvent {
  type: 'start';
  t: number;
  runId: string;
  experiment: string;
  name: string | null;
  git: GitState | null;
  command: string | null;
  startTime: number;
  /** The writer's process and host, to tell a run whose writer died. */
  pid: number | null;
  host: string | null;
  /** The model version this run evaluates, when it is an evaluation. */
  evaluates: LinkedVersion | null;
  /** The registered version this run retrains (`retrains: "churn@v3.1.0"`). */
  retrains: LinkedVersion | null;
}

export interface PairsEvent {
  type: 'params' | 'tags';
  t: number;
  values: Record<string, string>;
}

export interface MetricsEvent {
  type: 'metrics';
  t: number;
  step: number;
  /** A Map, not an object: metric keys are arbitrary text (`__proto__` included). */
  values: Map<string, number>;
}

export interface ArtifactEvent {
  type: 'artifact';
  t: number;
  artifact: Artifact;
}

export interface InputEvent {
  type: 'input';
  t: number;
  input: DatasetInput;
}

export interface EndEvent {
  type: 'end';
  t: number;
  status: EndStatus;
}
