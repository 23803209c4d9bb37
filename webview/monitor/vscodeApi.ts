import type { FromMonitorWebview, MonitorPanelState } from '../../src/protocol/monitor';

interface VsCodeApi {
  postMessage(message: FromMonitorWebview): void;
  setState(state: MonitorPanelState): void;
  getState(): unknown;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page. */
export const vscode = acquireVsCodeApi();
