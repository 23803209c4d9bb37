import type { FromRunWebview, RunPanelState } from '../../src/protocol/run';

/** What the webview saves: the host's panel state plus its own choices (the host's parser ignores the rest). */
export interface RunSavedState extends RunPanelState {
  /** The step each image key's slider was at, so a reload keeps the user's place. */
  imageSteps: Record<string, number>;
}

interface VsCodeApi {
  postMessage(message: FromRunWebview): void;
  setState(state: RunSavedState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page. */
export const vscode = acquireVsCodeApi();

