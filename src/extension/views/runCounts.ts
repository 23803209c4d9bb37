import * as vscode from 'vscode';

/** "79 runs", "1 run". */
export function runsText(count: number): string {
  return count === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', count);
}

/**
 * "79 runs · 69 deleted": runs not deleted, then deleted ones, which the views hide unless Show
 * Deleted is on; the two add up to what the source holds. The Experiments view and the import
 * messages say it in these words.
 */
export function runsAndDeletedText(shown: number, deleted: number): string {
  return deleted === 0 ? runsText(shown) : vscode.l10n.t('{0} · {1} deleted', runsText(shown), deleted);
}
