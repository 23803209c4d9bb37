// Imported first by each webview: loads the strings VS Code's display language gives the
// extension, which the host puts on the page (`data-l10n` of #app), before any string is read.
// Webview code then calls `l10n.t` of @vscode/l10n itself, which @vscode/l10n-dev finds for the bundle.
import * as l10n from '@vscode/l10n';

const bundle = document.getElementById('app')?.dataset.l10n;
if (bundle) l10n.config({ contents: bundle });
