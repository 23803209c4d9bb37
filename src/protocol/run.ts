import { isRecord } from '../common/records';
import { LIMITS } from './limits';
import { isArtifactRef, isRequestId, type ArtifactTreeView, type FromRunArtifactsWebview, type ToRunArtifactsWebview } from './runArtifacts';
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
  /** What tells it apart from the runs of its experiment shown under the same name (core/runLabels.ts); null when none does. */
  qualifier: string | null;
  status: string;
  /** Still running by its source, but with no new data for longer than the staleRunHours setting: its process most likely died. */
  stale: boolean;
  /** For a running run, when anything was last recorded for it; else null. */
  lastUpdate: number | null;
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
}

/**
 * `preview`: the tab is the details preview, which the next run shown replaces (as VS Code's preview
 * editors), until the user keeps it open.
 */
export type ToRunWebview =
  /** `artifacts`: the run's artifact folders as listed now; null while the run's files are not on this machine or the workspace is gone. */
  | { type: 'state'; folder: string; run: RunDetails; preview: boolean; artifacts: ArtifactTreeView | null }
  | { type: 'missing'; folder: string; runId: string; preview: boolean }
  | ToRunArtifactsWebview;

/** `keepOpen`: the user keeps the preview tab, so the next run shown opens in another. */
export type FromRunWebview = { type: 'ready' } | { type: 'copy'; text: string } | { type: 'keepOpen' } | FromRunArtifactsWebview;

/** The webview is input like any other: anything that is not exactly a known message is dropped. */
export function parseFromRunWebview(message: unknown): FromRunWebview | undefined {
  if (!isRecord(message)) return undefined;
  switch (message.type) {
    case 'ready':
      return keysAre(message) ? { type: 'ready' } : undefined;
    case 'copy':
      return keysAre(message, 'text') && isText(message.text, LIMITS.copiedText) ? { type: 'copy', text: message.text } : undefined;
    case 'keepOpen':
      return keysAre(message) ? { type: 'keepOpen' } : undefined;
    case 'refreshArtifacts':
      return keysAre(message) ? { type: 'refreshArtifacts' } : undefined;
    case 'previewArtifact':
      return keysAre(message, 'id', 'root', 'path') && isRequestId(message.id) && isArtifactRef(message)
        ? { type: 'previewArtifact', id: message.id, root: message.root, path: message.path }
        : undefined;
    case 'openArtifact':
    case 'revealArtifact':
    case 'copyArtifactPath':
      return keysAre(message, 'root', 'path') && isArtifactRef(message) ? { type: message.type, root: message.root, path: message.path } : undefined;
    default:
      return undefined;
  }
}

/** The run a panel shows: its workspace folder (a path) and its id. */
export interface RunPanelTarget {
  folder: string;
  runId: string;
}

/** What the webview keeps across reloads (getState/setState) so the serializer can restore it, as the preview or kept open. */
export interface RunPanelState extends RunPanelTarget {
  preview: boolean;
}

/** A saved panel state; one saved before previews existed was a kept tab. */
export function parseRunPanelState(state: unknown): RunPanelState | undefined {
  const target = parseRunPanelTarget(state);
  return target && { ...target, preview: isRecord(state) && state.preview === true };
}

export function parseRunPanelTarget(value: unknown): RunPanelTarget | undefined {
  return isRecord(value) && typeof value.folder === 'string' && isText(value.runId) ? { folder: value.folder, runId: value.runId } : undefined;
}
