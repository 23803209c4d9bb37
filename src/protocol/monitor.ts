import { isRecord } from '../common/records';
import { keysAre, isText } from './validate';

/**
 * Messages between the extension and the Monitoring panel of one model. The webview sends
 * `ready` first; the host answers with a full `state` snapshot and sends a new one whenever the
 * model's checks (or its evaluations) change, never a delta.
 */

/** One checked batch of a watched stage: a point of the drift share's time series. */
export interface MonitorBatch {
  checkId: number;
  batchPath: string;
  /** Milliseconds since the epoch. */
  checkedAt: number;
  /** The version holding the stage when the batch was checked. */
  version: string | null;
  rows: number;
  driftShare: number;
  datasetDrift: boolean;
  /** Columns that drifted in this batch, most drifted first. */
  drifted: string[];
}

/** A column's drift score per batch of a stage (null where the batch had no such column). */
export interface MonitorFeature {
  column: string;
  test: string;
  /** Higher is more drifted; the column drifts at or above its threshold (1 - p for p-value tests). */
  scores: (number | null)[];
  drift: boolean[];
  /** Where the score turns into drift: the threshold, or 1 - threshold for p-value tests. */
  threshold: number | null;
  important: boolean;
}

export interface MonitorStage {
  stage: string;
  /** Dataset drift when the share of drifted columns is at least this. */
  shareThreshold: number;
  /** Oldest first. */
  batches: MonitorBatch[];
  /** Columns that drifted in at least one batch, the most drifted (at their worst) first. */
  features: MonitorFeature[];
}

/** An evaluation metric's value at a time (an evaluation run linked to a version). */
export interface MonitorEvaluationPoint {
  metric: string;
  at: number;
  value: number;
  version: string | null;
  /** The batch the evaluation ran on, when known. */
  batchPath: string | null;
}

export interface MonitorState {
  model: string;
  stages: MonitorStage[];
  evaluations: MonitorEvaluationPoint[];
  /** What is wrong with monitor.yaml or the stages, in words (a config error, a stage no version holds). */
  problems: string[];
  /** Batches are watched: monitor.yaml names this model. */
  watched: boolean;
  saved: MonitorPanelState;
}

export type ToMonitorWebview = { type: 'state'; state: MonitorState };

export type FromMonitorWebview =
  | { type: 'ready' }
  /** Opens a check's drift report. */
  | { type: 'openReport'; checkId: number }
  /** Opens a batch file (the host checks it is one of the model's batches). */
  | { type: 'openBatch'; path: string }
  | { type: 'openConfig' };

/** The webview is input like any other: anything that is not exactly a known message is dropped. */
export function parseFromMonitorWebview(message: unknown): FromMonitorWebview | undefined {
  if (!isRecord(message)) return undefined;
  const m = message;
  switch (m.type) {
    case 'ready':
      return keysAre(m) ? { type: 'ready' } : undefined;
    case 'openReport':
      return keysAre(m, 'checkId') && Number.isSafeInteger(m.checkId) && (m.checkId as number) > 0 ? { type: 'openReport', checkId: m.checkId as number } : undefined;
    case 'openBatch':
      return keysAre(m, 'path') && isText(m.path) ? { type: 'openBatch', path: m.path } : undefined;
    case 'openConfig':
      return keysAre(m) ? { type: 'openConfig' } : undefined;
    default:
      return undefined;
  }
}

/** What the webview keeps across reloads, so the serializer can reopen the same model's panel. */
export interface MonitorPanelState {
  folder: string;
  model: string;
}

export function parseMonitorPanelState(state: unknown): MonitorPanelState | undefined {
  if (!isRecord(state) || !isText(state.folder) || !isText(state.model)) return undefined;
  return { folder: state.folder, model: state.model };
}
