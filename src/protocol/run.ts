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
  if (typeof message !== 'object' || message === null) return undefined;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return Object.keys(m).length === 1 ? { type: 'ready' } : undefined;
    case 'copy':
      return typeof m.text === 'string' && m.text.length <= 10_000 && Object.keys(m).length === 2 ? { type: 'copy', text: m.text } : undefined;
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
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  return typeof s.folder === 'string' && typeof s.runId === 'string' ? { folder: s.folder, runId: s.runId } : undefined;
}
