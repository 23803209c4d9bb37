import type { DriftPanelState, FromDriftWebview } from '../../src/protocol/drift';

interface VsCodeApi {
  postMessage(message: FromDriftWebview): void;
  setState(state: DriftPanelState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page. */
export const vscode = acquireVsCodeApi();
