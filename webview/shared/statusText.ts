import { t } from './l10n';

/** A run status in the display language; an unknown one as it came. */
export function statusText(status: string): string {
  const texts: Record<string, string> = { running: t('running'), scheduled: t('scheduled'), finished: t('finished'), failed: t('failed'), killed: t('killed') };
  return texts[status] ?? status;
}
