import * as vscode from 'vscode';

/** Model Ledger's context keys (for `when` clauses in package.json) and the type of each value. */
interface ContextKeyValues {
  /** True when the workspace has folders and none of them is in a git repository: registry commands are off. */
  'modelLedger.noGitRepository': boolean;
  /** True when the Experiments view's runs are sorted or filtered other than by default: "Clear Sort and Filter" shows. */
  'modelLedger.runQueryActive': boolean;
  /** True when the Experiments view's selection is one or more runs: the run commands show in the palette, F2 and Delete act. */
  'modelLedger.runsSelected': boolean;
  /** True when the Experiments view lists deleted experiments and runs: Hide Deleted shows in its menu instead of Show Deleted. */
  'modelLedger.showingDeleted': boolean;
  /** True when the active editor is the run details preview (the tab the next run shown replaces): Keep Open shows. */
  'modelLedger.runDetailsPreview': boolean;
  /** True when the History view is filtered: "Clear History Filter" shows. */
  'modelLedger.historyFiltered': boolean;
  /** The paths (of their URIs) of the run sources imported so far: the Explorer offers Import Runs… on them. */
  'modelLedger.runSources': string[];
  /** True when a workspace folder is connected to a team store: Disconnect Team Store and Sync with Team Store show. */
  'modelLedger.teamConnected': boolean;
}

export function setContextKey<K extends keyof ContextKeyValues>(key: K, value: ContextKeyValues[K]): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
