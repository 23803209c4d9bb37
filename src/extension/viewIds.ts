// The tree views' ids (package.json's contributes.views) and the document schemes, in a module of
// their own: the light entry (extension.ts) registers them before the features behind them load.
export const MODELS_VIEW_ID = 'modelLedger.models';
export const EXPERIMENTS_VIEW_ID = 'modelLedger.experiments';
export const HISTORY_VIEW_ID = 'modelLedger.history';
/** The schemes of the documents the features provide (registry/gitContentProvider.ts, governance/gateReports.ts): an editor restored on reload asks before they load. */
export const GIT_CONTENT_SCHEME = 'model-ledger-git';
export const GATE_REPORT_SCHEME = 'model-ledger-gate';
/** What dragging versions out of the Models view gives (registry/versionArtifactDrag.ts): a file URI list. */
export const MODELS_DRAG_MIME_TYPE = 'text/uri-list';
