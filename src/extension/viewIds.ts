// The tree views' ids (package.json's contributes.views), in a module of their own: the light
// entry (extension.ts) creates the views before the features behind them are loaded.
export const MODELS_VIEW_ID = 'modelLedger.models';
export const EXPERIMENTS_VIEW_ID = 'modelLedger.experiments';
export const HISTORY_VIEW_ID = 'modelLedger.history';
/** What dragging versions out of the Models view gives (registry/versionArtifactDrag.ts): a file URI list. */
export const MODELS_DRAG_MIME_TYPE = 'text/uri-list';
