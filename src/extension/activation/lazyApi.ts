import type { ModelLedgerApi } from '../features';

/** Every property of the API: `satisfies` refuses a name it does not have, {@link Complete} one left out. */
const API_KEYS = [
  'stores', 'experiments', 'experimentsView', 'runsSelected', 'selection', 'runFeedback', 'models', 'runPanels', 'comparePanels', 'driftPanels', 'imports',
  'importProgress', 'initialImport', 'registry', 'history', 'health', 'registryReady', 'batchWatcher', 'monitorPanels', 'monitorReady', 'modelsDrag', 'team',
  'teamStatusBar', 'teamReady',
] as const satisfies readonly (keyof ModelLedgerApi)[];
type Complete<K extends readonly (keyof ModelLedgerApi)[]> = [Exclude<keyof ModelLedgerApi, K[number]>] extends [never] ? K : { leftOut: Exclude<keyof ModelLedgerApi, K[number]> };
const KEYS: Complete<typeof API_KEYS> = API_KEYS;

/**
 * The API activate() returns before the features are loaded: reading any property loads them
 * (synchronously, once) and gives the real one, so callers use it right after activation as if
 * it had been built then. It has no `then`: VS Code awaits what activate() returns.
 */
export function lazyApi(load: () => ModelLedgerApi): ModelLedgerApi {
  const api = {} as ModelLedgerApi;
  for (const key of KEYS) Object.defineProperty(api, key, { enumerable: true, get: () => load()[key] });
  return api;
}
