import type { ModelLedgerApi } from '../features';

/** Every property of the API, checked against its type both ways (one missing or unknown fails to compile). */
const API_KEYS = [
  'stores', 'experiments', 'experimentsView', 'runsSelected', 'selection', 'runFeedback', 'models', 'runPanels', 'comparePanels', 'driftPanels', 'imports',
  'importProgress', 'initialImport', 'registry', 'history', 'health', 'registryReady', 'batchWatcher', 'monitorPanels', 'monitorReady', 'modelsDrag', 'team',
  'teamStatusBar', 'teamReady',
] as const satisfies readonly (keyof ModelLedgerApi)[];
type Missing = Exclude<keyof ModelLedgerApi, (typeof API_KEYS)[number]>;
const allKeys: [Missing] extends [never] ? true : Missing = true;
void allKeys;

/**
 * The API activate() returns before the features are loaded: reading any property loads them
 * (synchronously, once) and gives the real one, so callers use it right after activation as if
 * it had been built then. It has no `then`: VS Code awaits what activate() returns.
 */
export function lazyApi(load: () => ModelLedgerApi): ModelLedgerApi {
  const api = {} as ModelLedgerApi;
  for (const key of API_KEYS) Object.defineProperty(api, key, { enumerable: true, get: () => load()[key] });
  return api;
}
