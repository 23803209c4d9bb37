import type { ComparePanelState, FromCompareWebview } from '../../src/protocol/compare';
import type { UiState } from './uiState';

/** What the webview saves: the host's panel state plus its own UI choices (the host's parser ignores `ui`). */
export type SavedState = ComparePanelState & { ui: UiState };

interface VsCodeApi {
  postMessage(message: FromCompareWebview): void;
  setState(state: SavedState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page. */
export const vscode = acquireVsCodeApi();
