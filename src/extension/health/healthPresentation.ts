import * as vscode from 'vscode';
import { formatNumber, formatTime } from '../../common/format';
import type { HealthReason, HealthState, VersionHealth } from '../../core/health/types';

const ICONS: Record<HealthState, { icon: string; color: string }> = {
  ok: { icon: 'pass', color: 'testing.iconPassed' },
  drift: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
  degraded: { icon: 'error', color: 'problemsErrorIcon.foreground' },
  unknown: { icon: 'circle-outline', color: 'descriptionForeground' },
};

export function healthIcon(state: HealthState): vscode.ThemeIcon {
  return new vscode.ThemeIcon(ICONS[state].icon, new vscode.ThemeColor(ICONS[state].color));
}

/** The state in a word or two, for a row's description and the status bar. */
export function healthLabel(state: HealthState): string {
  switch (state) {
    case 'ok':
      return vscode.l10n.t('healthy');
    case 'drift':
      return vscode.l10n.t('drift');
    case 'degraded':
      return vscode.l10n.t('degraded');
    case 'unknown':
      return vscode.l10n.t('not checked');
  }
}

/** One reason as a sentence of the tooltip. */
export function reasonText(reason: HealthReason): string {
  const percent = (share: number) => `${formatNumber(share * 100)} %`;
  switch (reason.kind) {
    case 'dataset-drift':
      return vscode.l10n.t(
        'Dataset drift{0}: {1} of the columns drifted (threshold {2}) in batch {3}, checked {4}.',
        stagePart(reason.stage),
        percent(reason.driftShare),
        percent(reason.shareThreshold),
        reason.batch,
        formatTime(reason.checkedAt),
      );
    case 'important-column-drift':
      return vscode.l10n.t('Important column {0} drifted{1} (score {2}) in batch {3}, checked {4}.', reason.column, stagePart(reason.stage), formatNumber(reason.score), reason.batch, formatTime(reason.checkedAt));
    case 'metric-degraded':
      return vscode.l10n.t(
        '{0} is {1} in evaluation run {2} ({3}), against {4} at registration: {5} worse, past the margin of {6} ({7} is better).',
        reason.metric,
        formatNumber(reason.evaluated),
        reason.runId,
        formatTime(reason.at),
        formatNumber(reason.registered),
        formatNumber(reason.worseBy),
        formatNumber(reason.margin),
        reason.direction === 'lower' ? vscode.l10n.t('lower') : vscode.l10n.t('higher'),
      );
    case 'checked-ok':
      return vscode.l10n.t('No dataset drift{0} in batch {1} ({2} of the columns drifted), checked {3}.', stagePart(reason.stage), reason.batch, percent(reason.driftShare), formatTime(reason.checkedAt));
    case 'evaluated-ok':
      return reason.metrics === 1
        ? vscode.l10n.t('Evaluation run {0} ({1}): 1 metric within its margin.', reason.runId, formatTime(reason.at))
        : vscode.l10n.t('Evaluation run {0} ({1}): {2} metrics within their margins.', reason.runId, formatTime(reason.at), reason.metrics);
    case 'not-checked':
      return reason.stage === null ? vscode.l10n.t('Nothing was checked yet.') : vscode.l10n.t('The data of {0} has not been checked yet.', reason.stage);
  }
}

function stagePart(stage: string | null): string {
  return stage === null ? '' : vscode.l10n.t(' in the data of {0}', stage);
}

/** The health's section of a version's tooltip: its state, then why. */
export function appendHealthTooltip(md: vscode.MarkdownString, health: VersionHealth): void {
  md.appendMarkdown(`\n\n---\n\n$(${ICONS[health.state].icon}) **`).appendText(vscode.l10n.t('Health: {0}', healthLabel(health.state))).appendMarkdown('**\n\n');
  for (const reason of health.reasons) md.appendMarkdown('- ').appendText(reasonText(reason)).appendMarkdown('\n');
}
