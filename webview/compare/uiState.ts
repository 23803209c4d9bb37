import { isRecord } from '../../src/common/records';
import { savedSteps } from '../shared/media/steps';
/** The webview's own choices, which the host does not know about: saved with setState, restored on reload. */
export interface UiState {
  /** EMA weight, 0 (off) … 0.99. */
  smoothing: number;
  logY: boolean;
  scatterParam: string | null;
  scatterMetric: string | null;
  /** Param and metric keys that are axes of the parallel coordinates, as `param:<key>` / `metric:<key>`. */
  parallelAxes: string[];
  /** Sections folded away: table sections (`param`, `metric`, …) and page sections (`charts`, `code`, …). */
  collapsed: string[];
  /** The Media section's step per image key, so a reload keeps the user's place. */
  mediaSteps: Record<string, number>;
}

export const DEFAULT_UI: UiState = { smoothing: 0, logY: false, scatterParam: null, scatterMetric: null, parallelAxes: [], collapsed: [], mediaSteps: {} };

/** The `ui` of a saved state, each field falling back to its default when it does not read back. */
export function readUiState(saved: unknown): UiState {
  const ui = isRecord(saved) && isRecord(saved.ui) ? saved.ui : {};
  const smoothing = typeof ui.smoothing === 'number' && ui.smoothing >= 0 && ui.smoothing <= 0.99 ? ui.smoothing : DEFAULT_UI.smoothing;
  return {
    smoothing,
    logY: typeof ui.logY === 'boolean' ? ui.logY : DEFAULT_UI.logY,
    scatterParam: typeof ui.scatterParam === 'string' ? ui.scatterParam : null,
    scatterMetric: typeof ui.scatterMetric === 'string' ? ui.scatterMetric : null,
    parallelAxes: textList(ui.parallelAxes),
    collapsed: textList(ui.collapsed),
    mediaSteps: savedSteps(ui.mediaSteps),
  };
}

function textList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
