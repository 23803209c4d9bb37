import * as l10n from '@vscode/l10n';

/** A run status in the display language; an unknown one as it came. */
export function statusText(status: string): string {
  const texts: Record<string, string> = { running: l10n.t('running'), scheduled: l10n.t('scheduled'), finished: l10n.t('finished'), failed: l10n.t('failed'), killed: l10n.t('killed') };
  return texts[status] ?? status;
}
