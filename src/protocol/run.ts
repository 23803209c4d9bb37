import { isRecord } from '../common/records';
import { LIMITS } from './limits';
import { isText, keysAre } from './validate';

/**
 * Messages between the extension and the run details webview. The webview sends `ready` first;
 * the host answers with a full `state` snapshot (never deltas) and sends a new one on change.
 */

export interface RunDetailsMetric {
  key: string;
  count: number;
  /** Numbers as displayed: NaN and ±Infinity survive postMessage as strings. */
  last: string;
  min: string;
  max: string;
}

export interface RunDetails {
  id: string;
  name: string;
  status: string;
  experiment: string;
  startTime: number | null;
  endTime: number | null;
  commit: string | null;
  branch: string | null;
  dirty: boolean;
  command: string | null;
  source: string;
  params: [string, string][];
  tags: [string, string][];
  metrics: RunDetailsMetric[];
  artifacts: { path: string; sha256: string | null; size: number | null }[];
}

export type ToRunWebview = { type: 'state'; folder: string; run: RunDetails } | { type: 'missing'; runId: string };

export type FromRunWebview = { type: 'ready' } | { type: 'copy'; text: string };

/** The webview is input like any other: anything that is not exactly a known message is dropped. */
export function parseFromRunWebview(message: unknown): FromRunWebview | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return keysAre(message) ? { type: 'ready' } : undefined;
    case 'copy':
      return keysAre(message, 'text') && isText(message.text, LIMITS.copiedText) ? { type: 'copy', text: message.text } : undefined;
    default:
      return undefined;
  }
}

/** What the webview keeps across reloads (getState/setState) so the serializer can restore it. */
export interface RunPanelState {
  folder: string;
  runId: string;
}

export function parseRunPanelState(state: unknown): RunPanelState | undefined {
  return isRecord(state) && typeof state.folder === 'string' && isText(state.runId) ? { folder: state.folder, runId: state.runId } : undefined;
}
