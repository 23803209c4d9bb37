// Imported first by each webview: loads the strings VS Code's display language gives the
// extension, which the host puts on the page (`data-l10n` of #app), before any string is read.
import * as l10n from '@vscode/l10n';

const bundle = document.getElementById('app')?.dataset.l10n;
if (bundle) l10n.config({ contents: bundle });

/** A user-facing string in the display language: `{0}`, `{1}` are replaced by `args`. */
export const t: (message: string, ...args: (string | number)[]) => string = l10n.t;
